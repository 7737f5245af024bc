"""Changing the corpus: add, update and remove documents, each change one atomic commit of the backend.

Files are parsed, compared with the index by content hash (an unchanged file is a no-op),
prepared (rag.ingest.prepare: only new text is embedded) and handed to the backend, which
commits them at once. Uploads over HTTP are all or nothing; the CLI takes the good files and
reports the refused ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from embeddings.base import Embedder
from rag.chunking import ChunkerSettings
from rag.documents import Document
from rag.documents.corpus import document_from_bytes
from rag.errors import DocumentError, DocumentNotFoundError
from rag.index.base import Commit, IndexBackend
from rag.index.base import checkpoint as _checkpoint
from rag.ingest.limits import MEMORY_REFUSAL, ParseTimeout, parse_deadline
from rag.ingest.prepare import prepare

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[Document] = field(default_factory=list)
    updated: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    commit: Commit | None = None
    embedded: int = 0  # texts the model embedded (the rest were already in the index)
    texts: int = 0
    rebuilt: int = 0  # stored documents re-indexed into a new index by a rebuild (counted, not kept)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

    def merge(self, other: IngestReport) -> None:
        for name in ("added", "updated", "unchanged", "removed", "refused"):
            getattr(self, name).extend(getattr(other, name))
        self.commit = other.commit or self.commit
        self.embedded += other.embedded
        self.texts += other.texts
        self.rebuilt += other.rebuilt

    def summary(self) -> str:
        rebuilt = f"{self.rebuilt} rebuilt, " if self.rebuilt else ""
        return (f"{rebuilt}{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed, {len(self.refused)} refused")


class IngestError(DocumentError):
    """An all-or-nothing change was refused; nothing was written. ``refused`` lists every reason."""

    def __init__(self, refused: list[tuple[str, str]]) -> None:
        self.refused = refused
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in refused))

    def __reduce__(self):  # it crosses from the write worker process to the server whole, reasons included
        return type(self), (self.refused,)


class Ingestor:
    def __init__(self, backend: IndexBackend, embedder: Embedder, chunker: ChunkerSettings,
                 max_bytes: int | None = None, batch_size: int = 64, parse_seconds: float | None = None) -> None:
        self.backend = backend
        self.embedder = embedder
        self.chunker = chunker
        self.max_bytes = max_bytes
        self.batch_size = batch_size
        self.parse_seconds = parse_seconds  # per file; only enforced in a main thread (rag.ingest.limits)

    def parse(self, files: list[tuple[str, bytes]]) -> tuple[list[Document], list[tuple[str, str]]]:
        """Parse every file; refuse unreadable ones, ones over the time or memory limit, and a second file
        with the same document id."""
        documents: list[Document] = []
        refused: list[tuple[str, str]] = []
        seen: dict[str, str] = {}
        for name, data in files:
            try:
                with parse_deadline(self.parse_seconds):
                    doc = document_from_bytes(data, name, self.max_bytes)
            except DocumentError as exc:
                refused.append((name, str(exc).removeprefix(f"{name}: ")))
                continue
            except ParseTimeout as exc:
                refused.append((name, str(exc)))
                continue
            except MemoryError:
                refused.append((name, MEMORY_REFUSAL))
                continue
            if doc.id in seen:
                refused.append((name, f"the same document ({doc.id}) appears twice in this request"
                                      f" (also as {seen[doc.id]})"))
                continue
            seen[doc.id] = name
            documents.append(doc)
        return documents, refused

    def upsert(self, files: list[tuple[str, bytes]], strict: bool, replace_id: str | None = None,
               progress: Callable[[int], None] | None = None) -> IngestReport:
        """Add or update documents by content, in one commit.

        ``strict`` (HTTP) refuses the whole change if any file is refused; otherwise (CLI) the good
        files go in and the refused ones are reported. ``replace_id`` replaces that document,
        whatever the new file is called.
        """
        documents, refused = self.parse(files)
        if refused and strict:
            raise IngestError(refused)
        if replace_id is not None:
            documents = [_with_id(doc, replace_id) for doc in documents]
        current = self.backend.fingerprints([doc.id for doc in documents] + ([replace_id] if replace_id else []))
        if replace_id is not None and replace_id not in current:
            raise DocumentNotFoundError(f"no document with id {replace_id!r}; GET /documents lists the ids")
        report = IngestReport(refused=refused)
        changed = []
        for doc in documents:
            old = current.get(doc.id)
            if old is None:
                report.added.append(doc)
            elif old == (doc.file, doc.content_hash):
                report.unchanged.append(doc)
                continue
            else:
                report.updated.append(doc)
            changed.append(doc)
        if changed:
            prepared = prepare(changed, self.embedder, self.chunker, self.backend, self.batch_size)
            report.embedded, report.texts = prepared.embedded, prepared.texts
            _checkpoint("embedded")
            report.commit = self.backend.apply(prepared.documents, [])
        if progress:
            progress(len(documents) + len(refused))
        return report

    def remove(self, doc_id: str) -> IngestReport:
        if doc_id not in self.backend.fingerprints([doc_id]):
            raise DocumentNotFoundError(f"no document with id {doc_id!r}; GET /documents lists the ids")
        return IngestReport(removed=[doc_id], commit=self.backend.apply([], [doc_id]))


def _with_id(doc: Document, doc_id: str) -> Document:
    return Document(id=doc_id, file=doc.file, text=doc.text, header=doc.header, body_start=doc.body_start,
                    body_end=doc.body_end)
