"""The IndexReader role on Qdrant: dense, sparse BM25 and fused queries, with documents' live versions.

Points whose ``gen`` is not their document's live ``gen`` (a change in flight, or one a killed
writer left) are dropped from every result: the reader reads each document's ``gen`` once and
keeps it, so one question sees each document in one version.

Ranking: :meth:`dense` and :meth:`lexical` are separate queries, because the retriever
(rag.search.retrieval) mixes each signal's own score with weights tuned on the dev set;
:meth:`hybrid` is the same two searches fused inside Qdrant (``query_points`` with two
prefetches and reciprocal rank fusion) for clients that want Qdrant's fusion.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np
from qdrant_client import models

from rag.chunking import Chunk
from rag.documents import Document
from rag.index.base import ChunkFacts, SentenceRecord, StoredChunk
from rag.index.filters import FIELDS as _FIELDS
from rag.index.filters import MetadataFilter
from rag.index.qdrant import sparse
from rag.index.qdrant.filters import to_qdrant
from rag.index.qdrant.layout import HEADER_FIELDS, doc_point_id, document_from_payload, summary

_CHUNK_FIELDS = ["doc_id", "gen", "chunk_id", "file", "section", "char_start", "char_end", "text", "context",
                 "figure_kinds"]


class QdrantReader:
    def __init__(self, client, collections: dict[str, str], dimension: int, version: str,
                 lexical_max_df: float, statistics: dict | None = None) -> None:
        self._c, self._names, self._dimension, self.version = client, collections, dimension, version
        self.lexical_max_df = lexical_max_df
        self._gens: dict[str, int | None] = {}
        # Term and point counts of this version, shared by the readers of the version (the backend keeps them).
        statistics = statistics if statistics is not None else {}
        self._df: dict[tuple[str, str], int] = statistics.setdefault("df", {})
        self._total: dict[str, int] = statistics.setdefault("total", {})
        self._filters: dict[str, models.Filter | None] = {}  # by repr: conditions may hold lists

    # -- live versions ---------------------------------------------------------------------------
    def _live_gens(self, doc_ids) -> dict[str, int | None]:
        missing = [d for d in dict.fromkeys(doc_ids) if d not in self._gens]
        if missing:
            found = {p.payload["doc_id"]: p.payload["gen"] for p in self._c.retrieve(
                self._names["documents"], ids=[doc_point_id(d) for d in missing], with_payload=["doc_id", "gen"])}
            self._gens.update({d: found.get(d) for d in missing})
        return self._gens

    def _live(self, points) -> list:
        gens = self._live_gens(p.payload["doc_id"] for p in points)
        return [p for p in points if gens.get(p.payload["doc_id"]) == p.payload["gen"]]

    def _filter(self, where: MetadataFilter | None) -> models.Filter | None:
        if where is None:
            return None
        key = repr(where)
        if key not in self._filters:
            def documents():
                offset = None
                while True:
                    points, offset = self._c.scroll(self._names["documents"], limit=1024, offset=offset,
                                                    with_payload=models.PayloadSelectorInclude(
                                                        include=["doc_id", *(f"f_{f}" for f in _FIELDS)]))
                    yield from (p.payload for p in points)
                    if offset is None:
                        return

            self._filters[key] = to_qdrant(where, documents)
        return self._filters[key]

    def _query(self, kind: str, query, using: str, k: int, query_filter) -> list:
        """The ``k`` best live points (asking for more when stale points took places)."""
        limit = k
        for _ in range(4):
            points = self._c.query_points(self._names[kind], query=query, using=using, limit=limit,
                                          query_filter=query_filter, with_payload=["doc_id", "gen"]).points
            live = self._live(points)
            if len(live) >= k or len(points) < limit:
                return live[:k]
            limit = limit * 2 + (len(points) - len(live))
        return live[:k]

    # -- the role --------------------------------------------------------------------------------
    def dense(self, vector: np.ndarray, k: int, where: MetadataFilter | None = None) -> list[tuple[int, float]]:
        if k <= 0:
            return []
        points = self._query("chunks", np.asarray(vector, dtype=np.float32).tolist(), "dense", k,
                             self._filter(where))
        return [(int(p.id), float(p.score)) for p in points]

    def _frequency(self, kind: str, field: str, term: str) -> int:
        key = (kind, term)
        if key not in self._df:
            self._df[key] = self._c.count(self._names[kind], exact=True, count_filter=models.Filter(must=[
                models.FieldCondition(key=field, match=models.MatchValue(value=term))])).count
        return self._df[key]

    def _count(self, kind: str) -> int:
        if kind not in self._total:
            self._total[kind] = self._c.count(self._names[kind], exact=True).count
        return self._total[kind]

    def _kept(self, terms: list[str], kind: str, field: str) -> list[str]:
        """Terms some point has and at most ``lexical_max_df`` of the points have (as the local backend)."""
        limit = max(1000, self.lexical_max_df * self._count(kind))
        return [t for t in dict.fromkeys(terms) if 0 < self._frequency(kind, field, t) <= limit]

    def lexical(self, terms: list[str], k: int, where: MetadataFilter | None = None, also: Collection[int] = ()
                ) -> list[tuple[int, float]]:
        """BM25 (Qdrant's IDF × the stored saturated term frequencies) of the ``k`` best matches, then of the rows
        of ``also`` that match but are not among them (one more query, by id), scaled by the best match."""
        if not terms or k <= 0 or not self._count("chunks"):
            return []
        kept = self._kept(terms, "chunks", "terms")
        if not kept:
            return []
        query, query_filter = sparse.query_vector(kept), self._filter(where)
        points = self._query("chunks", query, "bm25", k, query_filter)
        # Equal scores (common without length normalisation) in row order, as the local backend returns them.
        points = sorted((p for p in points if p.score > 0), key=lambda p: (-p.score, int(p.id)))
        if not points:
            return []
        found = {int(p.id) for p in points}
        rest = sorted({int(r) for r in also} - found)
        if rest and len(points) == k:
            by_id = models.Filter(must=[models.HasIdCondition(has_id=rest), *([query_filter] if query_filter else [])])
            more = self._c.query_points(self._names["chunks"], query=query, using="bm25", limit=len(rest),
                                        query_filter=by_id, with_payload=["doc_id", "gen"]).points
            points += sorted((p for p in self._live(more) if p.score > 0), key=lambda p: int(p.id))
        top = points[0].score
        return [(int(p.id), float(p.score) / top) for p in points]

    def hybrid(self, vector: np.ndarray, terms: list[str], k: int, where: MetadataFilter | None = None,
               candidates: int = 200) -> list[tuple[int, float]]:
        """(row, fused score) of the ``k`` best chunks, dense and BM25 fused inside Qdrant (RRF)."""
        query_filter = self._filter(where)
        prefetch = [models.Prefetch(query=np.asarray(vector, dtype=np.float32).tolist(), using="dense",
                                    limit=candidates, filter=query_filter)]
        kept = self._kept(terms, "chunks", "terms") if terms else []
        if kept:
            prefetch.append(models.Prefetch(query=sparse.query_vector(kept), using="bm25", limit=candidates,
                                            filter=query_filter))
        points = self._c.query_points(self._names["chunks"], prefetch=prefetch,
                                      query=models.FusionQuery(fusion=models.Fusion.RRF), limit=k,
                                      with_payload=["doc_id", "gen"]).points
        return [(int(p.id), float(p.score)) for p in self._live(points)]

    def header_scores(self, terms: list[str], doc_ids: list[str]) -> dict[str, float]:
        kept = self._kept(terms, "documents", "header_terms")
        if not kept or not doc_ids:
            return {}
        query = sparse.query_vector(kept)
        best = self._c.query_points(self._names["documents"], query=query, using="header", limit=1).points
        top = best[0].score if best else 0.0
        if top <= 0:
            return {}
        ids = list(dict.fromkeys(doc_ids))
        found = self._c.query_points(self._names["documents"], query=query, using="header", limit=len(ids),
                                     query_filter=models.Filter(must=[models.HasIdCondition(
                                         has_id=[doc_point_id(d) for d in ids])]),
                                     with_payload=["doc_id"]).points
        return {p.payload["doc_id"]: float(p.score) / top for p in found if p.score > 0}

    def header_documents(self, names: list[str], k: int) -> list[str]:
        names = list(dict.fromkeys(names))
        if not names or k <= 0:
            return []
        found, _ = self._c.scroll(self._names["documents"], scroll_filter=models.Filter(must=[models.FieldCondition(
            key="header_names", match=models.MatchAny(any=names))]), limit=max(k, 64), with_payload=["doc_id",
                                                                                                     "header_names"])
        wanted = set(names)
        ranked = sorted(found, key=lambda p: (-len(wanted.intersection(p.payload.get("header_names", ()))),
                                              p.payload["doc_id"]))
        return [p.payload["doc_id"] for p in ranked[:k]]

    def chunk_facts(self, rows: list[int]) -> dict[int, ChunkFacts]:
        out: dict[int, ChunkFacts] = {}
        for start in range(0, len(rows), 500):
            points = self._live(self._c.retrieve(self._names["chunks"], ids=rows[start : start + 500],
                                                 with_payload=["doc_id", "figure_kinds", "gen"]))
            out.update({int(p.id): ChunkFacts(int(p.id), p.payload["doc_id"],
                                              int(p.payload["figure_kinds"])) for p in points})
        return out

    def chunks(self, rows: list[int]) -> dict[int, StoredChunk]:
        out: dict[int, StoredChunk] = {}
        for start in range(0, len(rows), 500):
            points = self._live(self._c.retrieve(self._names["chunks"], ids=rows[start : start + 500],
                                                 with_payload=_CHUNK_FIELDS))
            for p in points:
                q = p.payload
                chunk = Chunk(id=q["chunk_id"], doc_id=q["doc_id"], file=q["file"], section=tuple(q["section"]),
                              char_start=q["char_start"], char_end=q["char_end"], text=q["text"],
                              context=q["context"])
                out[int(p.id)] = StoredChunk(int(p.id), chunk, int(q["figure_kinds"]))
        return out

    def chunk_vectors(self, rows: list[int]) -> np.ndarray:
        if not rows:
            return np.zeros((0, self._dimension), np.float32)
        found = {int(p.id): p.vector["dense"] for p in self._c.retrieve(
            self._names["chunks"], ids=list(dict.fromkeys(rows)), with_vectors=["dense"], with_payload=False)}
        return np.asarray([found[r] for r in rows], dtype=np.float32)

    def sentences(self, chunks: list[Chunk]) -> dict[str, list[SentenceRecord]]:
        """The sentences of the chunks: one scroll over the sentence points that name those chunks."""
        out: dict[str, list[SentenceRecord]] = {c.id: [] for c in chunks}
        if not chunks:
            return out
        wanted = {c.id for c in chunks}
        ids = list(wanted)
        offset, points = None, []
        while True:
            batch, offset = self._c.scroll(
                self._names["sentences"], limit=1024, offset=offset, with_vectors=["dense"], with_payload=True,
                scroll_filter=models.Filter(must=[models.FieldCondition(key="chunk_ids",
                                                                        match=models.MatchAny(any=ids))]))
            points.extend(batch)
            if offset is None:
                break
        for p in self._live(points):
            q = p.payload
            record = SentenceRecord(int(p.id), q["doc_id"], q["char_start"], q["char_end"],
                                    np.asarray(p.vector["dense"], dtype=np.float32))
            for chunk_id in q["chunk_ids"]:
                if chunk_id in wanted:
                    out[chunk_id].append(record)
        for records in out.values():
            records.sort(key=lambda r: (r.char_start, r.row))
        return out

    def term_weights(self, terms: list[str]) -> dict[str, float]:
        total = self._count("chunks")
        out = {}
        for t in terms:
            df = self._frequency("chunks", "terms", t)
            out[t] = math.log(1 + (total - df + 0.5) / (df + 0.5)) if df else 0.0
        return out

    def mentioned(self, terms: list[str]) -> set[str]:
        found = {t for t in terms if self._frequency("chunks", "terms", t)}
        return found | {t for t in terms if t not in found and self._frequency("documents", "header_terms", t)}

    def summaries(self, doc_ids: list[str]) -> dict[str, dict]:
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        points = self._c.retrieve(self._names["documents"], ids=[doc_point_id(d) for d in ids],
                                  with_payload=["doc_id", "file", "chunk_count", *HEADER_FIELDS])
        return {p.payload["doc_id"]: summary(p.payload) for p in points}

    def passages(self, doc_id: str) -> list[Chunk]:
        """The live chunks of a document in text order."""
        where = models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value=doc_id))])
        rows, offset = [], None
        while True:
            points, offset = self._c.scroll(self._names["chunks"], scroll_filter=where, limit=1024, offset=offset,
                                            with_payload=["doc_id", "gen"])
            rows.extend(int(p.id) for p in self._live(points))
            if offset is None:
                break
        stored = self.chunks(rows)
        return [stored[r].chunk for r in sorted(stored, key=lambda r: (stored[r].chunk.char_start, r))]

    def document(self, doc_id: str) -> Document | None:
        found = self._c.retrieve(self._names["documents"], ids=[doc_point_id(doc_id)], with_payload=True)
        return document_from_payload(found[0].payload) if found else None

