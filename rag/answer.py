"""Pick the sentence that best answers the question from the top passages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.index import Hit, VectorIndex


@dataclass(frozen=True)
class Answer:
    text: str
    passage_id: str
    doc_id: str
    char_start: int
    char_end: int
    score: float


def best_sentence(index: VectorIndex, query_vector: np.ndarray, hits: list[Hit], passages: int) -> Answer | None:
    """The sentence of the first ``passages`` hits most similar to the query.

    Sentence vectors are computed at index time, so this costs one small matrix
    product per question. A sentence that appears in several overlapping
    passages is credited to the best-ranked one.
    """
    best: tuple[float, Hit, int, int] | None = None
    seen: set[int] = set()
    for hit in hits[:passages]:
        for row, start, end in index.sentences_in(hit.chunk):
            if row in seen:
                continue
            seen.add(row)
            score = float(index.sentence_vectors[row] @ query_vector)
            if best is None or score > best[0]:
                best = (score, hit, start, end)
    if best is None:
        return None
    score, hit, start, end = best
    offset = start - hit.chunk.char_start
    return Answer(
        text=hit.chunk.text[offset : offset + (end - start)],
        passage_id=hit.chunk.id,
        doc_id=hit.chunk.doc_id,
        char_start=start,
        char_end=end,
        score=score,
    )
