"""Merging segments: what many small commits and removals leave behind, bounded again.

Every commit adds a small flat segment, and removed chunks leave dead vectors. Left alone,
questions would scan more and more flat vectors, in more and more segments: a question searches
every segment, so 200 one-document uploads made ``ask`` on a 10,000-document index half as slow
again (20 -> 30 ms). Compaction keeps that bounded: when there are more than ``max_flat_segments``
flat segments the smallest are merged into one flat segment (milliseconds: no graph to build),
flat segments are merged into an HNSW segment once they hold ``flat_limit`` vectors, the smallest HNSW
segments are merged when there are more than ``max_hnsw_segments``, and a segment that is
mostly dead is rewritten. Like a commit, a merge writes its new segment first and then swaps
the segment list and drops the dead rows it absorbed in one SQLite transaction; a merge killed before that
commit leaves its new files, one killed after it the old ones, and the next start removes whichever no commit
registers (tests/test_index.py).
"""

from __future__ import annotations

import uuid

import numpy as np

from rag.index.base import checkpoint
from rag.index.local import store
from rag.index.local.segments import FACT_COLUMNS, Segment, SegmentSpec, write_facts, write_segment

DEAD_SHARE = 0.3


def plan(specs: list[SegmentSpec], snapshot, backend, full: bool) -> list[Segment]:
    """The segments to merge now (empty: nothing to do)."""
    segments = list(snapshot.segments)
    if full:
        return segments if len(segments) > 1 or (segments and _dead_in(segments[0], snapshot.dead)) else []
    flat = [s for s in segments if s.spec.kind == "flat"]
    if sum(s.spec.vectors for s in flat) >= backend.flat_limit:
        return flat
    if len(flat) > backend.max_flat_segments:  # half as many remain: one merge per few commits, each small
        return sorted(flat, key=lambda s: s.spec.vectors)[: len(flat) - backend.max_flat_segments // 2]
    hnsw = sorted((s for s in segments if s.spec.kind == "hnsw"), key=lambda s: s.spec.vectors)
    if len(hnsw) > backend.max_hnsw_segments:
        return hnsw[: len(hnsw) - backend.max_hnsw_segments + 1]
    return [s for s in segments if s.spec.vectors and _dead_in(s, snapshot.dead) >= DEAD_SHARE * s.spec.vectors][:1]


def _dead_in(segment: Segment, dead: np.ndarray) -> int:
    return len(segment.positions(dead)) if len(dead) else 0


def run(backend, snapshot, chosen: list[Segment]) -> None:
    """Merge ``chosen`` into one segment (HNSW from ``flat_limit`` vectors up) and swap it in atomically."""
    rows, vectors, term_counts, facts = [], [], [], []
    conn = store.connect(backend.db_path)
    try:
        for segment in chosen:
            alive = np.ones(segment.spec.vectors, dtype=bool)
            alive[segment.positions(snapshot.dead)] = False
            rows.append(np.asarray(segment.rows)[alive])
            vectors.append(np.asarray(segment.vectors)[alive])
            term_counts.append(np.asarray(segment.term_counts)[alive])
            facts.append(np.asarray(segment.facts)[alive] if segment.facts is not None else
                         stored_facts(conn, rows[-1]))
        rows_all = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        generation = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]) + 1
        spec = None
        if len(rows_all):
            kind = "hnsw" if len(rows_all) >= backend.flat_limit else "flat"
            spec = write_segment(backend.segments_dir, f"g{generation:09d}-{uuid.uuid4().hex[:8]}", rows_all,
                                 np.concatenate(vectors), np.concatenate(term_counts), np.concatenate(facts), kind,
                                 threads=backend.build_threads)
        checkpoint("compaction-segment-written")
        absorbed = np.concatenate([np.asarray(s.rows)[s.positions(snapshot.dead)] for s in chosen])
        with store.immediate(conn):
            names = [s.spec.name for s in chosen]
            conn.executemany("DELETE FROM segments WHERE name = ?", [(n,) for n in names])
            conn.executemany("DELETE FROM dead_rows WHERE row = ?", [(int(r),) for r in absorbed])
            if spec is not None:
                conn.execute("INSERT INTO segments (name, kind, vectors) VALUES (?, ?, ?)",
                             (spec.name, spec.kind, spec.vectors))
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('generation', ?)", (str(generation),))
    finally:
        conn.close()
    checkpoint("compaction-committed")
    # Readers that still map the old files keep them until they let go (unlinking does not disturb a mapping).
    from rag.index.local.backend import remove_segment_files

    remove_segment_files(backend.segments_dir, [s.spec.name for s in chosen])


def stored_facts(conn, rows: np.ndarray) -> np.ndarray:
    """The facts of ``rows`` (segments.FACT_COLUMNS) from SQLite, for a segment written without them. A document's
    chunks take consecutive rows, so its first chunk is its smallest; a removed chunk's facts are (0, -1)."""
    found = {}
    for start in range(0, len(rows), 500):
        part = [int(r) for r in rows[start : start + 500]]
        found.update((row, (kinds, first)) for row, kinds, first in conn.execute(
            "SELECT c.row, c.figure_kinds, (SELECT MIN(row) FROM chunks WHERE doc_id = c.doc_id) FROM chunks c "
            f"WHERE c.row IN ({','.join('?' * len(part))})", part))
    return np.array([found.get(int(r), (0, -1)) for r in rows], dtype=np.int64).reshape(-1, FACT_COLUMNS)


def add_facts(backend, snapshot) -> list[str]:
    """Give the segments written before facts files existed one each (the caller holds the write lock), without
    rewriting their vectors: an index from before 2026-12-06 gets the faster candidate reads in the processes that
    open it afterwards, and in a running one from its next commit. Returns the segments' names."""
    missing = [s for s in snapshot.segments
               if s.facts is None and not (backend.segments_dir / f"{s.spec.name}.facts.npy").exists()]
    if missing:
        conn = store.connect(backend.db_path, readonly=True)
        try:
            for segment in missing:
                write_facts(backend.segments_dir, segment.spec.name, stored_facts(conn, np.asarray(segment.rows)))
        finally:
            conn.close()
    return [s.spec.name for s in missing]


def shrink_database(db_path) -> None:
    """Give back the room that replaced and removed rows leave in the database: FTS5 merges its postings into one
    b-tree per table ('optimize'; a contentless table keeps a delete marker for each removed passage until then),
    and VACUUM returns the free pages. Every table keys its rows explicitly, so no row id changes. On a 5,385-
    document index whose every document had been read again: 395 -> 351 MiB (FTS postings 32 -> 9 MiB), 4 s."""
    conn = store.connect(db_path)
    try:
        for table in ("chunk_fts", "header_fts"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        conn.execute("VACUUM")
        # VACUUM wrote the whole database into the WAL: fold it back now, not at the next write (busy while a
        # reader holds an older snapshot; the WAL is then reset by a later checkpoint).
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
