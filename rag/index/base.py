"""The index role: what ingestion writes into a backend and what search reads from it.

A backend stores documents, their chunks (passages) with one vector and lexical terms each,
and their sentences with a vector each. Writes are atomic: :meth:`IndexBackend.apply` adds,
replaces and removes documents in one commit, and a reader never sees half of one. Reads go
through an :class:`IndexReader`, a consistent view of one committed version, so that the
passages, offsets and document texts of one answer always belong together.

Nothing above this role knows which backend runs (``RAG_BACKEND``): rag.index.open_backend
builds the configured one.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import NamedTuple, Protocol

import numpy as np

from rag.chunking import Chunk
from rag.documents import Document
from rag.errors import IndexMismatchError
from rag.index.filters import MetadataFilter

FORMAT_VERSION = 6
REBUILD_HINT = "Rebuild it with `rag index --rebuild` (it keeps the indexed documents and re-reads them)."


@dataclass(frozen=True)
class Manifest:
    """What an index was built with; vectors or terms of another model or analyser never mix with it."""

    format_version: int
    backend: str
    model_name: str
    model_fingerprint: str
    dimension: int
    chunker: dict
    analyzer: str  # fingerprint of the lexical analyser (rag.text.lexical)
    created_at: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def check_compatible(self, expected: Manifest) -> None:
        """Refuse an index built with another format, model, chunker or analyser than the configured ones."""
        problems = []
        if self.format_version != expected.format_version:
            problems.append(f"index format {self.format_version} (this version reads {expected.format_version})")
        if self.model_name != expected.model_name:
            problems.append(f"embedding model {self.model_name!r} (configured: {expected.model_name!r})")
        elif self.model_fingerprint != expected.model_fingerprint:
            problems.append(f"model fingerprint {self.model_fingerprint} (configured model: "
                            f"{expected.model_fingerprint})")
        if self.chunker != expected.chunker:
            problems.append(f"chunker settings {self.chunker} (configured: {expected.chunker})")
        if self.analyzer != expected.analyzer:
            problems.append(f"lexical analyser {self.analyzer} (this version: {expected.analyzer})")
        if problems:
            raise IndexMismatchError("the index was built with " + "; ".join(problems) + f". {REBUILD_HINT}")


@dataclass(frozen=True)
class PreparedDocument:
    """A parsed, chunked and embedded document, ready for a backend to store."""

    document: Document
    chunks: tuple[Chunk, ...]
    chunk_vectors: np.ndarray  # (len(chunks), dimension), L2-normalised float32
    chunk_terms: tuple[tuple[str, ...], ...]  # lexical terms of each chunk
    chunk_hashes: tuple[str, ...]  # hash of what was embedded, so an identical text reuses its vector
    figure_kinds: tuple[int, ...]  # bitmask of the FigureKinds in each chunk
    sentences: tuple[tuple[int, int], ...]  # (char_start, char_end) in the document text
    sentence_vectors: np.ndarray
    sentence_hashes: tuple[str, ...]
    header_terms: tuple[str, ...]  # lexical terms of the header (title, 文号, addressee, subject, date)
    # The header's names of places and people in pinyin (py:hongcun, rag.text.romanise.header_pinyin_terms), kept
    # apart from the terms so that they do not lengthen the headers that header_scores ranks.
    header_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Commit:
    version: str
    documents: int  # in the index after the commit
    chunks: int
    sentences: int
    seconds: float


@dataclass(frozen=True)
class IndexStats:
    version: str
    created_at: str
    documents: int
    chunks: int
    sentences: int


@dataclass(frozen=True)
class StoredChunk:
    row: int  # the backend's id of the chunk (its vector id)
    chunk: Chunk
    figure_kinds: int


class ChunkFacts(NamedTuple):
    """What fusion needs of every candidate chunk, without its text (read for the best candidates only).

    A named tuple rather than a frozen dataclass: ~400 are made per question, and a frozen dataclass's
    ``__init__`` took a third of that read."""

    row: int
    doc_id: str
    figure_kinds: int


@dataclass(frozen=True)
class SentenceRecord:
    row: int
    doc_id: str
    char_start: int
    char_end: int
    vector: np.ndarray = field(repr=False)


class IndexReader(Protocol):
    """One committed version of the index, for the duration of one question."""

    version: str

    def dense(self, vector: np.ndarray, k: int, where: MetadataFilter | None = None) -> list[tuple[int, float]]:
        """(row, cosine) of the ``k`` nearest chunks among the documents ``where`` admits."""
        ...

    def lexical(self, terms: list[str], k: int, where: MetadataFilter | None = None, also: Collection[int] = ()
                ) -> list[tuple[int, float]]:
        """(row, BM25 scaled to 0-1 by the best match) of the ``k`` best lexical matches, then of the rows in
        ``also`` that match but are not among them (the dense search's candidates get their lexical score)."""
        ...

    def header_scores(self, terms: list[str], doc_ids: list[str]) -> dict[str, float]:
        """BM25 (0-1) of each document's header against ``terms``, for the given documents."""
        ...

    def header_documents(self, names: list[str], k: int) -> list[str]:
        """Up to ``k`` documents, of all, whose header holds one of ``names`` (``PreparedDocument.header_names``),
        those holding the most first."""
        ...

    def chunk_facts(self, rows: list[int]) -> dict[int, ChunkFacts]:
        """Document and figure kinds of each chunk of ``rows`` (rows of removed chunks may be left out)."""
        ...

    def chunks(self, rows: list[int]) -> dict[int, StoredChunk]: ...

    def chunk_vectors(self, rows: list[int]) -> np.ndarray: ...

    def sentences(self, chunks: list[Chunk]) -> dict[str, list[SentenceRecord]]:
        """The sentences inside each chunk, by chunk id, in text order."""
        ...

    def term_weights(self, terms: list[str]) -> dict[str, float]:
        """Inverse document frequency of each term over the chunks (0 for terms no chunk has)."""
        ...

    def mentioned(self, terms: list[str]) -> set[str]:
        """Those of ``terms`` that some chunk or some document header contains."""
        ...

    def summaries(self, doc_ids: list[str]) -> dict[str, dict]:
        """Header fields, file and chunk count of the given documents."""
        ...

    def passages(self, doc_id: str) -> list[Chunk]:
        """The chunks of a document in text order (for reviewing how it was cut)."""
        ...

    def document(self, doc_id: str) -> Document | None: ...


class IndexBackend(Protocol):
    """A store of documents, chunks and vectors with atomic changes and consistent reads."""

    name: str

    def open(self, expected: Manifest, create: bool = False) -> None:
        """Open (or, with ``create``, create) the index; refuse one built with other settings."""
        ...

    def exists(self) -> bool: ...

    def recover(self) -> list[str]:
        """Remove what an interrupted writer left; what was removed."""
        ...

    def stats(self) -> IndexStats: ...

    def reader(self) -> AbstractContextManager[IndexReader]: ...

    def fingerprints(self, doc_ids: list[str] | None = None) -> dict[str, tuple[str, str]]:
        """{doc id: (file, content hash)} of ``doc_ids`` that are indexed (every document without them), to
        tell new, changed and unchanged files apart."""
        ...

    def known_vectors(self, chunk_hashes: list[str], sentence_hashes: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by text hash, so that unchanged text is never embedded again."""
        ...

    def apply(self, upserts: list[PreparedDocument], removals: list[str]) -> Commit:
        """Add or replace ``upserts`` and remove the documents ``removals`` names, in one atomic commit."""
        ...

    def documents(self, offset: int = 0, limit: int | None = None) -> Iterator[dict]:
        """Summaries of every document, ordered by file name."""
        ...

    def export_documents(self) -> Iterator[Document]:
        """Every stored document, whatever settings built the index (for a rebuild)."""
        ...

    def compact(self, full: bool = False) -> bool:
        """Merge what many small commits left; True if anything was merged."""
        ...

    def close(self) -> None: ...


def checkpoint(stage: str) -> None:
    """Fault injection for the durability tests: ``RAG_INGEST_PAUSE_AT=<stage>`` parks a writer here.

    The test then kills the process with SIGKILL and checks that the index is the old state or
    the new one, never a mixture.
    """
    if os.environ.get("RAG_INGEST_PAUSE_AT") == stage:
        print(f"paused at {stage}", flush=True)
        time.sleep(3600)


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
