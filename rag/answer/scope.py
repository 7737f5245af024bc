"""The document's own place: 全县 or 我县 in a county government's report is that county, whatever other county an
earlier sentence of the passage mentions (主动承接榕江县"村超"溢出效应… 全县接待游客726.4万人次 is 从江县's)."""

from __future__ import annotations

import re

from rag.answer.context import named_places, place_stem

# A scope word before a figure in its clause, and the level it speaks of.
_SCOPE = re.compile(r"(?:全|我|本)([省市县区镇乡])")
_CLAUSE = re.compile(r"[，,；;。：:]")
_HEADER_FIELDS = ("issuer", "title", "addressee")


def scope_elsewhere(question: str, sentence: str, figure_start: int, summary: dict | None,
                    pinyin_places: tuple = ()) -> str | None:
    """The place a figure's scope word (全县) speaks of when it is the document's own and not the one the question
    names: the clause says 全县 (or 我县, 本县), the document's issuer or title names a place of that level, and
    neither the header nor the sentence names the question's place. None when the figure may be of that place."""
    asked = named_places(question, pinyin_places)
    if not asked or not summary:
        return None
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, figure_start)), default=0)
    scope = _SCOPE.search(sentence, start, figure_start)
    if scope is None:
        return None
    header = " ".join(str(summary.get(f) or "") for f in _HEADER_FIELDS)
    for _, spellings in asked:
        for spelling in spellings:
            stem = place_stem(spelling)
            forms = {spelling, stem} if len(stem) >= 2 else {spelling}
            if any(form in header or form in sentence for form in forms):
                return None
    own = re.search(rf"[\u4e00-\u9fff]{{2,8}}?{scope.group(1)}(?=[\u4e00-\u9fff]|$)", header)
    return own.group() if own else None
