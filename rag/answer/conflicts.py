"""Citations, and figures that other documents state differently (a conflict is shown, not hidden).

When passages of *other* documents state the same fact (the words before the figure mostly agree)
with a different figure, both figures are returned, each with its citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.chunking import Chunk
from rag.search.retrieval import Retrieval
from rag.text.figures import Figure, find_figures

CLAUSE_BREAK = re.compile(r"[，；;。！？!?：:、（）()“”]|(?<!\d),|,(?!\d)")  # not 6,240
_DIGITS = re.compile(r"[\d.,%％]+")


@dataclass(frozen=True)
class Citation:
    passage_id: str
    doc_id: str
    file: str
    section: tuple[str, ...]
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Conflict:
    text: str
    doc_id: str
    char_start: int
    char_end: int
    citation: Citation


def citation(chunk: Chunk) -> Citation:
    return Citation(chunk.id, chunk.doc_id, chunk.file, chunk.section, chunk.char_start, chunk.char_end)


def chunk_slice(chunk: Chunk, start: int, end: int) -> str:
    return chunk.text[start - chunk.char_start : end - chunk.char_start]


def _context_key(sentence: str, figure: Figure) -> str:
    """The words of the clause before a figure (digits removed): what the figure counts."""
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, figure.start)), default=0)
    return _DIGITS.sub("", sentence[clause_start : figure.start])


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_fact(key_a: str, key_b: str) -> bool:
    if not key_a or not key_b:
        return False
    a, b = _bigrams(key_a), _bigrams(key_b)
    return len(a & b) / len(a | b) >= 0.5


def _value(figure: Figure) -> str:
    """A figure's number and unit without qualifiers, for comparing two statements."""
    return "".join(re.findall(r"\d+(?:\.\d+)?|万|亿|元|%|％|项|个|家|户|名|人|次|场", figure.text))


def compare_documents(doc_id: str, sentence: str, figure: Figure, retrieval: Retrieval, passages: int
                      ) -> tuple[list[Citation], list[Conflict]]:
    """Passages of other documents (among the first ``passages``) that state the fact of ``figure`` in
    ``sentence`` of document ``doc_id``: agreeing citations and conflicts."""
    key = _context_key(sentence, figure)
    value = _value(figure)
    agreeing: list[Citation] = []
    conflicts: dict[str, Conflict] = {}
    seen: set[tuple[str, int, int]] = set()
    for hit in retrieval.hits[:passages]:
        chunk = hit.chunk
        if chunk.doc_id == doc_id:
            continue
        for record in retrieval.sentences.get(chunk.id, []):
            start, end = record.char_start, record.char_end
            text = chunk_slice(chunk, start, end)
            for other in find_figures(text):
                span = (chunk.doc_id, start + other.start, start + other.end)
                if other.kind != figure.kind or span in seen or not _same_fact(key, _context_key(text, other)):
                    continue
                seen.add(span)
                if _value(other) == value:
                    agreeing.append(citation(chunk))
                elif _value(other) not in conflicts:
                    conflicts[_value(other)] = Conflict(other.text, chunk.doc_id, span[1], span[2],
                                                        citation(chunk))
    return agreeing, list(conflicts.values())

