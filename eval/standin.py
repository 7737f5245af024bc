"""A fast, deterministic stand-in for the embedding model, for benchmarks at scales the real model cannot reach here.

Texts are hashed character unigrams and bigrams (signed feature hashing) in 384 dimensions,
L2-normalised: texts that share characters and phrases get close vectors, unrelated texts
near-orthogonal ones, so an ANN index sees a realistic neighbourhood structure (clusters of
related passages) rather than random points. It encodes about a hundred thousand texts a second.
Every figure measured with it must be labelled "stand-in encoder".
"""

from __future__ import annotations

import time

import numpy as np

DIMENSION = 384
_MASK = np.uint64(0xFFFFFFFF)


def _hash(keys: np.ndarray) -> np.ndarray:
    """A 32-bit mix of uint64 keys (multiply-xorshift), so neighbouring code points land far apart."""
    h = (keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(29)
    h = (h ^ (h >> np.uint64(15))) * np.uint64(0x85EBCA6B)
    return (h ^ (h >> np.uint64(13))) & _MASK


class StandInEmbedder:
    """The Embedder role (embeddings.base) without a model; ``seconds`` sums the time spent encoding."""

    model_name = "stand-in:hashed-char-bigrams-384"
    fingerprint = "standin-bigram-v1"
    dimension = DIMENSION

    def __init__(self) -> None:
        self.seconds = 0.0
        self.texts = 0

    def warm_up(self) -> None:
        """Nothing to load."""

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        out = vectors(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return out


def vectors(texts: list[str]) -> np.ndarray:
    """(len(texts), 384) float32, L2-normalised; the whole batch is hashed at once."""
    if not texts:
        return np.zeros((0, DIMENSION), np.float32)
    codes = [np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) for t in texts]
    lengths = np.array([len(c) for c in codes])
    owner = np.repeat(np.arange(len(texts)), lengths)
    flat = np.concatenate(codes) if len(owner) else np.zeros(0, np.uint64)
    same_text = owner[1:] == owner[:-1] if len(owner) else np.zeros(0, bool)
    bigrams = (flat[:-1] << np.uint64(21)) | flat[1:] | np.uint64(1 << 63)
    keys = np.concatenate([flat, bigrams[same_text]])
    rows = np.concatenate([owner, owner[1:][same_text]])
    weights = np.concatenate([np.full(len(flat), 0.5), np.ones(int(same_text.sum()))])
    h = _hash(keys)
    signs = np.where(h & np.uint64(1 << 20), 1.0, -1.0)
    buckets = (h % np.uint64(DIMENSION)).astype(np.int64)
    out = np.bincount(rows * DIMENSION + buckets, weights=weights * signs,
                      minlength=len(texts) * DIMENSION).reshape(len(texts), DIMENSION)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    out = out / np.where(norms > 0, norms, 1.0)
    return np.ascontiguousarray(out, dtype=np.float32)
