"""Near-copies among retrieved passages: one text republished by several offices, or issued every year with other
figures, takes one place in the top k and leaves the rest to distinct passages (``RetrievalSettings.copy_cosine``)."""

from __future__ import annotations

import re

import numpy as np

_FIGURE_RUN = re.compile(r"[\d.,，、%]+")
_SIMILAR_COSINE = 0.95  # below this two passages are never copies, whatever their words
_SHARED_SHAPE = 0.6  # share of character trigrams, figures masked, that makes two similar passages copies


def _shape(text: str) -> frozenset[str]:
    """The character trigrams of a text with its figures masked: a copy with other figures has the same shape."""
    masked = _FIGURE_RUN.sub("#", text)
    return frozenset(masked[i : i + 3] for i in range(len(masked) - 2))


def copies_last(order: np.ndarray, vectors: np.ndarray, doc_ids: list[str], threshold: float, limit: int,
                texts: list[str] | None = None) -> np.ndarray:
    """``order`` (indexes into ``vectors`` and ``doc_ids``, best first) with the passages that copy a better kept
    passage of another document moved after the first ``limit`` kept ones. A copy's vector has a cosine above
    ``threshold`` with it, or (given ``texts``) above 0.95 with most of its words the same once figures are masked
    (a copy with other figures and a word changed: 加快/加速)."""
    kept_vectors = np.empty((min(limit, len(order)), vectors.shape[1]), dtype=np.float32)
    kept: list[int] = []
    copies: list[int] = []
    shapes: dict[int, frozenset[str]] = {}

    def shape(i: int) -> frozenset[str]:
        if i not in shapes:
            shapes[i] = _shape(texts[i])
        return shapes[i]

    def copies_one(i: int) -> bool:
        # One product per passage with the kept ones (a product of all pairs at once is a matrix product, which
        # the BLAS runs on every core, its threads spinning after it), then plain Python over the few kept.
        similar = []
        for k, cosine in zip(kept, (kept_vectors[: len(kept)] @ vectors[i]).tolist(), strict=True):
            if doc_ids[k] != doc_ids[i]:
                if cosine > threshold:
                    return True
                if cosine > _SIMILAR_COSINE:
                    similar.append(k)
        if texts is not None:
            for k in similar:
                a, b = shape(i), shape(k)
                if a and b and len(a & b) >= _SHARED_SHAPE * len(a | b):
                    return True
        return False

    for position, i in enumerate(order.tolist()):
        if len(kept) == limit:
            return np.array(kept + copies + order[position:].tolist(), dtype=order.dtype)
        if copies_one(i):
            copies.append(i)
        else:
            kept_vectors[len(kept)] = vectors[i]
            kept.append(i)
    return np.array(kept + copies, dtype=order.dtype)
