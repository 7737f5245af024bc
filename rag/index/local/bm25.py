"""BM25 of passages from match-only FTS5 postings, computed as FTS5's ``bm25()`` does.

FTS5's bm25() looks up the size of every matching row in a table of its own: at 10,000
documents that lookup was most of a question's lexical search (a question's rarest term is
in thousands of passages). The passage table therefore stores no sizes and no positions
(rag/index/local/store.py); a term's postings come as "rows holding it at least j times"
(one match-only query per j), and each passage's term count is read from the vector
segments it lives in. The formula is FTS5's, constants included: for each query term,
``idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))`` with ``idf = ln((N − n + 0.5)/(n + 0.5))``
floored at 1e-6, summed over the terms (tests/test_index.py compares it with bm25()).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

K1, B = 1.2, 0.75  # FTS5's bm25() constants


@dataclass(frozen=True)
class Postings:
    """One query term: its document frequency and the rows holding it at least once, twice, … (each ascending)."""

    term: str
    df: int
    levels: tuple[np.ndarray, ...]


def idf(total: int, df: int) -> float:
    value = math.log((total - df + 0.5) / (df + 0.5))
    return value if value > 0 else 1e-6


def scores(postings: list[Postings], rows: np.ndarray, lengths: np.ndarray, total: int,
           avg_length: float) -> np.ndarray:
    """BM25 of ``rows`` (ascending, every row of the first level of some term) with their term ``lengths``."""
    out = np.zeros(len(rows), dtype=np.float64)
    norm = K1 * (1 - B + B * lengths / (avg_length or 1.0))
    for p in postings:
        tf = np.zeros(len(rows), dtype=np.float64)
        for level in p.levels:
            tf[np.searchsorted(rows, level)] += 1
        held = tf > 0
        out[held] += idf(total, p.df) * tf[held] * (K1 + 1) / (tf[held] + norm[held])
    return out


def top(rows: np.ndarray, values: np.ndarray, k: int, also: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The ``k`` best (row, score scaled by the best), best first, equal scores in row order; then those of the
    rows in ``also`` that are in ``rows`` but not among the ``k``, in row order."""
    if len(rows) == 0:
        return []
    order = np.lexsort((rows, -values))[:k]
    if also is not None and len(also) and len(order) < len(rows):
        at = np.searchsorted(rows, also)
        held = at[(at < len(rows)) & (rows[np.minimum(at, len(rows) - 1)] == also)]
        order = np.concatenate([order, np.setdiff1d(held, order)])
    best = values[order[0]]
    return [(int(rows[i]), float(values[i] / best) if best > 0 else 0.0) for i in order]
