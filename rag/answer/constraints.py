"""Conditions of a question that an answer must meet: the year and place it names, and the near misses of
rag.answer.abstain (an ordinal, a person, a place or an indicator the answer does not state)."""

from __future__ import annotations

import re

from rag.answer.abstain import answer_unmet, document_text
from rag.answer.conflicts import chunk_slice
from rag.answer.context import paragraph_lead, place_mismatch
from rag.answer.document_years import document_years, year_mismatch
from rag.answer.span import NoAnswer, Sentence
from rag.index.base import IndexReader
from rag.search.retrieval import Retrieval
from rag.text.figures import FigureKind, find_figures

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def unmet_constraint(question: str, best: Sentence, retrieval: Retrieval, reader: IndexReader,
                     year_met: bool = False, figure_end: int | None = None) -> str | None:
    """A condition of the question that the answer cannot meet, if any, said to a person (see ``why_unmet``)."""
    why = why_unmet(question, best, retrieval, reader, year_met, figure_end)
    return why.detail if why else None


_CLAUSE_END = re.compile(r"[，,；;。！!？?]")


def _through_clause(text: str, figure_end: int | None) -> str:
    """The sentence without the clauses after the answer's figure that hold figures of their own: a year such a
    clause names (全年新收申请73件，加上上年结转4件) is its figure's, not the answer's; one a clause without a figure
    names (…5000万元，用于2025年高标准农田建设) is the answer's purpose."""
    if figure_end is None:
        return text
    found = _CLAUSE_END.search(text, figure_end)
    if found is None:
        return text
    kept, rest = [text[: found.start()]], text[found.start() :]
    for clause in re.split(f"(?<={_CLAUSE_END.pattern})", rest):
        if not any(f.kind != FigureKind.DATE for f in find_figures(clause)):
            kept.append(clause)
    return "".join(kept)


# A period of two years (2024-2025学年, 2024—2025年度, the 2023-2024 season): one school year, heating season or
# campaign, which its own figures answer, not the next one's.
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*)?[-—–~至到/]\s*((?:19|20)?\d{2})(?:\s*年)?(?!\d)")


def _periods(text: str) -> set[tuple[int, int]]:
    found = set()
    for start, end in _PERIOD.findall(text):
        first, last = int(start), int(end) if len(end) == 4 else int(start[:2] + end)
        if last == first + 1:  # a year and the next: 2024-2025, 2024-25 (not a plan's 2021-2025)
            found.add((first, last))
    return found


def period_mismatch(question: str, context: str) -> str | None:
    """The two-year period the question names when the answer's title, section and sentences name such periods
    and not that one (a notice of the 2025-2026学年 for a question about 2024-2025学年)."""
    asked = _periods(question)
    if len(asked) != 1:
        return None
    stated = _periods(context)
    if not stated or asked & stated:
        return None
    first, last = next(iter(asked))
    return f"{first}-{last}"


def names_its_document(question: str, best: Sentence, reader: IndexReader) -> bool:
    """Whether every year the question writes names the document of ``best`` (its title: ``document_years``)."""
    years = set(_YEAR.findall(question))
    title = (reader.summaries([best.hit.chunk.doc_id]).get(best.hit.chunk.doc_id) or {}).get("title") or ""
    return bool(years) and years <= document_years(question, title)


def why_unmet(question: str, best: Sentence, retrieval: Retrieval, reader: IndexReader,
              year_met: bool = False, figure_end: int | None = None) -> NoAnswer | None:
    """Why the answer cannot meet a condition of the question, if it cannot.

    A question about one year (2024年…) is not answered by a sentence about another
    year (the year may come from the section, the title or the document's date: see
    rag.answer.document_years), and a question about a place the corpus never mentions is not
    answered at all. Both are the usual near misses of official-document QA; rag.answer.abstain
    checks the others (an ordinal, a person, a place or an indicator the answer does not state). ``year_met``: the
    words right before the answer's figure name the year asked (比去年的15起 in a sentence about 今年), which the
    sentence's other years do not overrule.
    """
    chunk = best.hit.chunk
    before = retrieval.sentences.get(chunk.id, [])
    earlier = "".join(chunk_slice(chunk, r.char_start, r.char_end) for r in before if r.char_end <= best.start)
    summary = reader.summaries([chunk.doc_id]).get(chunk.doc_id)
    # "Yueyang's 2025 trade fund notice": a year that names the document is met by the document's title.
    title = (summary or {}).get("title") or ""
    years = set(_YEAR.findall(question)) - document_years(question, title)
    year = None if year_met else year_mismatch(years, _through_clause(best.text, figure_end), earlier, chunk.section,
                                               summary, paragraph_lead(chunk, reader) if len(years) == 1 else "")
    if year:
        return NoAnswer("other_year", f"the question asks about {year}")
    if period := period_mismatch(question, " ".join([title, *chunk.section, earlier, best.text])):
        return NoAnswer("other_year", f"the question asks about {period}")
    if place := place_mismatch(question, chunk, summary, reader, retrieval.pinyin_places):
        return NoAnswer("other_place", place)
    if other := answer_unmet(question, best.text, " ".join(chunk.section), lambda: document_text(chunk, reader),
                             retrieval.expected):
        return NoAnswer("not_stated", other)
    return None
