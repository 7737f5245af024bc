"""One qdrant-client per location (server URL or local-mode folder), shared by the backends of a process.

Local mode (``QdrantClient(path=...)``) loads the whole folder into memory and locks it against
other processes, so a process opens it once: the live index and a rebuild's new one share it,
and it is closed when the last backend using it closes. Local mode is not thread-safe; its calls
are serialised by a lock (a server client is used as it is).
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from qdrant_client import QdrantClient


@dataclass(frozen=True)
class Location:
    url: str | None = None
    path: str | None = None
    api_key: str | None = None
    timeout: float = 60.0
    shards: int = 1  # of each new collection (server only)
    replicas: int = 1

    @property
    def local(self) -> bool:
        return self.url is None

    def describe(self) -> str:
        return self.url if self.url else f"local mode in {self.path}"


class _Serialised:
    """The client with every method call taken under one lock (local mode)."""

    def __init__(self, client: QdrantClient, lock) -> None:
        self._client, self._lock = client, lock

    def __getattr__(self, name: str):
        attr = getattr(self._client, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            with self._lock:
                return attr(*args, **kwargs)

        return call


_registry: dict[Location, list] = {}  # location -> [client, references]
_registry_lock = threading.Lock()


def acquire(location: Location) -> QdrantClient:
    with _registry_lock:
        entry = _registry.get(location)
        if entry is None:
            if location.local:
                raw = QdrantClient(path=location.path)
                client = _Serialised(raw, threading.RLock())
            else:
                client = QdrantClient(url=location.url, api_key=location.api_key, timeout=int(location.timeout))
            entry = _registry[location] = [client, 0]
        entry[1] += 1
        return entry[0]


def release(location: Location) -> None:
    with _registry_lock:
        entry = _registry.get(location)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _registry[location]
            entry[0].close()


def using(location: Location, work: Callable[[QdrantClient], object]):
    """Run ``work`` with a client of ``location`` (the shared one if some backend holds it)."""
    client = acquire(location)
    try:
        return work(client)
    finally:
        release(location)




@atexit.register
def _close_all() -> None:
    with _registry_lock:
        for client, _ in _registry.values():
            with contextlib.suppress(Exception):  # interpreter shutdown: nothing left to report to
                client.close()
        _registry.clear()
