"""PDF text layers as lines of text, one per paragraph.

A PDF has no paragraphs, only lines of glyphs at positions. pypdf reports each piece of
text with its position; pieces on one baseline form a line. Lines are then joined into
paragraphs the way a reader sees them in an official document (GB/T 9704 layout):
a paragraph starts on an indented line (first-line indent, centred title, right-aligned
signature), after a line that stops short of the right margin, after a wider gap, in
another font size (a title as wide as the text block, then the addressee), or on a
numbered heading (一、 （一） 1.). Page numbers are dropped.

pypdf (not pdfminer) because it caps how far a compressed stream may inflate. pdfplumber
(pdfminer.six underneath) was weighed for issue 12: it gives words and lines with their
positions and sizes, which pypdf's text visitor already gives us; the title and addressee
merged in joining lines into paragraphs, which no such library does for us (fixed by the
font-size rule), so it would add a dependency without removing our paragraph rules.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdf

from rag.documents.formats.base import BLANK, UnsupportedDocument
from rag.documents.headings import heading_level

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_MIN_CHARS_PER_PAGE = 20  # fewer: a scan, perhaps with a stamp or a page number as text
_GARBLED_RE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")
_INDENT = 0.5  # in font sizes: more than this from the left margin is an indent
_SHORT = 1.5  # in font sizes: a line ending this far before the right margin ends its paragraph
_GAP = 1.6  # times the usual line spacing: a wider gap separates paragraphs
_CELL_GAP = 2.0  # in font sizes: a wider gap within a line separates table cells
_SIZE_CHANGE = 0.1  # a line's font this much larger or smaller than the line above starts a paragraph


@dataclass
class _Line:
    page: int
    x0: float  # where the first glyph starts (leading blanks count as indent)
    x1: float  # estimated end of the last glyph
    y: float  # baseline
    size: float  # font size
    text: str


def _advance(text: str) -> float:
    """Width in font sizes: CJK glyphs are square, so are “”、… in a Chinese font; others roughly half as wide."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _page_lines(page: pypdf.PageObject, page_no: int) -> list[_Line]:
    pieces: list[tuple[float, float, float, str]] = []  # x, y, font size, text

    def visit(text: str, cm: list, tm: list, font: object, font_size: float) -> None:
        text = text.replace("\n", "")
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]) or 1.0
        pieces.append((x, y, font_size * scale, text))

    page.extract_text(visitor_text=visit)
    rows: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: -p[1]):
        if rows and abs(rows[-1][0][1] - piece[1]) <= 0.3 * piece[2]:  # same baseline
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = [_line(sorted(row), page_no) for row in rows]
    return [ln for ln in lines if ln.text and not _PAGE_NUMBER_RE.match(ln.text)]


def _line(pieces: list[tuple[float, float, float, str]], page_no: int) -> _Line:
    """One line from its pieces in reading order.

    Leading full-width blanks count as indent; a wide gap between pieces separates table
    cells (``发文机关:  吉林省科学技术厅``) and becomes a tab.
    """
    x, y, size, first = pieces[0]
    leading = first[: len(first) - len(first.lstrip(BLANK))]
    start = x + size * (leading.count("\u3000") + 0.25 * leading.count(" "))
    text, end = "", x
    for px, _, psize, piece in pieces:
        if px > end + _CELL_GAP * psize and text.strip(BLANK):
            text = text.rstrip(BLANK) + "\t"
        text += piece
        end = max(end, px + psize * _advance(piece))
    return _Line(page_no, start, end, y, size, text.strip(BLANK))


def _read_lines(data: bytes, file_name: str) -> tuple[list[_Line], int]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedDocument(file_name, "the PDF is password-protected")
        lines = [line for i, page in enumerate(reader.pages) for line in _page_lines(page, i)]
        return lines, len(reader.pages)
    except UnsupportedDocument:
        raise
    except Exception as exc:  # malformed files fail in many ways inside pypdf
        raise UnsupportedDocument(file_name, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _paragraphs(lines: list[_Line]) -> list[str]:
    size = statistics.median(line.size for line in lines)
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    ends = sorted(line.x1 for line in lines)
    right = ends[int(0.9 * (len(ends) - 1))]  # the right margin, robust to a few overlong estimates
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and a.y > b.y]
    spacing = statistics.median(gaps) if gaps else size

    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        starts = (
            previous is None
            or line.x0 > left + _INDENT * size
            or previous.x1 < right - _SHORT * size
            or (line.page == previous.page and previous.y - line.y > _GAP * spacing)
            or heading_level(line.text) is not None
            or abs(line.size - previous.size) > _SIZE_CHANGE * min(line.size, previous.size)
        )
        if starts:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] += line.text
        previous = line
    return paragraphs


def pdf_to_text(data: bytes, file_name: str) -> str:
    lines, pages = _read_lines(data, file_name)
    visible = sum(len(line.text) for line in lines)
    if visible < _MIN_CHARS_PER_PAGE * max(pages, 1):
        raise UnsupportedDocument(
            file_name, "the PDF has no text layer (scanned?); run OCR on it or upload the text instead"
        )
    if len(_GARBLED_RE.findall("".join(line.text for line in lines))) > 0.1 * visible:
        raise UnsupportedDocument(file_name, "the PDF's text layer cannot be decoded (fonts without a Unicode map)")
    return "\n".join(_paragraphs(lines))
