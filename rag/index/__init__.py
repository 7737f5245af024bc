"""Index backends behind one role (rag.index.base), chosen by ``RAG_BACKEND``: the embedded default
(``local``) or Qdrant (``qdrant``, a server, cluster or qdrant-client's local mode).

Nothing above this package imports a backend's client library: the factory does, on demand.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rag.errors import ConfigurationError
from rag.index.base import IndexBackend, IndexReader, Manifest, PreparedDocument, StoredChunk

BACKENDS = ("local", "qdrant")
_POINTER = "CURRENT"


def live_name(index_dir: Path) -> str:
    """The name of the live index under ``index_dir``: changes go into it; a rebuild makes a new one."""
    pointer = Path(index_dir) / _POINTER
    return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else "live"


def switch_live(index_dir: Path, name: str) -> None:
    """Point ``index_dir`` at the index ``name`` atomically (after a rebuild), then delete the others."""
    index_dir = Path(index_dir)
    tmp = index_dir / f"{_POINTER}.tmp"
    tmp.write_text(name, encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / _POINTER)
    fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    for other in index_dir.iterdir():
        if other.is_dir() and other.name != name:
            shutil.rmtree(other, ignore_errors=True)


def _qdrant():
    try:
        import rag.index.qdrant as qdrant
    except ImportError as exc:
        raise ConfigurationError("RAG_BACKEND=qdrant needs qdrant-client: pip install '.[scale]' "
                                 f"(or pip install 'qdrant-client>=1.12,<2'); {exc}") from exc
    return qdrant


def _location(settings):
    qdrant = _qdrant()
    key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
    if settings.qdrant_url:
        return qdrant.Location(url=settings.qdrant_url, api_key=key, shards=settings.qdrant_shards,
                               replicas=settings.qdrant_replicas)
    return qdrant.Location(path=str(settings.qdrant_location))


def current_name(settings) -> str:
    """The name of the live index of the configured backend (a folder name, or a Qdrant collection set)."""
    if settings.backend == "qdrant":
        from rag.index.qdrant.client import using

        return using(_location(settings), lambda c: _qdrant().live_name(c, settings.qdrant_prefix))
    return live_name(settings.index_dir)


def publish(settings, name: str) -> None:
    """Make the index ``name`` the live one atomically (after a rebuild), then delete the others."""
    if settings.backend == "qdrant":
        from rag.index.qdrant.client import using

        using(_location(settings), lambda c: _qdrant().switch_aliases(c, settings.qdrant_prefix, name))
        return
    switch_live(settings.index_dir, name)


def discard(settings, name: str) -> None:
    """Delete the index ``name`` (a rebuild that failed)."""
    if settings.backend == "qdrant":
        from rag.index.qdrant.client import using

        using(_location(settings), lambda c: _qdrant().drop_set(c, settings.qdrant_prefix, name))
        return
    shutil.rmtree(Path(settings.index_dir) / name, ignore_errors=True)


def open_backend(settings, name: str | None = None) -> IndexBackend:
    """The backend the settings name, for the live index or the one called ``name`` (not yet opened)."""
    if settings.backend == "local":
        from rag.index.local import LocalBackend

        directory = Path(settings.index_dir) / (name or live_name(settings.index_dir))
        return LocalBackend(directory, ef_search=settings.hnsw_ef_search, lexical_max_df=settings.lexical_max_df,
                            flat_limit=settings.flat_segment_limit, lexical_max_postings=settings.lexical_max_postings,
                            mmap_mb=settings.sqlite_mmap_mb, cache_chunks=settings.read_cache_chunks)
    if settings.backend == "qdrant":
        qdrant = _qdrant()
        location = _location(settings)
        backend = qdrant.QdrantBackend(location, settings.qdrant_prefix, "live", settings.lexical_max_df)
        if name is None:
            name = qdrant.live_name(backend.client, settings.qdrant_prefix)
        if name == "live":
            return backend
        other = qdrant.QdrantBackend(location, settings.qdrant_prefix, name, settings.lexical_max_df)
        other.client  # noqa: B018  (hold the shared client before the first one lets go of it)
        backend.close()
        return other
    raise ValueError(f"unknown index backend {settings.backend!r}; valid: {', '.join(BACKENDS)}")


__all__ = [
    "BACKENDS", "IndexBackend", "IndexReader", "Manifest", "PreparedDocument", "StoredChunk", "current_name",
    "discard", "live_name", "open_backend", "publish", "switch_live",
]
