"""The FAISS half of the embedded backend: chunk vectors in immutable, memory-mapped segment files.

Each commit writes its chunk vectors as one small *flat* segment (exact search), so that
publishing a document costs the same at any corpus size. Compaction later merges flat
segments into an *HNSW* segment (approximate search, bounded work per question) and drops
the vectors of removed chunks. A segment is ``<name>.faiss`` (the vectors, in insertion
order), ``<name>.rows.npy`` (the chunk row of each vector, ascending), ``<name>.terms.npy`` (each
chunk's number of lexical terms, which BM25 normalises by: rag/index/local/bm25.py) and ``<name>.facts.npy``
(each chunk's figure kinds and the row of its document's first chunk: what fusion needs of every candidate, read
here instead of from SQLite, where 300 candidates cost a question 1.3 ms). All are opened memory-mapped, so
start-up opens files and reads nothing per chunk. Segments written before 2026-12-06 have no facts file until
compaction adds one (``write_facts``); their candidates' facts come from SQLite meanwhile.

Filters and removed chunks are applied inside the search: a small set of admitted vectors is
scored exactly; a large one is passed to FAISS as an ``IDSelector``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

HNSW_M = 32
# 400 rather than 200 (and ef_search 512, rag.config): on the real model's vectors of 48k passages, recall@10
# against exact search rose from 0.92-0.93 to 0.98-0.99 for a merge twice as slow (eval/bench_scale_results.md).
HNSW_EF_CONSTRUCTION = 400
# Below this many admitted vectors a filtered search scores them exactly instead of walking the graph.
EXACT_BELOW = 20_000
TERM_COUNT_DTYPE = np.uint16  # a chunk holds at most a few hundred terms
FACT_COLUMNS = 2  # figure kinds (a bit mask), the row of the document's first chunk


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    kind: str  # "flat" or "hnsw"
    vectors: int


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_segment(directory: Path, name: str, rows: np.ndarray, vectors: np.ndarray, term_counts: np.ndarray,
                  facts: np.ndarray, kind: str, threads: int | None = None) -> SegmentSpec:
    """Write a segment durably (fsync) under ``name``: the chunks ``rows`` with their vectors, term counts and
    facts (one row of ``FACT_COLUMNS`` per chunk)."""
    order = np.argsort(rows, kind="stable")
    rows, vectors = np.ascontiguousarray(rows[order], dtype=np.int64), np.ascontiguousarray(vectors[order],
                                                                                             dtype=np.float32)
    term_counts = np.ascontiguousarray(np.asarray(term_counts)[order], dtype=TERM_COUNT_DTYPE)
    facts = np.asarray(facts, dtype=np.int64).reshape(-1, FACT_COLUMNS)[order]
    dimension = vectors.shape[1]
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        index = faiss.IndexFlatIP(dimension)
    if threads:
        previous = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(threads)
    try:
        index.add(vectors)
    finally:
        if threads:
            faiss.omp_set_num_threads(previous)
    directory.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(directory / f"{name}.faiss"))
    np.save(directory / f"{name}.rows.npy", rows)
    np.save(directory / f"{name}.terms.npy", term_counts)
    np.save(directory / f"{name}.facts.npy", facts)
    for path in segment_files(directory, name):
        _fsync(path)
    return SegmentSpec(name, kind, len(rows))


def write_facts(directory: Path, name: str, facts: np.ndarray) -> None:
    """Add the facts file to a segment written without one (``facts`` in the segment's row order). The segment is
    immutable and the file derived, so no commit is needed: it appears whole (renamed into place) or not at all,
    and a reader that opened the segment before keeps reading those facts from SQLite."""
    partial = directory / f"{name}.facts.partial.npy"
    np.save(partial, np.ascontiguousarray(facts, dtype=np.int64).reshape(-1, FACT_COLUMNS))
    _fsync(partial)
    partial.replace(directory / f"{name}.facts.npy")


def segment_files(directory: Path, name: str) -> list[Path]:
    return [directory / f"{name}.{part}" for part in ("faiss", "rows.npy", "terms.npy", "facts.npy")]


class Segment:
    """An opened segment: its FAISS index (memory-mapped) and its rows."""

    def __init__(self, directory: Path, spec: SegmentSpec, ef_search: int) -> None:
        self.spec = spec
        self.index = faiss.read_index(str(directory / f"{spec.name}.faiss"), faiss.IO_FLAG_MMAP_IFC)
        # Plain arrays over the mapped files: indexing a np.memmap runs Python code per call, and a question on a
        # large index looks rows up in every segment hundreds of times.
        self.rows = np.asarray(np.load(directory / f"{spec.name}.rows.npy", mmap_mode="r"))
        self.term_counts = np.asarray(np.load(directory / f"{spec.name}.terms.npy", mmap_mode="r"))
        facts = directory / f"{spec.name}.facts.npy"
        self.facts = np.asarray(np.load(facts, mmap_mode="r")) if facts.exists() else None
        self._span = (int(self.rows[0]), int(self.rows[-1])) if len(self.rows) else None
        if not self.index.ntotal == len(self.rows) == len(self.term_counts) == \
                (len(self.rows) if self.facts is None else len(self.facts)):
            raise ValueError(f"segment {spec.name}: {self.index.ntotal} vectors, {len(self.rows)} rows, "
                             f"{len(self.term_counts)} term counts and "
                             f"{'no' if self.facts is None else len(self.facts)} facts")
        if spec.kind == "hnsw":
            self.index.hnsw.efSearch = ef_search
        storage = faiss.downcast_index(self.index.storage) if spec.kind == "hnsw" else self.index
        self.vectors = faiss.rev_swig_ptr(storage.get_xb(), self.index.ntotal * self.index.d).reshape(
            self.index.ntotal, self.index.d) if self.index.ntotal else np.zeros((0, self.index.d), np.float32)

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Positions in this segment of those of ``rows`` (ascending) that it holds."""
        rows = np.asarray(rows)
        if self._span is None or len(rows) == 0 or rows[-1] < self._span[0] or rows[0] > self._span[1]:
            return np.zeros(0, np.int64)
        # Only the rows in this segment's range are looked up: most segments are small and hold few of them.
        rows = rows[rows.searchsorted(self._span[0]) : rows.searchsorted(self._span[1], side="right")]
        at = self.rows.searchsorted(rows)
        inside = at < len(self.rows)
        at = at[inside]
        return at[self.rows[at] == rows[inside]]

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None, dead: np.ndarray) -> tuple[
            np.ndarray, np.ndarray]:
        """(rows, scores) of the best ``k`` vectors of this segment that are admitted and alive."""
        n = self.index.ntotal
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        dead_at = self.positions(dead) if len(dead) else np.zeros(0, np.int64)
        if allowed is not None:
            at = self.positions(allowed)
            if len(dead_at):
                at = np.setdiff1d(at, dead_at, assume_unique=True)
            if len(at) == 0:
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            if len(at) < EXACT_BELOW or self.spec.kind == "flat":
                return self._exact(query, k, at)
            selector = faiss.IDSelectorBatch(at.astype(np.int64))
        elif len(dead_at):
            if self.spec.kind == "flat":
                return self._exact(query, k, np.setdiff1d(np.arange(n), dead_at, assume_unique=True))
            selector = faiss.IDSelectorNot(faiss.IDSelectorBatch(dead_at.astype(np.int64)))
        else:
            selector = None
        params = None
        if selector is not None:
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=self.index.hnsw.efSearch) \
                if self.spec.kind == "hnsw" else faiss.SearchParameters(sel=selector)
        scores, found = self.index.search(query.reshape(1, -1), min(k, n), params=params)
        keep = found[0] >= 0
        return np.asarray(self.rows[found[0][keep]], dtype=np.int64), scores[0][keep]

    def _exact(self, query: np.ndarray, k: int, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scores = self.vectors[at] @ query
        top = np.argpartition(-scores, min(k, len(at)) - 1)[:k] if len(at) > k else np.arange(len(at))
        return np.asarray(self.rows[at[top]], dtype=np.int64), scores[top].astype(np.float32)

    def _of(self, rows: np.ndarray, values: np.ndarray, dtype) -> tuple[np.ndarray, np.ndarray]:
        """(those of ``rows`` (ascending) found here, their entries of ``values``, one per vector)."""
        at = self.positions(rows)
        return np.asarray(self.rows[at], dtype=np.int64), np.asarray(values[at], dtype=dtype)

    def vectors_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows found here, their vectors)."""
        return self._of(rows, self.vectors, np.float32)

    def term_counts_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows found here, their lexical term counts)."""
        return self._of(rows, self.term_counts, np.int64)

    def facts_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows found here, their facts: figure kinds, first row of the document). Nothing when the segment has no
        facts file."""
        if self.facts is None:
            return np.zeros(0, np.int64), np.zeros((0, FACT_COLUMNS), np.int64)
        return self._of(rows, self.facts, np.int64)


def search_segments(segments: list[Segment], query: np.ndarray, k: int, allowed: np.ndarray | None,
                    dead: np.ndarray) -> list[tuple[int, float]]:
    """The best ``k`` (row, score) over all segments, best first (ties by row, for stable answers)."""
    rows, scores = [], []
    for segment in segments:
        r, s = segment.search(query, k, allowed, dead)
        rows.append(r)
        scores.append(s)
    if not rows:
        return []
    rows_all, scores_all = np.concatenate(rows), np.concatenate(scores)
    order = np.lexsort((rows_all, -scores_all))[:k]
    return [(int(rows_all[i]), float(scores_all[i])) for i in order]
