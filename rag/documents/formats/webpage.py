"""The article of a web page, as lines of text, with the site's metadata table on top.

Government sites wrap the letter in navigation, banners, share buttons and footers, and
put a metadata table (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期) above it. The page
is read with lxml; boilerplate elements are dropped; the rest is laid out as lines (one
per paragraph, heading, list item, ``<br>`` or table row). The article is the element
holding the most paragraph text, plus the title heading just above it. The metadata
rows are written first, in the ``key:\\tvalue`` layout rag.documents reads.

trafilatura 2.3 (issue 12; tables kept, recall favoured) was measured against this on the
varied corpus's seven pages and the kjt.jl.gov.cn fixture: it dropped the metadata table
and the title heading on three (v02, v20, v28), kept the info bar (【打印】【关闭】) on v27
and the footer (主办单位, ICP备案号) on v33, and flattens heading levels to plain lines. Read
by our header parser, its text gave a wrong or no title on all eight pages and lost the
文号, issuer or date on three (v06, v14, v33); its own metadata has the publication date,
not 成文日期 or 文号. Ours stays.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from rag.documents import DOC_NUMBER_RE
from rag.documents.formats.base import (
    BLANK,
    UnsupportedDocument,
    cell_span,
    merged_header,
    metadata_lines,
    metadata_pairs,
)
from rag.documents.formats.text import decode_text

_DROP_TAGS = (
    "head", "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "object",
    "embed", "svg", "canvas", "button", "select", "input", "textarea", "map", "audio", "video",
)  # fmt: skip
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "caption", "section", "article", "main", "header", "footer", "blockquote", "pre",
    "center", "figure", "figcaption", "address", "hr", "body",
})  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "tr"})
# class/id words of site furniture (导航, 页头, 页脚, 分享, 版权, 面包屑 ...).
_BOILERPLATE_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|sidebar|share|copyright|"
    r"banner|toolbar|pager|pagination|login|search|topbar|bottom|related|links?)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Chinese sites name the title's element in pinyin too (bt, wzbt: 标题, 文章标题; biaoti).
_TITLE_CLASS_RE = re.compile(r"title|(?<![a-z])(?:bt|wzbt|xxbt|biaoti)(?![a-z])", re.IGNORECASE)
# A page's info bar (发布时间：… 来源：… 【字体：大 中 小】【打印】) names several of these.
_INFO_BAR_RE = re.compile(
    r"发布时间|发布日期|来源[:：]|浏览次数|点击数|阅读次数|访问量|字体[:：]|字号[:：]|打印|关闭|分享"
)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SOURCE_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES_RE = re.compile(r"[ \t\r\n\f]+")
_SUBTITLE_RE = re.compile(r"^[—－]{1,2}\s*\S")  # ——在…会议上: a report's occasion under its title
_TITLE_LOOKBACK = 6  # lines between the title and the article: date, source, font-size and print links


@dataclass
class _Line:
    element: etree._Element  # the innermost block element the line belongs to
    cells: list[str]  # one cell, or the cells of a table row
    heading: int = 0  # 1-6 for <h1>-<h6>
    labels: list[bool] | None = None  # which cells of a table row are <th>
    spans: list[tuple[int, int]] | None = None  # (colspan, rowspan) of each cell of a table row

    @property
    def text(self) -> str:
        return "\t".join(self.cells)


@dataclass
class _Layout:
    """Walks the page's tree and collects its lines; inline text is buffered until a block ends."""

    lines: list[_Line] = field(default_factory=list)
    _buffer: list[str] = field(default_factory=list)

    def walk(self, element: etree._Element, owner: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # comments have no tag name
        if tag == "br":
            self._flush(owner)
        elif tag == "tr" and _is_data_row(element):
            self._flush(owner)
            cells = [cell for cell in element if cell.tag in ("td", "th")]
            texts = [_inline_text(cell.text_content()) for cell in cells]
            self.lines.append(_Line(element, texts, labels=[cell.tag == "th" for cell in cells],
                                    spans=[(cell_span(cell.get("colspan")), cell_span(cell.get("rowspan")))
                                           for cell in cells]))
        elif tag == "dl" and _is_term_list(element):
            # <dt>文号：</dt><dd>粤建函〔2025〕318号</dd>: each term and its description are a row of two cells
            # (a site's metadata block), as a table row would be.
            self._flush(owner)
            for term in (child for child in element if child.tag == "dt"):
                described = term.getnext()
                value = _inline_text(described.text_content()) if described is not None and \
                    described.tag == "dd" else ""
                self.lines.append(_Line(element, [_inline_text(term.text_content()), value]))
        elif tag is not None:
            block = tag in _BLOCK_TAGS
            if block:
                self._flush(owner)
                owner = element
            self._buffer.append(element.text or "")
            for child in element:
                self.walk(child, owner)
                self._buffer.append(child.tail or "")
            if block:
                self._flush(owner)

    def _flush(self, owner: etree._Element) -> None:
        text = _inline_text("".join(self._buffer))
        self._buffer.clear()
        if text:
            heading = int(owner.tag[1]) if re.fullmatch(r"h[1-6]", owner.tag) else 0
            self.lines.append(_Line(owner, [text], heading))


def _merge_headers(lines: list[_Line]) -> list[_Line]:
    """A table's two header rows as one (``base.merged_header``): its first two rows, when the first spans columns."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line, below = lines[i], lines[i + 1] if i + 1 < len(lines) else None
        if line.spans is not None and below is not None and below.spans is not None and \
                _first_rows(line.element) == [line.element, below.element] and \
                (header := _two_row_header(line, below)) is not None:
            out.append(_Line(line.element, header, labels=[True] * len(header), spans=[(1, 1)] * len(header)))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _first_rows(row: etree._Element) -> list[etree._Element]:
    """The first two rows of the table ``row`` is in (a <caption>, <thead> or <tbody> may come between)."""
    table = next(row.iterancestors("table"), None)
    if table is None:
        return []
    rows = (r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table)
    return list(itertools.islice(rows, 2))


def _two_row_header(top: _Line, below: _Line) -> list[str] | None:
    """The header of exactly two rows: every upper cell spans columns or reaches down, no lower cell spans (a key and
    value table, 事项名称 | its value over three columns, has upper cells that do neither; a header of three rows
    has lower cells that span)."""
    if any(colspan == rowspan == 1 for colspan, rowspan in top.spans) or any(span != (1, 1) for span in below.spans):
        return None
    lower = iter(below.cells)
    under: list[str | None] = []
    for colspan, rowspan in top.spans:
        under += [""] * colspan if rowspan > 1 else [next(lower, None) for _ in range(colspan)]
    if None in under or next(lower, None) is not None:
        return None
    return merged_header([(text, colspan) for text, (colspan, _) in zip(top.cells, top.spans, strict=True)], under)


def _inline_text(raw: str) -> str:
    """Collapse the source's whitespace; a source line break between two CJK characters is no space."""
    return _SPACES_RE.sub(" ", _SOURCE_BREAK_RE.sub("", raw)).strip(BLANK)


def _is_term_list(element: etree._Element) -> bool:
    """A <dl> of terms each followed by one description, and nothing else."""
    children = [child for child in element if isinstance(child.tag, str)]
    return bool(children) and [c.tag for c in children] == ["dt", "dd"] * (len(children) // 2)


def _is_data_row(row: etree._Element) -> bool:
    """A table row of short cells (data), not a layout table cell holding paragraphs of its own."""
    return not any(el.tag in _BLOCK_TAGS for cell in row for el in cell.iterdescendants() if isinstance(el.tag, str))


def _parse(text: str, file_name: str) -> etree._Element:
    # Parsed from UTF-8 bytes so that lxml neither trusts the page's own charset
    # declaration nor rejects an XML declaration in a str.
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedDocument(file_name, f"not a readable HTML page ({exc})") from exc
    body = root.find("body")
    return body if body is not None else root


def _is_boilerplate(element: etree._Element, page_chars: int) -> bool:
    if element.tag in ("header", "footer"):
        # The page's own header/footer; inside an <article> they hold its title and signature.
        furniture = not any(a.tag in ("article", "main") for a in element.iterancestors())
    else:
        words = f"{element.get('class', '')} {element.get('id', '')}"
        furniture = bool(_BOILERPLATE_RE.search(words)) and element.find(".//h1") is None
    # A wrapper named "main-header" or the like that holds most of the page is no furniture.
    return furniture and len(element.text_content()) < page_chars / 2


def _drop_boilerplate(body: etree._Element) -> None:
    for element in list(body.iter(*_DROP_TAGS)):
        element.drop_tree()
    page_chars = len(body.text_content())
    for element in [e for e in body.iterdescendants() if isinstance(e.tag, str) and _is_boilerplate(e, page_chars)]:
        if element.getparent() is not None:  # not already gone with an ancestor
            element.drop_tree()


def _article(lines: list[_Line]) -> etree._Element:
    """The element holding the most paragraph text: paragraphs score for their parent, half for its parent.

    Inside an HTML5 <article>, the whole <article> (its header and footer hold the title and signature).
    """
    scores: dict[etree._Element, float] = {}
    for line in lines:
        holder = line.element
        if holder.tag in _PARAGRAPH_TAGS or not any(e.tag in _BLOCK_TAGS for e in holder.iterdescendants()):
            holder = holder.getparent() if holder.getparent() is not None else holder
        size = len(line.text)
        scores[holder] = scores.get(holder, 0) + size
        parent = holder.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + size / 2
    best = max(scores, key=scores.__getitem__)
    return next(best.iterancestors("article"), best)


def _inside(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _is_title(line: _Line, levels: tuple[int, ...] = (1, 2, 3)) -> bool:
    classes = f"{line.element.get('class', '')} {line.element.get('id', '')}"
    return line.heading in levels or bool(_TITLE_CLASS_RE.search(classes))


def _title_lines(before: list[_Line]) -> list[_Line]:
    """The title heading above the article, any 文号 line under it and a report's subtitle (——1月6日在…会议上, with
    the speaker: 镇长　某某); dates, sources and tools are left out."""
    window = before[-_TITLE_LOOKBACK:]
    for i in range(len(window) - 1, -1, -1):
        if _is_title(window[i]) and not _is_info_bar(window[i]):  # <div class="subtitle">发布时间：… 来源：…
            under = window[i + 1 :]
            numbers = [ln for ln in under if DOC_NUMBER_RE.fullmatch(ln.text.strip(BLANK))]
            subtitle = next((k for k, ln in enumerate(under) if _SUBTITLE_RE.match(ln.text)), None)
            said = [] if subtitle is None else [ln for ln in under[subtitle:] if ln.element is under[subtitle].element]
            return [window[i], *numbers, *said]
    return []


def _is_info_bar(line: _Line) -> bool:
    return len(_INFO_BAR_RE.findall(line.text)) >= 2


def _take_metadata(lines: list[_Line]) -> tuple[list[list[tuple[str, str]]], list[_Line]]:
    """The metadata table's rows and the other lines.

    The table is the first run of consecutive rows that names at least two keys; a lone
    ``标题：`` or ``主题词：`` line elsewhere is text of the page.
    """
    pairs = [metadata_pairs(line.cells, line.labels) for line in lines]
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and pairs[end] is not None:
            end += 1
        rows = pairs[start:end]
        if len({key for row in rows for key, _ in row}) >= 2:
            return rows, lines[:start] + lines[end:]
        start = end + 1
    return [], lines


def _render(line: _Line) -> str:
    return f"{'#' * line.heading} {line.text}" if line.heading else line.text


def html_to_text(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding) of a web page's article, the metadata table first."""
    source, encoding = decode_text(data, file_name)  # a <meta charset> is charset-normalizer's first guess
    body = _parse(source, file_name)
    _drop_boilerplate(body)
    layout = _Layout()
    layout.walk(body, body)

    meta_rows, lines = _take_metadata(_merge_headers(layout.lines))
    if not lines:
        return "\n".join(metadata_lines(meta_rows)) if meta_rows else "", encoding

    article = _article(lines)
    first = next(i for i, line in enumerate(lines) if _inside(line.element, article))
    kept = [line for line in lines[first:] if _inside(line.element, article) and not _is_info_bar(line)]
    if not any(_is_title(line, levels=(1,)) for line in kept[:_TITLE_LOOKBACK]):  # <h2>/<h3> inside are sections
        kept = _title_lines(lines[:first]) + kept
    text_lines = (metadata_lines(meta_rows) if meta_rows else []) + [_render(line) for line in kept]
    return "\n".join(text_lines), encoding
