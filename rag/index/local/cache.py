"""Candidate rows kept between questions, for one committed version of the embedded index.

Every question reads the facts of its ~400 candidate chunks and the text and sentence vectors of
the ~100 best from SQLite; on a small archive, or for the passages a portal's users ask about
most, those are the same rows question after question. A cache belongs to one snapshot: a
commit opens a new snapshot with an empty cache, so no question ever sees a row of another
version (SQLite may also give a deleted chunk's row id to a new chunk).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from cachetools import LRUCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class RowCache:
    """Least-recently-used caches of chunk facts, stored chunks and sentences, each of ``max_chunks`` entries."""

    def __init__(self, max_chunks: int) -> None:
        if max_chunks < 1:
            raise ValueError(f"row cache: max_chunks must be >= 1, got {max_chunks}")
        self._lock = threading.Lock()
        self._caches: dict[str, LRUCache] = {name: LRUCache(max_chunks) for name in ("facts", "chunks", "sentences")}

    def through(self, name: str, items: Iterable[T], key: Callable[[T], K], load: Callable[[list[T]], dict[K, V]]
                ) -> dict[K, V]:
        """The cached values of ``items``, loading the others with one call of ``load`` (outside the lock)."""
        cache = self._caches[name]
        found: dict[K, V] = {}
        missing: list[T] = []
        with self._lock:
            for item in items:
                k = key(item)
                if k in cache:
                    found[k] = cache[k]
                else:
                    missing.append(item)
        if missing:
            loaded = load(missing)
            with self._lock:
                for k, value in loaded.items():
                    cache[k] = value
            found.update(loaded)
        return found
