"""The text of a document as lines with offsets, and the figures of a header every layout shares.

Offsets into the normalised text are what a citation points at, so nothing here changes the text
beyond a BOM and line ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# 吉科发高〔2024〕74号, 吉科发〔2024〕74号, 国办发[2020]1号 ...
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号")
# The number of the proposal or suggestion a reply answers (leading zeros aside): proposal No. 372, suggestion
# No. 0526, 第372号委员提案, 第179号建议. Not any No. (No. 1 Middle School) nor any 第…号 (2025年第1号公告).
_ITEM_NUMBER_RE = re.compile(r"\b(?:proposals?|suggestions?|motions?)\s+(?:[\w-]+\s+){0,2}?No\.?\s*0*(\d{1,6})\b|"
                             r"第\s*0*(\d{1,6})\s*号(?=[^，。,;；？?]{0,6}?(?:提案|建议|议案))", re.I)
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE_RE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
BLANK = " \t\u3000\xa0"


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # the raw line, without its newline

    @property
    def stripped(self) -> str:
        return self.text.strip(BLANK)


# Full-width digits (１，０００, ７５．０: tables set out with full-width spaces) and the separators between full-width
# digits: a point not after a line's list number (１．３００万元用于…), commas in a chain of thousands only
# (１２０，１５０，１８０平方米 is a list).
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_POINT = re.compile(r"(?<![０-９])(?P<lead>^[^\S\n]*)?(?P<whole>[０-９]+)．(?=[０-９])", re.M)
_FULL_THOUSANDS = re.compile(r"(?<![０-９．])(?<![０-９]，)(?:[０-９]{1,2}(?:，[０-９]{3})+|[０-９]{3}，[０-９]{3})"
                             r"(?![０-９，])")


def _full_point(match: re.Match) -> str:
    """７５．０ -> ７５.０; a line's list number (１．３００万元用于…) keeps its point."""
    if match.group("lead") is not None and len(match.group("whole")) <= 2:
        return match.group()
    return match.group().replace("．", ".")


def normalise_text(raw: str) -> str:
    """Drop a BOM, unify line ends and write full-width digits as ASCII ones (with a full-width point or thousands
    comma between them: ７５．０, １，０００), one character for one, so that figures read as figures; nothing else,
    so offsets stay meaningful to a reader."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _FULL_THOUSANDS.sub(lambda m: m.group().replace("，", ","), text)
    return _FULL_POINT.sub(_full_point, text).translate(_FULL_DIGITS)


def split_lines(text: str) -> list[Line]:
    lines, start = [], 0
    for raw in text.split("\n"):
        lines.append(Line(start, start + len(raw), raw))
        start += len(raw) + 1
    return lines


def iso_date(text: str) -> str | None:
    match = DATE_RE.search(text) or ISO_DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def doc_numbers(text: str) -> list[str]:
    """The 文号 ``text`` names, without spaces, each once, in order."""
    return list(dict.fromkeys(re.sub(r"\s", "", m.group()) for m in DOC_NUMBER_RE.finditer(text)))


def item_numbers(text: str) -> set[int]:
    """The proposal or suggestion numbers ``text`` names (No. 372, 第0526号), not a 文号's own 第…号."""
    return {int(a or b) for a, b in _ITEM_NUMBER_RE.findall(DOC_NUMBER_RE.sub(" ", text))}
