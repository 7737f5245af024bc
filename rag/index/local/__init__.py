"""The embedded index backend: SQLite, FTS5 and memory-mapped FAISS segments in one folder."""

from rag.index.local.backend import LocalBackend

__all__ = ["LocalBackend"]
