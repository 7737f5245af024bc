"""Identifiers a question asks for by their label: a procurement's 项目编号 (project number), 采购编号, 招标编号, a
合同编号.

A notice writes them as fields (（一）项目编号：PZHWJ-2025-ZC-036（代理机构项目编号：PXZX-2025-0412））. The answer is
the value after the label the question names, in the first passage of the document that writes it; an agency's own
number beside it (代理机构项目编号, 代理机构内部编号) is not the project's. Without this, "what is the project number"
reads as a count question and answers with the first figure near the project's name.
"""

from __future__ import annotations

import re

from rag.answer.about_document import titled_hit
from rag.answer.conflicts import citation
from rag.answer.span import Answer, AnswerSettings
from rag.index.base import IndexReader
from rag.search.retrieval import Retrieval

# (the label a document writes, how a question asks for it)
_LABELS = (
    ("项目编号", re.compile(r"项目编号|项目编码|project (?:number|no\b|code|id\b)", re.I)),
    ("采购编号", re.compile(r"采购编号|采购项目编号|procurement (?:number|no\b|code)", re.I)),
    ("招标编号", re.compile(r"招标编号|tender (?:number|no\b|code)|bid(?:ding)? (?:number|no\b|code)", re.I)),
    ("合同编号", re.compile(r"合同编号|contract (?:number|no\b|code)", re.I)),
)
_VALUE = r"[A-Za-z0-9][A-Za-z0-9\-_/.]{3,40}"
_AGENCY = "代理机构|代理|内部"  # the agency's own number (代理机构内部编号), written beside the project's


def asked_label(question: str) -> str | None:
    """The identifier's label a question asks for (项目编号), if it asks for one."""
    return next((label for label, asked in _LABELS if asked.search(question)), None)


def labelled_value(label: str, text: str) -> tuple[int, int] | None:
    """Where the value after ``label`` stands in ``text`` (项目编号：NBJY-2025-GK-027), not after an agency's label."""
    for written in re.finditer(rf"{label}\s*[:：]\s*({_VALUE})", text):
        if not re.search(rf"(?:{_AGENCY})$", text[max(0, written.start() - 6) : written.start()]):
            return written.span(1)
    return None


def code_answer(settings: AnswerSettings, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
    """The identifier the question asks for by its label, in the document the question is about (as for a header
    field: ``titled_hit``), from the first of its passages that writes it: a field line is short and says little
    else, so it seldom ranks among the top passages itself."""
    label = asked_label(retrieval.question)
    if label is None or not retrieval.hits:
        return None
    hit = titled_hit(settings, retrieval, reader)
    for chunk in reader.passages(hit.chunk.doc_id):
        span = labelled_value(label, chunk.text)
        if span is not None:
            start, end = chunk.char_start + span[0], chunk.char_start + span[1]
            return Answer(text=chunk.text[span[0] : span[1]], kind="code", passage_id=chunk.id, doc_id=chunk.doc_id,
                          char_start=start, char_end=end, score=hit.score, sentence_start=chunk.char_start,
                          sentence_end=chunk.char_end, citations=(citation(chunk),))
    return None
