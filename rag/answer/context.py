"""Where a passage stands: the years and the place its document and section put around it.

Official text names its year and place once, in the title or the header (2024年兰考县人民政府工作报告),
and then writes 我县, 全市, 今年, 去年. A question that names the year or the place must be checked
against that context, not against the sentence alone, or the right passage is refused. Relative
years are resolved against the document's own date.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RELATIVE = (("前年", -2), ("去年", -1), ("上年", -1), ("上一年", -1), ("今年", 0), ("本年", 0), ("当年", 0),
             ("年内", 0), ("明年", 1), ("下一年", 1))
_EN_RELATIVE = (("last year", -1), ("this year", 0), ("next year", 1))


def years_in(text: str, base: int | None = None) -> set[str]:
    """Years written in ``text`` (2023, 2023年) and, given the document's year, relative ones (去年)."""
    found = set(_YEAR.findall(text))
    if base is not None:
        lowered = text.lower()
        found |= {str(base + shift) for word, shift in (*_RELATIVE, *_EN_RELATIVE) if word in lowered}
    return found


def document_year(summary: dict | None) -> int | None:
    """The year a document speaks from: its date, else the latest year in its title."""
    if not summary:
        return None
    if summary.get("date"):
        return int(summary["date"][:4])
    years = _YEAR.findall(summary.get("title") or "")
    return max(map(int, years)) if years else None


def year_mismatch(question_years: set[str], sentence: str, earlier: str, section: tuple[str, ...],
                  summary: dict | None) -> str | None:
    """The year the question asks about when the passage is about other years, else None.

    The sentence and the sentences before it in its passage decide when they name a year
    (explicitly or as 去年/今年); otherwise the section heading, the title and the document's date.
    """
    if len(question_years) != 1:
        return None
    year = next(iter(question_years))
    base = document_year(summary)
    local = years_in(sentence, base) | years_in(earlier, base)
    if local:
        return None if year in local else year
    around = years_in(" ".join(section), base) | years_in((summary or {}).get("title") or "", base)
    if base is not None:
        around |= {str(base), str(base - 1)}
    return None if not around or year in around else year
