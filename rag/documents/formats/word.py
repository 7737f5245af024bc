"""Word (.docx) documents as lines of text.

Each paragraph is a line, each table row a line of tab-separated cells. Headings get
Markdown ``#`` marks for their level (rag.chunking reads those). Word's automatic
numbering is not part of a paragraph's text, but 一、 and （一） are what section
detection looks for, so the number is computed from the numbering definitions and
written in front of the text.

The zip container is checked before python-docx opens it: large declared totals and extreme
compression ratios are refused up front, and then every member is inflated once with a hard
cap on the bytes actually produced, so a member that lies about its size is refused too.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from lxml import etree

from rag.documents.formats.base import UnsupportedDocument, cell_span, merged_header, metadata_lines, metadata_pairs

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_RATIO = 100  # inflated/compressed; real .docx XML stays far below
MAX_BLOCKS = 100_000  # paragraphs and tables; a long official document has a few thousand
_RATIO_GRACE_BYTES = 1024 * 1024  # tiny members may compress extremely well and harm nobody
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_TEXT_XPATH = "./w:r | ./w:hyperlink | ./w:ins/w:r | ./w:fldSimple/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r"


def _inflated_size(data: bytes, member: zipfile.ZipInfo, cap: int) -> int:
    """The bytes ``member`` really inflates to, counted up to ``cap`` (then ``cap + 1``), whatever its header
    declares: the compressed stream is inflated in pieces whose output is thrown away."""
    name_len, extra_len = struct.unpack_from("<HH", data, member.header_offset + 26)
    start = member.header_offset + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        return min(len(raw), cap + 1)
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError(f"zip member {member.filename} uses compression method {member.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    for at in range(0, len(raw), 1 << 16):
        pending = bytes(raw[at : at + (1 << 16)])
        while pending and produced <= cap:
            produced += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
        if produced > cap:
            return cap + 1
    return produced


def _check_zip(data: bytes, file_name: str) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedDocument(file_name, f"not a valid .docx file (not a zip archive: {exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise UnsupportedDocument(file_name, f"not a valid .docx file ({len(members)} zip members)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsupportedDocument(
            file_name,
            f"refused: it would inflate to {total / 2**20:.0f} MB, over the {MAX_UNCOMPRESSED_BYTES // 2**20} MB "
            "limit (zip bomb?)",
        )
    for m in members:
        if m.file_size > _RATIO_GRACE_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise UnsupportedDocument(
                file_name, f"refused: zip member {m.filename} is compressed more than {MAX_RATIO}:1 (zip bomb?)"
            )
    if "word/document.xml" not in {m.filename for m in members}:
        raise UnsupportedDocument(file_name, "not a valid .docx file (no word/document.xml; an .xlsx or .pptx?)")
    # Declared sizes can lie: count what the members really inflate to, with a hard cap on the bytes produced.
    left = MAX_UNCOMPRESSED_BYTES
    for m in members:
        try:
            real = _inflated_size(data, m, left)
        except (ValueError, zlib.error, struct.error) as exc:
            raise UnsupportedDocument(file_name, f"not a valid .docx file ({exc})") from exc
        if real > left or real > max(m.file_size, 0) + 1024:
            raise UnsupportedDocument(
                file_name, f"refused: zip member {m.filename} inflates to more than it declares "
                           f"({m.file_size} bytes) or past the {MAX_UNCOMPRESSED_BYTES // 2**20} MB limit (zip bomb?)")
        left -= real


# ---- numbering -------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """一, 十, 十一, 二十三, 一百零五: Word's chineseCounting for 1-999."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_DIGITS[ones] if ones else "")


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, n = divmod(n, value)
        out += numeral * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 0 < n <= 20 else str(n),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "taiwaneseCounting": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n).translate(
        str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")
    ),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str  # w:lvlText, e.g. "%1、" or "（%2）"
    suffix: str  # what follows the number: tab, space or nothing


def _val(parent: etree._Element, tag: str, default: str | None = None) -> str | None:
    child = parent.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's list counters, advanced paragraph by paragraph as Word does when it lays out the document."""

    def __init__(self, numbering: etree._Element | None) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> abstractNumId, start overrides
        self._counters: dict[str, dict[int, int]] = {}  # per abstract list: level -> current value
        self._started: set[str] = set()  # numIds whose start overrides were applied
        self.linked_styles: dict[str, int] = {}  # styleId -> level, for heading styles linked to a list
        if numbering is None:
            return
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = _Level(
                    start=_int(_val(lvl, "w:start"), 1),
                    fmt=_val(lvl, "w:numFmt", "decimal"),
                    text=_val(lvl, "w:lvlText", ""),
                    suffix=_val(lvl, "w:suff", "tab"),
                )
                if _val(lvl, "w:pStyle"):
                    self.linked_styles[_val(lvl, "w:pStyle")] = ilvl
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in numbering.iterchildren(qn("w:num")):
            overrides = {
                _int(o.get(qn("w:ilvl")), 0): _int(_val(o, "w:startOverride"), 1)
                for o in num.iterchildren(qn("w:lvlOverride"))
                if _val(o, "w:startOverride") is not None
            }
            self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)

    def prefix(self, num_id: str, ilvl: int) -> str:
        """The number Word shows before the next paragraph of list ``num_id`` at level ``ilvl``."""
        abstract_id, overrides = self._nums.get(num_id, (None, {}))
        levels = self._levels.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt == "bullet":
            return ""

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            definition = levels.get(level, levels[ilvl])
            return _FORMATS.get(definition.fmt, str)(counters.get(level, definition.start))

        label = re.sub(r"%([1-9])", number, levels[ilvl].text)
        if not label or levels[ilvl].suffix == "nothing" or not label[-1].isascii():
            return label  # 一、 and （一） run straight into the text
        return label + " "


# ---- paragraphs ------------------------------------------------------------------


class _Styles:
    """Heading level and list membership of paragraphs, following each style's basedOn chain."""

    def __init__(self, document: docx.document.Document) -> None:
        self._part = document.part
        self._chains: dict[str | None, tuple[ParagraphStyle, ...]] = {}

    def chain(self, style_id: str | None) -> tuple[ParagraphStyle, ...]:
        """The style and the styles it is based on, looked up once per style (a document has few styles
        and may have hundreds of thousands of paragraphs)."""
        if style_id not in self._chains:
            styles, seen = [], set()
            style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            while style is not None and style.style_id not in seen:
                seen.add(style.style_id)
                styles.append(style)
                style = style.base_style
            self._chains[style_id] = tuple(styles)
        return self._chains[style_id]

    def heading_level(self, p: etree._Element) -> int:
        outline = _val(p.pPr, "w:outlineLvl") if p.pPr is not None else None
        for style in self.chain(p.style):
            name = (style.name or "").strip()
            match = _HEADING_STYLE_RE.match(name)
            if match:
                return int(match.group(1))
            if name.lower() in _TITLE_STYLES:
                return 1
            if outline is None and style.element.pPr is not None:
                outline = _val(style.element.pPr, "w:outlineLvl")
        return int(outline) + 1 if outline is not None and outline.isdigit() and int(outline) < 9 else 0

    def list_level(self, p: etree._Element, linked_styles: dict[str, int]) -> tuple[str, int] | None:
        """(numId, level) of a numbered paragraph: its own numPr, completed by its styles'.

        A heading style linked to a multilevel list may leave the level to the list's definition.
        """
        styles = list(self.chain(p.style))
        num_id = ilvl = None
        for ppr in [p.pPr, *(style.element.pPr for style in styles)]:
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num_pr is not None:
                num_id = num_id if num_id is not None else _val(num_pr, "w:numId")
                ilvl = ilvl if ilvl is not None else _val(num_pr, "w:ilvl")
        if num_id is None or num_id == "0":  # numId 0 switches a style's numbering off
            return None
        if ilvl is None:
            ilvl = next((linked_styles[s.style_id] for s in styles if s.style_id in linked_styles), 0)
        return num_id, _int(ilvl, 0)


def _paragraph_text(p: etree._Element) -> str:
    """Runs, hyperlinks, tracked insertions and simple fields; deleted text stays out."""
    return "".join(r.text for r in p.xpath(_TEXT_XPATH)).strip()


def _table_lines(tbl: etree._Element) -> list[str]:
    rows, spans = [], []
    for tr in tbl.xpath("./w:tr"):
        tcs = tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc")
        cells = [" ".join(t for t in (_paragraph_text(p) for p in tc.xpath(".//w:p")) if t).replace("\n", " ")
                 for tc in tcs]
        if any(cells):
            rows.append(cells)
            spans.append([_spans(tc) for tc in tcs])
    if len(rows) >= 2 and (header := _two_row_header(rows[0], spans[0], rows[1], spans[1])) is not None:
        rows = [header, *rows[2:]]
    pairs = [metadata_pairs(cells) for cells in rows]
    if rows and any(pairs) and all(row is not None for row in pairs):  # the site's metadata table pasted into Word
        return metadata_lines(pairs)
    return ["\t".join(cells).rstrip("\t") for cells in rows]


def _spans(tc: etree._Element) -> tuple[int, str | None]:
    """The grid columns a cell spans, and its vertical merge: "restart" (it reaches down), "continue" (the cell
    above reaches here) or None."""
    span = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
    merge = tc.xpath("./w:tcPr/w:vMerge")
    return (cell_span(span[0] if span else None),
            (merge[0].get(qn("w:val")) or "continue") if merge else None)


def _two_row_header(top: list[str], top_spans: list[tuple[int, str | None]], below: list[str],
                    below_spans: list[tuple[int, str | None]]) -> list[str] | None:
    """A header of two rows as one (``base.merged_header``): every upper cell spans columns or reaches down, and
    the lower row has one plain cell per column, those under a cell that reaches down continuing it."""
    if any(colspan == 1 and merge != "restart" for colspan, merge in top_spans) or \
            any(colspan != 1 or merge == "restart" for colspan, merge in below_spans):
        return None
    reaching = [merge == "restart" for colspan, merge in top_spans for _ in range(colspan)]
    if len(reaching) != len(below) or any(r != (merge == "continue") for r, (_, merge) in
                                          zip(reaching, below_spans, strict=True)):
        return None
    return merged_header([(text, colspan) for text, (colspan, _) in zip(top, top_spans, strict=True)],
                         ["" if r else text for r, text in zip(reaching, below, strict=True)])


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs and tables in order, looking inside block-level content controls."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _blocks(content)


def docx_to_text(data: bytes, file_name: str) -> str:
    _check_zip(data, file_name)
    try:
        document = docx.Document(io.BytesIO(data))
        try:
            numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            numbering = None
        return "\n".join(_lines(document, _Numbering(numbering), file_name))
    except UnsupportedDocument:
        raise
    except Exception as exc:  # a broken package fails in many ways deep inside python-docx and lxml
        raise UnsupportedDocument(file_name, f"not a readable .docx document ({type(exc).__name__}: {exc})") from exc


def _lines(document: docx.document.Document, numbering: _Numbering, file_name: str) -> Iterator[str]:
    styles = _Styles(document)
    for count, block in enumerate(_blocks(document.element.body)):
        if count >= MAX_BLOCKS:
            raise UnsupportedDocument(file_name, f"refused: more than {MAX_BLOCKS} paragraphs and tables")
        if block.tag == qn("w:tbl"):
            yield from _table_lines(block)
            continue
        text = _paragraph_text(block)
        listed = styles.list_level(block, numbering.linked_styles)
        prefix = numbering.prefix(*listed) if listed else ""
        if not text:
            continue
        level = styles.heading_level(block)
        text = prefix + text
        yield f"{'#' * level} {text}" if level else text
