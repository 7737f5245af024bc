"""One committed version of the embedded index, as the IndexReader role reads it."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from rag.chunking import Chunk
from rag.documents import Document
from rag.index.base import ChunkFacts, SentenceRecord, StoredChunk
from rag.index.filters import MetadataFilter
from rag.index.local import bm25
from rag.index.local.reads import StoreReader
from rag.index.local.segments import Segment, search_segments


class LocalReader:
    def __init__(self, store: StoreReader, segments: tuple[Segment, ...], dead: np.ndarray, version: str) -> None:
        self._store, self._segments, self._dead, self.version = store, segments, dead, version
        # This reader's (one question's) reads: a named document's filter is searched densely and lexically.
        self._postings: dict[tuple[str, ...], list[bm25.Postings]] = {}
        self._allowed: dict[str, np.ndarray] = {}  # by the filter's repr: an 'in' condition's value is a list

    def dense(self, vector: np.ndarray, k: int, where: MetadataFilter | None = None) -> list[tuple[int, float]]:
        allowed = self._allowed_rows(where) if where is not None else None
        if allowed is not None and len(allowed) == 0:
            return []
        return search_segments(list(self._segments), np.ascontiguousarray(vector, dtype=np.float32), k, allowed,
                               self._dead)

    def lexical(self, terms: list[str], k: int, where: MetadataFilter | None = None, also: Collection[int] = ()
                ) -> list[tuple[int, float]]:
        """BM25 (FTS5's formula) of the passages holding the question's terms; the best ``k``, then the rows of
        ``also`` that hold some, scaled by the best."""
        postings = self._postings_of(terms, where)
        if not postings:
            return []
        rows = np.unique(np.concatenate([p.levels[0] for p in postings]))
        chunks = self._store.count("chunks")
        values = bm25.scores(postings, rows, self._term_counts(rows), chunks, self._store.count("chunk_terms") / chunks)
        return bm25.top(rows, values, k, np.unique(np.fromiter(also, dtype=np.int64)) if also else None)

    def _postings_of(self, terms: list[str], where: MetadataFilter | None) -> list[bm25.Postings]:
        """The terms' postings, read once per reader: a search inside a filter (the documents a question names)
        keeps the filter's rows of the postings the search of the whole index read, instead of matching every
        term again with the filter in SQL (which doubled a question's retrieval time)."""
        key = tuple(terms)
        if key not in self._postings:
            self._postings[key] = self._store.lexical_postings(terms, None)
        postings = self._postings[key]
        if where is None:
            return postings
        allowed = self._allowed_rows(where)
        kept = [bm25.Postings(p.term, p.df, tuple(level for level in (np.intersect1d(lv, allowed, assume_unique=True)
                                                                      for lv in p.levels) if len(level)))
                for p in postings]
        return [p for p in kept if p.levels]

    def _allowed_rows(self, where: MetadataFilter) -> np.ndarray:
        key = repr(where)
        if key not in self._allowed:
            self._allowed[key] = self._store.allowed_rows(where)
        return self._allowed[key]

    def _term_counts(self, rows: np.ndarray) -> np.ndarray:
        counts = np.zeros(len(rows), dtype=np.float64)
        for segment in self._segments:
            at_rows, found = segment.term_counts_of(rows)
            counts[np.searchsorted(rows, at_rows)] = found
        return counts

    def header_scores(self, terms: list[str], doc_ids: list[str]) -> dict[str, float]:
        return self._store.header_scores(terms, doc_ids)

    def header_documents(self, names: list[str], k: int) -> list[str]:
        return self._store.header_documents(names, k)

    def chunk_facts(self, rows: list[int]) -> dict[int, ChunkFacts]:
        """From the segments' facts files, plus one read per document the backend has not seen yet (it remembers
        them for its life: reads.StoreReader.document_ids); rows of segments written without such a file from
        SQLite."""
        wanted = np.unique(np.asarray(rows, dtype=np.int64))
        kinds, firsts = np.zeros(len(wanted), np.int64), np.full(len(wanted), -1, np.int64)
        for segment in self._segments:
            at_rows, facts = segment.facts_of(wanted)
            at = np.searchsorted(wanted, at_rows)
            kinds[at], firsts[at] = facts[:, 0], facts[:, 1]
        known = firsts >= 0
        out = self._store.chunk_facts(wanted[~known].tolist()) if not known.all() else {}
        documents = self._store.document_ids(np.unique(firsts[known]).tolist())
        # Rows whose document was removed (dead: the searches never return them) may have no document left.
        out.update({row: ChunkFacts(row, documents[first], kind) for row, kind, first in
                    zip(wanted[known].tolist(), kinds[known].tolist(), firsts[known].tolist(), strict=True)
                    if first in documents})
        return out

    def chunks(self, rows: list[int]) -> dict[int, StoredChunk]:
        return self._store.chunks(rows)

    def chunk_vectors(self, rows: list[int]) -> np.ndarray:
        """Vectors of ``rows``, in that order (rows of removed chunks are never asked for)."""
        dimension = self._segments[0].index.d if self._segments else 0
        wanted, order = np.unique(np.asarray(rows, dtype=np.int64), return_inverse=True)
        gathered = np.zeros((len(wanted), dimension), dtype=np.float32)
        for segment in self._segments:
            at_rows, vectors = segment.vectors_of(wanted)
            gathered[np.searchsorted(wanted, at_rows)] = vectors
        return gathered[order.reshape(-1)]

    def sentences(self, chunks: list[Chunk]) -> dict[str, list[SentenceRecord]]:
        return self._store.sentences(chunks)

    def term_weights(self, terms: list[str]) -> dict[str, float]:
        return self._store.term_weights(terms)

    def mentioned(self, terms: list[str]) -> set[str]:
        return self._store.mentioned(terms)

    def summaries(self, doc_ids: list[str]) -> dict[str, dict]:
        return self._store.summaries(doc_ids)

    def passages(self, doc_id: str) -> list[Chunk]:
        return self._store.passages(doc_id)

    def document(self, doc_id: str) -> Document | None:
        return self._store.document(doc_id)
