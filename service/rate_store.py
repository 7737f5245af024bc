"""Rate-limit counts in one SQLite file, shared by the serving processes of one machine (``RAG_WORKERS``).

The ``limits`` library keeps its counts in this process (``memory://``) or in a server (Redis, Memcached,
MongoDB). Workers on one machine need no server: defining this class registers the ``sqlite:///path``
scheme with ``limits`` (its storages register by ``STORAGE_SCHEME``), and every process that opens the
file counts into the same windows. Each check is one short write transaction; ``BEGIN IMMEDIATE`` makes
the count and the insert one step across processes. The counts are worth nothing after a restart, so the
file is written without fsync (``synchronous=OFF``): a power cut can lose a minute of counts, nothing else.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import ClassVar

from limits.storage.base import MovingWindowSupport, Storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (key TEXT NOT NULL, atime REAL NOT NULL, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS entries_key ON entries (key, atime);
CREATE INDEX IF NOT EXISTS entries_expires ON entries (expires);
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL);
"""
_SWEEP_EVERY = 1000  # writes between deletions of every key's expired entries


class SQLiteStorage(Storage, MovingWindowSupport):
    """``sqlite:///absolute/path.sqlite3`` (or ``sqlite://relative/path``): fixed and moving windows."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: str) -> None:
        path = uri.split("://", 1)[1]
        if not path:
            raise ValueError(f"a sqlite rate-limit storage needs a file: sqlite:///path/to/file, got {uri!r}")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._writes = 0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _write(self, work):
        """Run ``work(cursor, now)`` in one immediate transaction: no other process counts in between."""
        with self._lock:
            now = time.time()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = work(self._db, now)
                self._writes += 1
                if self._writes % _SWEEP_EVERY == 0:
                    self._db.execute("DELETE FROM entries WHERE expires < ?", (now,))
                    self._db.execute("DELETE FROM counters WHERE expires < ?", (now,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return result

    # -- moving window (what service.security.RateLimiter uses) ------------------------------
    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False

        def work(db: sqlite3.Connection, now: float) -> bool:
            db.execute("DELETE FROM entries WHERE key = ? AND atime < ?", (key, now - expiry))
            (held,) = db.execute("SELECT COUNT(*) FROM entries WHERE key = ?", (key,)).fetchone()
            if held + amount > limit:
                return False
            db.executemany("INSERT INTO entries VALUES (?, ?, ?)", [(key, now, now + expiry)] * amount)
            return True

        return self._write(work)

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        with self._lock:
            oldest, held = self._db.execute("SELECT MIN(atime), COUNT(*) FROM entries WHERE key = ? AND atime >= ?",
                                            (key, now - expiry)).fetchone()
        return (oldest, held) if held else (now, 0)

    # -- fixed window and the rest of the Storage interface -----------------------------------
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        def work(db: sqlite3.Connection, now: float) -> int:
            db.execute("DELETE FROM counters WHERE key = ? AND expires <= ?", (key, now))
            db.execute("INSERT INTO counters VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = value + ?",
                       (key, amount, now + expiry, amount))
            return db.execute("SELECT value FROM counters WHERE key = ?", (key,)).fetchone()[0]

        return self._write(work)

    def get(self, key: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT value FROM counters WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            row = self._db.execute("SELECT expires FROM counters WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int:
        def work(db: sqlite3.Connection, now: float) -> int:
            count = db.execute("SELECT (SELECT COUNT(DISTINCT key) FROM entries) + (SELECT COUNT(*) FROM counters)")
            cleared = count.fetchone()[0]
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM counters")
            return cleared

        return self._write(work)

    def clear(self, key: str) -> None:
        def work(db: sqlite3.Connection, now: float) -> None:
            db.execute("DELETE FROM entries WHERE key = ?", (key,))
            db.execute("DELETE FROM counters WHERE key = ?", (key,))

        self._write(work)
