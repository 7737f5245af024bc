"""Embedding cache keyed by (model fingerprint, task, text hash), so unchanged text is never re-embedded."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np

from embeddings.base import Embedder

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, vector BLOB NOT NULL)"


def _key(fingerprint: str, task: str, text: str) -> str:
    return hashlib.sha256(f"{fingerprint}\x1f{task}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)

    def encode_documents(
        self,
        embedder: Embedder,
        texts: list[str],
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` (in order) and how many had to be computed."""
        keys = [_key(embedder.fingerprint, "document", t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with sqlite3.connect(self.path) as conn:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                rows = conn.execute(
                    f"SELECT key, dim, vector FROM vectors WHERE key IN ({','.join('?' * len(batch))})", batch
                )
                for key, dim, blob in rows:
                    if dim == embedder.dimension:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        if progress and found:
            progress(sum(1 for k in keys if k in found))  # cached texts count as done at once
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            vectors = embedder.encode_document([t for _, t in batch])
            with sqlite3.connect(self.path) as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO vectors (key, dim, vector) VALUES (?, ?, ?)",
                    [(k, vectors.shape[1], v.astype(np.float32).tobytes())
                     for (k, _), v in zip(batch, vectors, strict=True)],
                )
            done = {k for k, _ in batch}
            for (k, _), v in zip(batch, vectors, strict=True):
                found[k] = v
            if progress:
                progress(sum(1 for k in keys if k in done))
        matrix = np.stack([found[k] for k in keys]) if keys else np.zeros((0, embedder.dimension), np.float32)
        return np.ascontiguousarray(matrix, dtype=np.float32), len(missing)
