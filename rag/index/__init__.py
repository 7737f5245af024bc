"""Index backends behind one role (rag.index.base): the embedded default, chosen by ``RAG_BACKEND``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rag.index.base import IndexBackend, IndexReader, Manifest, PreparedDocument, StoredChunk

BACKENDS = ("local",)
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


def open_backend(settings, name: str | None = None) -> IndexBackend:
    """The backend the settings name, for the live index or the one called ``name`` (not yet opened)."""
    directory = Path(settings.index_dir) / (name or live_name(settings.index_dir))
    if settings.backend == "local":
        from rag.index.local import LocalBackend

        return LocalBackend(directory, ef_search=settings.hnsw_ef_search, lexical_max_df=settings.lexical_max_df,
                            flat_limit=settings.flat_segment_limit)
    raise ValueError(f"unknown index backend {settings.backend!r}; valid: {', '.join(BACKENDS)}")


__all__ = [
    "BACKENDS", "IndexBackend", "IndexReader", "Manifest", "PreparedDocument", "StoredChunk", "live_name",
    "open_backend", "switch_live",
]
