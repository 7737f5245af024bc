"""The on-disk index: FAISS vectors + SQLite metadata + a manifest, versioned and swapped atomically.

Layout under the index directory::

    CURRENT                 name of the live version (replaced atomically)
    versions/<name>/        manifest.json, chunks.faiss, sentences.npy, clauses.npy, meta.sqlite

A build writes a new version into a temporary directory, renames it into
``versions/`` and only then points ``CURRENT`` at it, so a crash at any point
leaves the previous version live and intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from embeddings.base import Embedder
from embeddings.cache import EmbeddingCache
from rag.chunking import Chunk, ChunkerSettings, chunk_document, clause_spans, sentence_spans
from rag.documents import Document
from rag.errors import IndexCorruptError, IndexMismatchError, IndexNotFoundError
from rag.store import MetadataStore, write_store

FORMAT_VERSION = 2
_REBUILD_HINT = "Rebuild it with `rag index --rebuild` (it keeps the indexed documents and re-reads them)."


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model_name: str
    model_fingerprint: str
    dimension: int
    normalized: bool
    chunker: dict
    corpus_hash: str
    documents: int
    chunks: int
    sentences: int
    clauses: int
    created_at: str

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, json.JSONDecodeError, TypeError) as exc:
            raise IndexCorruptError(f"index manifest {path} is unreadable ({exc}). {_REBUILD_HINT}") from exc

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")

    def check_compatible(self, model_name: str, fingerprint: str | None, chunker: ChunkerSettings) -> None:
        """Refuse an index built with another model or chunker than the configured ones."""
        problems = []
        if self.format_version != FORMAT_VERSION:
            problems.append(f"index format {self.format_version} (this version reads {FORMAT_VERSION})")
        if self.model_name != model_name:
            problems.append(f"embedding model {self.model_name!r} (configured: {model_name!r})")
        elif fingerprint is not None and self.model_fingerprint != fingerprint:
            problems.append(f"model fingerprint {self.model_fingerprint} (configured model: {fingerprint})")
        if self.chunker != chunker.as_dict():
            problems.append(f"chunker settings {self.chunker} (configured: {chunker.as_dict()})")
        if not self.normalized:
            problems.append("unnormalised vectors (inner-product search needs normalised vectors)")
        if problems:
            raise IndexMismatchError("the index was built with " + "; ".join(problems) + f". {_REBUILD_HINT}")


def corpus_hash(documents: list[Document]) -> str:
    h = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.file):
        h.update(f"{doc.file}\x1f{doc.content_hash}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class BuildReport:
    version: str
    documents: int
    chunks: int
    sentences: int
    clauses: int
    embedded: int  # texts that had to be embedded (the rest came from the cache)
    seconds: float


def _current_version(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    version = index_dir / "versions" / name
    if not name or not version.is_dir():
        raise IndexCorruptError(f"{pointer} points at a missing version {name!r}. {_REBUILD_HINT}")
    return version


def stored_documents(index_dir: Path) -> list[Document]:
    """The documents of the live version (none if there is no index), whatever settings built it."""
    version = _current_version(Path(index_dir))
    if version is None:
        return []
    try:
        store = MetadataStore(version / "meta.sqlite")
    except sqlite3.Error as exc:
        raise IndexCorruptError(f"index version {version} cannot be read ({exc}). {_REBUILD_HINT}") from exc
    try:
        return store.documents()
    finally:
        store.close()


def index_exists(index_dir: Path) -> bool:
    return (Path(index_dir) / "CURRENT").is_file()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint(stage: str) -> None:
    """Fault injection for the durability tests: ``RAG_INGEST_PAUSE_AT=<stage>`` parks the build here.

    The test then kills the process with SIGKILL and checks that the index is the old
    version or the new one, never a mixture.
    """
    if os.environ.get("RAG_INGEST_PAUSE_AT") == stage:
        print(f"paused at {stage}", flush=True)
        time.sleep(3600)


def remove_debris(index_dir: Path) -> list[str]:
    """Delete what an interrupted build left: staging folders, unpublished versions, a stray pointer.

    Only a writer may call this (rag.ingest holds the write lock), since a build in progress
    looks exactly like debris.
    """
    index_dir = Path(index_dir)
    live = (index_dir / "CURRENT").read_text(encoding="utf-8").strip() if (index_dir / "CURRENT").is_file() else None
    removed = []
    versions = index_dir / "versions"
    for item in versions.iterdir() if versions.is_dir() else []:
        if item.name != live:
            shutil.rmtree(item, ignore_errors=True)
            removed.append(item.name)
    (index_dir / "CURRENT.tmp").unlink(missing_ok=True)
    return removed


def _publish(index_dir: Path, staged: Path, name: str) -> None:
    versions = index_dir / "versions"
    final = versions / name
    os.replace(staged, final)
    _fsync_dir(versions)
    checkpoint("version-moved")
    pointer_tmp = index_dir / "CURRENT.tmp"
    pointer_tmp.write_text(name, encoding="utf-8")
    with open(pointer_tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    checkpoint("pointer-written")
    os.replace(pointer_tmp, index_dir / "CURRENT")
    _fsync_dir(index_dir)
    checkpoint("published")
    remove_debris(index_dir)


def build_index(
    documents: list[Document],
    embedder: Embedder,
    chunker: ChunkerSettings,
    index_dir: Path,
    cache: EmbeddingCache,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Chunk, embed (through the cache) and publish a new index version."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    (index_dir / "versions").mkdir(parents=True, exist_ok=True)
    embedder.warm_up()

    chunks: list[Chunk] = []
    sentences: list[tuple[str, int, int]] = []
    for doc in documents:
        chunks.extend(chunk_document(doc, chunker))
        sentences.extend((doc.id, a, b) for a, b in sentence_spans(doc, chunker))
    texts_by_doc = {d.id: d.text for d in documents}
    clauses = [(row, a, b) for row, (d, start, end) in enumerate(sentences)
               for a, b in clause_spans(texts_by_doc[d], start, end)]
    chunk_texts = [c.embedding_text() for c in chunks]
    sentence_texts = [texts_by_doc[d][a:b] for d, a, b in sentences]
    clause_texts = [texts_by_doc[sentences[row][0]][a:b] for row, a, b in clauses]

    total = len(chunk_texts) + len(sentence_texts) + len(clause_texts)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    chunk_vectors, embedded_chunks = cache.encode_documents(embedder, chunk_texts, progress=advance)
    sentence_vectors, embedded_sentences = cache.encode_documents(embedder, sentence_texts, progress=advance)
    clause_vectors, embedded_clauses = cache.encode_documents(embedder, clause_texts, progress=advance)
    checkpoint("embedded")

    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staged = Path(tempfile.mkdtemp(prefix=".staging-", dir=index_dir / "versions"))
    try:
        vectors = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dimension))
        if len(chunks):
            vectors.add_with_ids(chunk_vectors, np.arange(len(chunks), dtype=np.int64))
        faiss.write_index(vectors, str(staged / "chunks.faiss"))
        checkpoint("vectors-written")
        np.save(staged / "sentences.npy", sentence_vectors)
        np.save(staged / "clauses.npy", clause_vectors)
        write_store(staged / "meta.sqlite", documents, chunks, sentences, clauses)
        checkpoint("store-written")
        Manifest(
            format_version=FORMAT_VERSION,
            model_name=embedder.model_name,
            model_fingerprint=embedder.fingerprint,
            dimension=embedder.dimension,
            normalized=True,
            chunker=chunker.as_dict(),
            corpus_hash=corpus_hash(documents),
            documents=len(documents),
            chunks=len(chunks),
            sentences=len(sentences),
            clauses=len(clauses),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        ).write(staged / "manifest.json")
        for item in staged.iterdir():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
        _publish(index_dir, staged, name)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return BuildReport(
        version=name,
        documents=len(documents),
        chunks=len(chunks),
        sentences=len(sentences),
        clauses=len(clauses),
        embedded=embedded_chunks + embedded_sentences + embedded_clauses,
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


class VectorIndex:
    """A loaded, read-only index version."""

    def __init__(self, version_dir: Path, manifest: Manifest) -> None:
        self.version_dir = version_dir
        self.manifest = manifest
        try:
            self._faiss = faiss.read_index(str(version_dir / "chunks.faiss"))
            self.sentence_vectors = np.load(version_dir / "sentences.npy")
            self.clause_vectors = np.load(version_dir / "clauses.npy")
            self.store = MetadataStore(version_dir / "meta.sqlite")
            self.chunks = self.store.chunks()
            sentences = self.store.sentences()
            self.clauses = self.store.clauses()
        except (OSError, RuntimeError, ValueError, sqlite3.Error) as exc:
            raise IndexCorruptError(f"index version {version_dir} cannot be read ({exc}). {_REBUILD_HINT}") from exc
        self._check_consistent(sentences)
        # clause row -> sentence row, for "best clause of each sentence" in one vectorised step
        self.clause_sentence = np.array([c[0] for c in self.clauses], dtype=np.int64)
        self._clauses_by_sentence: dict[int, list[tuple[int, int, int]]] = {}
        for row, (sentence_row, start, end) in enumerate(self.clauses):
            self._clauses_by_sentence.setdefault(sentence_row, []).append((row, start, end))
        self._sentences_by_doc: dict[str, list[tuple[int, int, int]]] = {}
        for row, (doc_id, start, end) in enumerate(sentences):
            self._sentences_by_doc.setdefault(doc_id, []).append((row, start, end))

    def _check_consistent(self, sentences: list) -> None:
        m = self.manifest
        counts = (self._faiss.ntotal, len(self.chunks), len(sentences), self.sentence_vectors.shape[0],
                  len(self.clauses), self.clause_vectors.shape[0])
        expected = (m.chunks, m.chunks, m.sentences, m.sentences, m.clauses, m.clauses)
        if counts != expected or (self._faiss.ntotal and self._faiss.d != m.dimension):
            raise IndexCorruptError(
                f"index version {self.version_dir} is inconsistent: vectors/chunks/sentences/sentence vectors/"
                f"clauses/clause vectors {counts} but the manifest says {expected}. {_REBUILD_HINT}"
            )
        # Every chunk has its vector and no vector lacks its chunk: FAISS ids are exactly the chunk rows.
        vector_ids = np.sort(faiss.vector_to_array(self._faiss.id_map)) if self._faiss.ntotal else np.array([])
        if not np.array_equal(vector_ids, np.arange(len(self.chunks))) or self.store.chunk_rows() != list(
                range(len(self.chunks))):
            raise IndexCorruptError(f"index version {self.version_dir}: chunk rows and vector ids differ. "
                                    f"{_REBUILD_HINT}")

    @classmethod
    def load(cls, index_dir: Path, model_name: str, fingerprint: str | None, chunker: ChunkerSettings) -> VectorIndex:
        version = _current_version(Path(index_dir))
        if version is None:
            raise IndexNotFoundError(f"no index in {index_dir}. Build one with `rag index` (or start `rag serve`).")
        manifest = Manifest.read(version / "manifest.json")
        manifest.check_compatible(model_name, fingerprint, chunker)
        return cls(version, manifest)

    def close(self) -> None:
        self.store.close()

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Inner product of the query with every chunk vector, in chunk-row order."""
        scores = np.full(len(self.chunks), -1.0, dtype=np.float32)
        found, ids = self._faiss.search(query_vector.reshape(1, -1).astype(np.float32), len(self.chunks))
        valid = ids[0] >= 0
        scores[ids[0][valid]] = found[0][valid]
        return scores

    def clauses_in(self, sentence_row: int) -> list[tuple[int, int, int]]:
        """(clause row, char_start, char_end) of the clauses of a sentence."""
        return self._clauses_by_sentence.get(sentence_row, [])

    def sentences_in(self, chunk: Chunk) -> list[tuple[int, int, int]]:
        """(sentence row, char_start, char_end) of the sentences inside ``chunk``."""
        return [
            s for s in self._sentences_by_doc.get(chunk.doc_id, [])
            if s[1] >= chunk.char_start and s[2] <= chunk.char_end
        ]
