"""Candidate rows kept between questions, for one committed version of the embedded index.

Every question reads the facts of its ~400 candidate chunks and the text and sentence vectors of
the 60 best from SQLite; on a small archive, or for the passages a portal's users ask about
most, those are the same rows question after question. A cache belongs to one snapshot: a
commit opens a new snapshot with an empty cache, so no question ever sees a row of another
version (SQLite may also give a deleted chunk's row id to a new chunk).

Each cache is a plain dict emptied when it would grow past its bound, not an LRU: on a large
archive most candidates are new, and keeping an LRU order cost about 5 µs a row (2 ms a
question at 10,000 documents), more than reading the row again.

The lexical postings of a term (the rows that hold it once, twice, …) are kept too: questions share
their terms (资金, 补贴, a year), and reading a term's rows from the full-text index took a few SQL
statements per term. Their bound counts rows, not terms (``POSTING_ROWS_PER_CHUNK`` per cached chunk:
10,000 chunks keep at most a million rows, 8 MB).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


POSTING_ROWS_PER_CHUNK = 100


class RowCache:
    """Caches of chunk facts, stored chunks, sentences and document summaries, each of at most ``max_chunks``
    entries."""

    def __init__(self, max_chunks: int) -> None:
        if max_chunks < 1:
            raise ValueError(f"row cache: max_chunks must be >= 1, got {max_chunks}")
        self.max_chunks = max_chunks
        self._lock = threading.Lock()
        self._caches: dict[str, dict] = {name: {} for name in ("facts", "chunks", "sentences", "summaries")}
        self.max_posting_rows = POSTING_ROWS_PER_CHUNK * max_chunks
        self._postings: dict[str, object] = {}
        self._posting_rows = 0

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

    def postings(self, terms: list[str], load: Callable[[list[str]], dict[str, T]], rows: Callable[[T], int]
                 ) -> dict[str, T]:
        """The cached postings of ``terms``, loading the others with one call of ``load``; ``rows`` counts a value's
        rows against ``max_posting_rows`` (a value larger than the whole bound is not kept)."""
        with self._lock:
            found = {t: self._postings[t] for t in terms if t in self._postings}
        missing = [t for t in terms if t not in found]
        if missing:
            loaded = load(missing)
            sizes = {t: rows(v) for t, v in loaded.items()}
            with self._lock:
                for term, value in loaded.items():
                    if term in self._postings or sizes[term] > self.max_posting_rows:
                        continue  # (read by another question meanwhile, or larger than the whole bound)
                    if self._posting_rows + sizes[term] > self.max_posting_rows:
                        self._postings.clear()
                        self._posting_rows = 0
                    self._postings[term] = value
                    self._posting_rows += sizes[term]
            found.update(loaded)
        return found  # type: ignore[return-value]
