"""Candidate rows kept between questions, for one committed version of the embedded index.

Every question reads the facts of its ~400 candidate chunks and the text and sentence vectors of
the 60 best from SQLite; on a small archive, or for the passages a portal's users ask about
most, those are the same rows question after question. A cache belongs to one snapshot: a
commit opens a new snapshot with an empty cache, so no question ever sees a row of another
version (SQLite may also give a deleted chunk's row id to a new chunk).

Each cache is a plain dict emptied when it would grow past its bound, not an LRU: on a large
archive most candidates are new, and keeping an LRU order cost about 5 µs a row (2 ms a
question at 10,000 documents), more than reading the row again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class RowCache:
    """Caches of chunk facts, stored chunks, sentences and document summaries, each of at most ``max_chunks``
    entries."""

    def __init__(self, max_chunks: int) -> None:
        if max_chunks < 1:
            raise ValueError(f"row cache: max_chunks must be >= 1, got {max_chunks}")
        self.max_chunks = max_chunks
        self._lock = threading.Lock()
        self._caches: dict[str, dict] = {name: {} for name in ("facts", "chunks", "sentences", "summaries")}

    def through(self, name: str, items: list[T], key: Callable[[T], K], load: Callable[[list[T]], dict[K, V]]
                ) -> dict[K, V]:
        """The cached values of ``items``, loading the others with one call of ``load`` (outside the lock)."""
        cache = self._caches[name]
        found: dict[K, V] = {}
        missing: list[T] = []
        with self._lock:
            for item in items:
                k = key(item)
                value = cache.get(k)
                if value is None:
                    missing.append(item)
                else:
                    found[k] = value
        if missing:
            loaded = load(missing)
            with self._lock:
                if len(cache) + len(loaded) > self.max_chunks:
                    cache.clear()
                cache.update(loaded)
            found.update(loaded)
        return found
