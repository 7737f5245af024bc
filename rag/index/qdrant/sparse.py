"""BM25 as Qdrant sparse vectors: term frequencies saturated here, IDF kept by Qdrant (``modifier=IDF``).

Terms are the lexical analyser's jieba tokens (rag.text.lexical, the same dictionary and
figures as the local backend). A term's index is the first 32 bits of its BLAKE2b hash. A
chunk's value for a term is BM25's saturated term frequency,
``tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))``; a query's is 1 per distinct term, so that
Qdrant's score ``Σ idf(t)·value(t)`` is the BM25 score. ``avglen`` is fixed when the index is
created (Qdrant keeps document frequencies, not lengths).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from qdrant_client import models

K1 = 1.2
B = 0.75
# The length BM25 normalises by, fixed per index (recorded in its meta point). These are round guesses, not
# measurements: the sample corpus has 38.8 analyser terms per 128-token chunk and 32.8 per header. The dev-set
# figures in the README were measured with these values; tuning them is open.
AVG_CHUNK_TERMS = 60.0
AVG_HEADER_TERMS = 25.0


def term_index(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "little")


def document_vector(terms: Iterable[str], avg_length: float) -> models.SparseVector:
    terms = list(terms)
    counts: dict[int, float] = {}
    norm = K1 * (1 - B + B * len(terms) / avg_length)
    for term, tf in Counter(terms).items():
        index = term_index(term)
        counts[index] = counts.get(index, 0.0) + tf * (K1 + 1) / (tf + norm)
    indices = sorted(counts)
    return models.SparseVector(indices=indices, values=[counts[i] for i in indices])


def query_vector(terms: Iterable[str]) -> models.SparseVector:
    indices = sorted({term_index(t) for t in terms})
    return models.SparseVector(indices=indices, values=[1.0] * len(indices))
