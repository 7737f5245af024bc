"""Answers about a document itself rather than its content: its header fields, and the 文号 of a document it cites.

The header fields are parsed at index time and found again in the text (rag/answer/header.py); the
work here is choosing the document a question means among the top passages.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.conflicts import citation
from rag.answer.header import header_question, header_span, names_contact
from rag.answer.span import (
    Answer,
    AnswerPart,
    AnswerSettings,
    Sentence,
    candidate_sentences,
    coverage,
    make_answer,
)
from rag.documents import DOC_NUMBER_RE
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval

_CITED_TITLE = re.compile(r"《([^《》]{2,80})》[^《》，。；]{0,8}$")
_CITED_ASKED = re.compile(r"引用|援引|所依据|依据的|根据的|\bcite[sd]?\b|\brefer(?:s|red)? to\b", re.I)


def titled_hit(settings: AnswerSettings, retrieval: Retrieval, reader: IndexReader) -> Hit:
    """The passage whose document a question about a header field (文号, signer, date) is about: the
    best passage's, unless a near one's document title and addressee hold clearly more of the
    question's terms (the reply to 第0527号建议, or to a deputy 代表 rather than to a party's committee,
    when another reply of the same bureau ranks first)."""
    s = settings
    if header_question(retrieval.question) == "contact":
        # A contact question that names the person is about the document whose contact line names them.
        for hit in retrieval.hits:
            doc = reader.document(hit.chunk.doc_id)
            if doc is not None and names_contact(doc, retrieval.question):
                return hit
        # … even when none of its passages ranks (contact lines are no passages): its header named the person.
        for doc_id in retrieval.named_documents:
            doc = reader.document(doc_id)
            if doc is not None and names_contact(doc, retrieval.question) and (passages := reader.passages(doc_id)):
                return Hit(passages[0], 0.0)
    # A header that writes the person or town the question names in pinyin (the reply to deputy Jiang Wei).
    named = [h for h in retrieval.hits if h.chunk.doc_id in retrieval.named_documents]
    if named:
        return named[0]
    hits = retrieval.hits[: s.conflict_passages]
    heads = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in hits)))
    # The issuer counts with the title: a page may title a reply without it (对…第0526号提案的答复).
    scores = [coverage(retrieval, " ".join(str(head.get(k) or "") for k in ("issuer", "title", "addressee")))
              for head in (heads.get(h.chunk.doc_id) or {} for h in hits)]
    best = max(range(len(hits)), key=lambda i: (scores[i], -i))
    return hits[best] if scores[best] > scores[0] + s.cited_margin else hits[0]


def cited_number(settings: AnswerSettings, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
    """The 文号 of a document that a passage cites (《title》（文号）), when the question names the
    cited title better than the passage's own document title."""
    s = settings
    # A question that says it wants the cited document's number (引用的…文件文号) needs no better title match.
    own = {d: 0.0 if _CITED_ASKED.search(retrieval.question) else coverage(retrieval, v.get("title") or "")
           for d, v in reader.summaries([h.chunk.doc_id for h in retrieval.hits[: s.passages]]).items()}
    best: tuple[float, Sentence, int, int] | None = None
    for sentence in candidate_sentences(settings, retrieval, retrieval.hits[: s.passages]):
        for number in DOC_NUMBER_RE.finditer(sentence.text):
            title = _CITED_TITLE.search(sentence.text, 0, number.start())
            score = coverage(retrieval, title.group(1)) if title else 0.0
            if score >= s.cited_min and score > own.get(sentence.hit.chunk.doc_id, 0.0) + s.cited_margin and \
                    (best is None or score > best[0]):
                best = (score, sentence, number.start(), number.end())
    if best is None:
        return None
    _, sentence, start, end = best
    return make_answer(settings, retrieval, sentence, sentence.start + start, sentence.start + end,
                        sentence.text[start:end], "doc_number", None)


def header_answer(field_name: str, hit: Hit, reader: IndexReader, question: str) -> Answer | None:
    """Answer a question about the document itself from the header of the best passage's document."""
    doc = reader.document(hit.chunk.doc_id)
    span = header_span(doc, field_name, question)
    if span is None:
        return None
    start, end = span
    return Answer(
        text=doc.text[start:end],
        kind=field_name,
        passage_id=hit.chunk.id,
        doc_id=doc.id,
        char_start=start,
        char_end=end,
        score=hit.score,
        sentence_start=start,
        sentence_end=end,
        citations=(citation(hit.chunk),),
    )


def header_answers(fields: list[str], hit: Hit, reader: IndexReader, question: str) -> Answer | None:
    """Two header fields asked together (who signed it, and its 文号), each a part cited to its own characters; None
    unless the header gives both."""
    found = [header_answer(name, hit, reader, question) for name in fields]
    if None in found:
        return None
    parts = tuple(AnswerPart(a.text, a.kind, a.passage_id, a.char_start, a.char_end, a.citations[0]) for a in found)
    return replace(found[0], text="；".join(a.text for a in found), parts=parts)
