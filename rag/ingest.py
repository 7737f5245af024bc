"""Changing the corpus: add, update and remove documents, one atomic index version per change.

Every change reads the live version's documents, applies the change, and builds
and publishes a complete new version (rag.index.build_index): chunk ids are
content hashes and vectors come from the embedding cache, so only new text is
embedded. A crash at any point leaves the previous version live. One writer at a
time: a thread lock inside the process and an flock on the index directory
across processes (the CLI while the server runs).
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.base import Embedder
from embeddings.cache import EmbeddingCache
from rag.chunking import ChunkerSettings
from rag.corpus import document_from_bytes
from rag.documents import Document
from rag.errors import DocumentError, DocumentNotFoundError
from rag.index import BuildReport, build_index, remove_debris, stored_documents

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[Document] = field(default_factory=list)
    updated: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    build: BuildReport | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed, {len(self.refused)} refused")


class IngestError(DocumentError):
    """An all-or-nothing change was refused; nothing was written. ``refused`` lists every reason."""

    def __init__(self, refused: list[tuple[str, str]]) -> None:
        self.refused = refused
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in refused))


class Ingestor:
    def __init__(self, index_dir: Path, cache_path: Path, embedder: Embedder, chunker: ChunkerSettings,
                 max_bytes: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.cache_path = Path(cache_path)
        self.embedder = embedder
        self.chunker = chunker
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.index_dir / ".write.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def recover(self) -> list[str]:
        """Clean up after a crashed writer (if no other writer is running right now)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if not self._lock.acquire(blocking=False):
            return []
        try:
            with open(self.index_dir / ".write.lock", "w") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return []  # another process is writing: its staging folder is not debris
                try:
                    removed = remove_debris(self.index_dir)
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            self._lock.release()
        if removed:
            log.warning("removed %d leftovers of an interrupted index build: %s", len(removed), removed)
        return removed

    def parse(self, files: list[tuple[str, bytes]]) -> tuple[list[Document], list[tuple[str, str]]]:
        """Parse every file; refuse unreadable ones and a second file with the same document id."""
        documents: list[Document] = []
        refused: list[tuple[str, str]] = []
        seen: dict[str, str] = {}
        for name, data in files:
            try:
                doc = document_from_bytes(data, name, self.max_bytes)
            except DocumentError as exc:
                refused.append((name, str(exc).removeprefix(f"{name}: ")))
                continue
            if doc.id in seen:
                refused.append((name, f"the same document ({doc.id}) appears twice in this request"
                                      f" (also as {seen[doc.id]})"))
                continue
            seen[doc.id] = name
            documents.append(doc)
        return documents, refused

    def _publish(self, documents: list[Document], progress: Callable[[int, int], None] | None) -> BuildReport:
        self.embedder.warm_up()
        return build_index(documents, self.embedder, self.chunker, self.index_dir, EmbeddingCache(self.cache_path),
                           progress=progress)

    def upsert(
        self,
        files: list[tuple[str, bytes]],
        strict: bool,
        replace_id: str | None = None,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Add or update documents by content.

        ``strict`` (HTTP) refuses the whole change if any file is refused; otherwise (CLI) the
        good files go in and the refused ones are reported. ``replace_id`` replaces that
        document, whatever the new file is called. ``rebuild`` publishes a new version even
        when nothing changed (after a change of model or chunker settings).
        """
        documents, refused = self.parse(files)
        if refused and strict:
            raise IngestError(refused)
        if replace_id is not None:
            documents = [_with_id(doc, replace_id) for doc in documents]
        with self._exclusive():
            current = {d.id: d for d in stored_documents(self.index_dir)}
            if replace_id is not None and replace_id not in current:
                raise DocumentNotFoundError(f"no document with id {replace_id!r}; GET /documents lists the ids")
            report = IngestReport(refused=refused)
            for doc in documents:
                old = current.get(doc.id)
                if old is None:
                    report.added.append(doc)
                elif old.content_hash == doc.content_hash and old.file == doc.file:
                    report.unchanged.append(old)
                    continue
                else:
                    report.updated.append(doc)
                current[doc.id] = doc
            if report.changed or rebuild or (not current and documents):
                report.build = self._publish(sorted(current.values(), key=lambda d: d.file), progress)
        return report

    def remove(self, doc_id: str) -> IngestReport:
        with self._exclusive():
            current = {d.id: d for d in stored_documents(self.index_dir)}
            if doc_id not in current:
                raise DocumentNotFoundError(f"no document with id {doc_id!r}; GET /documents lists the ids")
            del current[doc_id]
            report = IngestReport(removed=[doc_id])
            report.build = self._publish(sorted(current.values(), key=lambda d: d.file), None)
        return report


def _with_id(doc: Document, doc_id: str) -> Document:
    return Document(id=doc_id, file=doc.file, text=doc.text, header=doc.header, body_start=doc.body_start,
                    body_end=doc.body_end)
