"""The Qdrant backend (``RAG_BACKEND=qdrant``): a server or cluster, or qdrant-client's local mode.

One index is a set of four collections, ``<prefix>_<name>_<kind>``:

    chunks      point id = the chunk's row; named vectors ``dense`` (cosine) and ``bm25`` (sparse,
                modifier=IDF: Qdrant keeps the corpus statistics); payload: doc id, chunk id,
                section path, offsets, text, context, figure kinds, text hash, lexical terms,
                the document's filter fields and ``gen`` (the write that made it)
    sentences   point id = the sentence's row; vector ``dense``; payload: doc id, offsets,
                text hash, the ids of the chunks that hold it, ``gen``
    documents   point id = UUID5 of the doc id; sparse vector ``header`` (BM25 of the header);
                payload: header fields, text, offsets, content hash, chunk count, ``gen``
    meta        one point: the manifest, the row counters, the version and the pending change

The aliases ``<prefix>_<kind>`` name the live set: a rebuild writes a new set and moves all
four aliases in one ``update_collection_aliases`` call, which Qdrant applies atomically.

Qdrant has no transaction across points or collections, so a change is ordered to be
repeatable (:meth:`QdrantBackend.apply`): record the pending change, write the new chunk and
sentence points under a new ``gen``, flip each document's point (its ``gen`` is the live
version of the document: readers drop points of any other ``gen``), then delete the old points
and clear the pending record. A writer killed at any step leaves every document old or new;
the next ``recover()`` or ``apply()`` deletes what the dead writer left.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import numpy as np
from qdrant_client import models

from rag.documents import Document
from rag.errors import IndexCorruptError, IndexNotFoundError
from rag.index.base import REBUILD_HINT, Commit, IndexStats, Manifest, PreparedDocument, checkpoint
from rag.index.filters import FIELDS
from rag.index.qdrant import client as clients
from rag.index.qdrant import sparse
from rag.index.qdrant.filters import filter_payload
from rag.index.qdrant.layout import (
    HEADER_FIELDS,
    KINDS,
    alias,
    collection,
    doc_point_id,
    document_from_payload,
    document_payload,
    header_dict,
    summary,
    switch_aliases,
)
from rag.index.qdrant.reader import QdrantReader

log = logging.getLogger(__name__)

_META_ID = 0
_BATCH = 256
# Payload indexes (on a server; local mode ignores them and scans).
_KEYWORD_INDEXES = {
    "chunks": ["doc_id", "text_hash", "terms", *(f"f_{f}" for f in FIELDS)],
    "sentences": ["doc_id", "text_hash", "chunk_ids"],
    "documents": ["doc_id", "header_terms", "header_names", *(f"f_{f}" for f in FIELDS)],
}
_INTEGER_INDEXES = {"chunks": ["gen", "d_date"], "sentences": ["gen"], "documents": ["gen", "d_date"]}
_FLOAT_INDEXES = {"chunks": [f"n_{f}" for f in FIELDS], "documents": [f"n_{f}" for f in FIELDS]}


def _version() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class QdrantBackend:
    name = "qdrant"

    def __init__(self, location: clients.Location, prefix: str = "rag", index_name: str = "live",
                 lexical_max_df: float = 0.05) -> None:
        self.location, self.prefix, self.index_name = location, prefix, index_name
        self.lexical_max_df = lexical_max_df
        self.collections = {kind: collection(prefix, index_name, kind) for kind in KINDS}
        self._client = None
        self._client_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.manifest: Manifest | None = None
        self.dimension = 0
        self._statistics: dict = {}  # document frequencies and counts of one version, for the readers

    # -- the client ------------------------------------------------------------------------------
    @property
    def client(self):
        with self._client_lock:
            if self._client is None:
                self._client = clients.acquire(self.location)
            return self._client

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client = None
                clients.release(self.location)

    # -- opening ---------------------------------------------------------------------------------
    def _meta(self) -> dict | None:
        if not self.client.collection_exists(self.collections["meta"]):
            return None
        found = self.client.retrieve(self.collections["meta"], ids=[_META_ID], with_payload=True)
        return found[0].payload if found else None

    def exists(self) -> bool:
        meta = self._meta()
        return bool(meta and meta.get("manifest"))

    def open(self, expected: Manifest, create: bool = False) -> None:
        meta = self._meta()
        if not meta or not meta.get("manifest"):
            if not create:
                raise IndexNotFoundError(f"no index in Qdrant ({self.location.describe()}, collections "
                                         f"{self.collections['meta']}…). Build one with `rag index` "
                                         "(or start `rag serve`).")
            meta = self._create(expected)
        try:
            manifest = Manifest(**meta["manifest"])
        except (TypeError, KeyError) as exc:
            raise IndexCorruptError(f"index manifest in {self.collections['meta']} is unreadable ({exc}). "
                                    f"{REBUILD_HINT}") from exc
        manifest.check_compatible(expected)
        self.manifest, self.dimension = manifest, manifest.dimension

    def _create(self, manifest: Manifest) -> dict:
        c, names = self.client, self.collections
        dense = models.VectorParams(size=manifest.dimension, distance=models.Distance.COSINE)
        idf = models.SparseVectorParams(modifier=models.Modifier.IDF)
        specs = {
            "meta": ({}, None),
            "documents": ({}, {"header": idf}),
            "chunks": ({"dense": dense}, {"bm25": idf}),
            "sentences": ({"dense": dense}, None),
        }
        for kind in ("documents", "chunks", "sentences", "meta"):  # meta last: it marks the set complete
            if c.collection_exists(names[kind]):
                continue
            vectors, sparse_vectors = specs[kind]
            layout = {} if self.location.local else {
                "shard_number": self.location.shards, "replication_factor": self.location.replicas,
                "write_consistency_factor": max(1, self.location.replicas // 2 + 1)}
            c.create_collection(names[kind], vectors_config=vectors, sparse_vectors_config=sparse_vectors, **layout)
            if not self.location.local:  # local mode scans; it warns that payload indexes do nothing
                for schema, table in ((models.PayloadSchemaType.KEYWORD, _KEYWORD_INDEXES),
                                      (models.PayloadSchemaType.INTEGER, _INTEGER_INDEXES),
                                      (models.PayloadSchemaType.FLOAT, _FLOAT_INDEXES)):
                    for field in table.get(kind, []):
                        c.create_payload_index(names[kind], field, schema)
        meta = {"manifest": manifest.__dict__, "generation": 0, "next_row": 0, "next_sentence": 0,
                "version": _version(), "created_at": manifest.created_at, "pending": None,
                "bm25": {"k1": sparse.K1, "b": sparse.B, "chunk_avg": sparse.AVG_CHUNK_TERMS,
                         "header_avg": sparse.AVG_HEADER_TERMS}}
        c.upsert(names["meta"], points=[models.PointStruct(id=_META_ID, vector={}, payload=meta)], wait=True)
        if self.index_name == "live" and not any(a.alias_name == alias(self.prefix, "meta")
                                                 for a in c.get_aliases().aliases):
            switch_aliases(c, self.prefix, self.index_name)
        return meta

    def _set_meta(self, **values) -> None:
        self.client.set_payload(self.collections["meta"], payload=values, points=[_META_ID], wait=True)

    def recover(self) -> list[str]:
        """Finish the change a killed writer left pending: delete the points no document's ``gen`` admits."""
        if not self._write_lock.acquire(blocking=False):
            return []
        try:
            meta = self._meta()
            pending = (meta or {}).get("pending")
            if not pending:
                return []
            removed = self._cleanup(pending["doc_ids"])
            self._set_meta(pending=None, version=_version())  # documents may be new: a new version
            log.warning("finished an interrupted index change (generation %s): removed %d stale points",
                        pending.get("generation"), removed)
            return [f"generation {pending.get('generation')}: {removed} stale points"]
        finally:
            self._write_lock.release()

    # -- reading ---------------------------------------------------------------------------------
    @contextmanager
    def reader(self) -> Iterator[QdrantReader]:
        if self.manifest is None:
            raise RuntimeError("the index is not open; call open() first")
        meta = self._meta() or {}
        version = meta.get("version", "")
        statistics = self._statistics
        if statistics.get("version") != version or meta.get("pending"):
            statistics = {"version": version}  # a change in flight: counts are not cached
            if not meta.get("pending"):
                self._statistics = statistics
        yield QdrantReader(self.client, self.collections, self.dimension, version, self.lexical_max_df, statistics)

    def _counts(self) -> dict[str, int]:
        return {kind: self.client.count(self.collections[kind], exact=True).count
                for kind in ("documents", "chunks", "sentences")}

    def stats(self) -> IndexStats:
        meta = self._meta() or {}
        counts = self._counts()
        return IndexStats(version=meta.get("version", ""), created_at=meta.get("created_at", ""),
                          documents=counts["documents"], chunks=counts["chunks"], sentences=counts["sentences"])

    def _scroll(self, kind: str, scroll_filter=None, payload=True, vectors=False) -> Iterator:
        offset = None
        while True:
            points, offset = self.client.scroll(self.collections[kind], scroll_filter=scroll_filter, limit=_BATCH,
                                                offset=offset, with_payload=payload, with_vectors=vectors)
            yield from points
            if offset is None:
                return

    def fingerprints(self, doc_ids: list[str] | None = None) -> dict[str, tuple[str, str]]:
        wanted = None if doc_ids is None else models.Filter(must=[models.FieldCondition(
            key="doc_id", match=models.MatchAny(any=list(dict.fromkeys(doc_ids))))])
        if wanted is not None and not doc_ids:
            return {}
        return {p.payload["doc_id"]: (p.payload["file"], p.payload["content_hash"])
                for p in self._scroll("documents", wanted, payload=["doc_id", "file", "content_hash"])}

    def export_documents(self) -> Iterator[Document]:
        for point in self._scroll("documents"):
            yield document_from_payload(point.payload)

    def documents(self, offset: int = 0, limit: int | None = None) -> Iterator[dict]:
        """Summaries ordered by file name (sorted here: local mode has no ordered scroll)."""
        rows = [summary(p.payload) for p in self._scroll("documents", payload=["doc_id", "file", "chunk_count",
                                                                              *HEADER_FIELDS])]
        rows.sort(key=lambda r: (r["file"], r["id"]))
        yield from rows[offset : None if limit is None else offset + limit]

    def known_vectors(self, chunk_hashes: list[str], sentence_hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for hashes, kind in ((chunk_hashes, "chunks"), (sentence_hashes, "sentences")):
            wanted = list(dict.fromkeys(hashes))
            for start in range(0, len(wanted), 500):
                where = models.Filter(must=[models.FieldCondition(
                    key="text_hash", match=models.MatchAny(any=wanted[start : start + 500]))])
                for point in self._scroll(kind, where, payload=["text_hash"], vectors=["dense"]):
                    found[point.payload["text_hash"]] = np.asarray(point.vector["dense"], dtype=np.float32)
        return found

    # -- writing ---------------------------------------------------------------------------------
    def apply(self, upserts: list[PreparedDocument], removals: list[str]) -> Commit:
        """Add, replace and remove documents; each document is seen old or new, never a mixture.

        1. record the change as pending in the meta point (and reserve its rows);
        2. write the new chunk and sentence points under generation G (readers ignore them: no
           document has G yet);
        3. flip: upsert each new document point with ``gen`` G, delete the removed documents' points;
        4. delete the chunk and sentence points of those documents whose ``gen`` is not the live one;
        5. clear the pending record, set the version.

        A writer killed before 3 leaves unreferenced points, after 3 stale ones: recover() (or
        the next apply) runs step 4 for the pending documents. Each step is repeatable.
        """
        started = time.perf_counter()
        with self._write_lock:
            meta = self._meta()
            if meta is None:
                raise IndexNotFoundError("the index is not open; call open(create=True) first")
            if meta.get("pending"):
                self._cleanup(meta["pending"]["doc_ids"])
            generation = int(meta["generation"]) + 1
            next_row, next_sentence = int(meta["next_row"]), int(meta["next_sentence"])
            chunk_count = sum(len(p.chunks) for p in upserts)
            sentence_count = sum(len(p.sentences) for p in upserts)
            affected = list(dict.fromkeys([*(p.document.id for p in upserts), *removals]))
            self._set_meta(generation=generation, next_row=next_row + chunk_count,
                           next_sentence=next_sentence + sentence_count,
                           pending={"generation": generation, "doc_ids": affected})
            row, sentence_row = next_row, next_sentence
            for prepared in upserts:
                row, sentence_row = self._write_points(prepared, generation, row, sentence_row)
            checkpoint("segment-written")
            flips = [models.PointStruct(id=doc_point_id(p.document.id),
                                        vector={"header": sparse.document_vector(p.header_terms,
                                                                                 sparse.AVG_HEADER_TERMS)},
                                        payload=document_payload(p, generation)) for p in upserts]
            for start in range(0, len(flips), _BATCH):
                self.client.upsert(self.collections["documents"], points=flips[start : start + _BATCH], wait=True)
            gone = [d for d in removals if d not in {p.document.id for p in upserts}]
            if gone:
                self.client.delete(self.collections["documents"], wait=True,
                                   points_selector=models.PointIdsList(points=[doc_point_id(d) for d in gone]))
            checkpoint("committed")
            self._cleanup(affected)
            counts = self._counts()
            version = _version()
            self._set_meta(pending=None, version=version)
        return Commit(version, counts["documents"], counts["chunks"], counts["sentences"],
                      time.perf_counter() - started)

    def _write_points(self, prepared: PreparedDocument, generation: int, row: int, sentence_row: int
                      ) -> tuple[int, int]:
        doc = prepared.document
        fields = filter_payload({**header_dict(doc), "file": doc.file, "id": doc.id})
        points = []
        for chunk, vector, terms, digest, kinds in zip(prepared.chunks, prepared.chunk_vectors, prepared.chunk_terms,
                                                       prepared.chunk_hashes, prepared.figure_kinds, strict=True):
            points.append(models.PointStruct(
                id=row, vector={"dense": vector.tolist(), "bm25": sparse.document_vector(terms,
                                                                                         sparse.AVG_CHUNK_TERMS)},
                payload={"doc_id": doc.id, "gen": generation, "chunk_id": chunk.id, "file": doc.file,
                         "section": list(chunk.section), "char_start": chunk.char_start, "char_end": chunk.char_end,
                         "text": chunk.text, "context": chunk.context, "figure_kinds": int(kinds),
                         "text_hash": digest, "terms": sorted(set(terms)), **fields}))
            row += 1
        for start in range(0, len(points), _BATCH):
            self.client.upsert(self.collections["chunks"], points=points[start : start + _BATCH], wait=True)
        points = []
        for (a, b), vector, digest in zip(prepared.sentences, prepared.sentence_vectors, prepared.sentence_hashes,
                                          strict=True):
            holders = [c.id for c in prepared.chunks if c.char_start <= a and b <= c.char_end]
            points.append(models.PointStruct(id=sentence_row, vector={"dense": vector.tolist()}, payload={
                "doc_id": doc.id, "gen": generation, "char_start": a, "char_end": b, "text_hash": digest,
                "chunk_ids": holders}))
            sentence_row += 1
        for start in range(0, len(points), _BATCH):
            self.client.upsert(self.collections["sentences"], points=points[start : start + _BATCH], wait=True)
        return row, sentence_row

    def _cleanup(self, doc_ids: list[str]) -> int:
        """Delete the chunk and sentence points of ``doc_ids`` that their document's live ``gen`` does not admit."""
        if not doc_ids:
            return 0
        live = {p.payload["doc_id"]: p.payload["gen"] for p in self.client.retrieve(
            self.collections["documents"], ids=[doc_point_id(d) for d in doc_ids], with_payload=["doc_id", "gen"])}
        removed = 0
        for kind in ("chunks", "sentences"):
            stale = models.Filter(should=[
                models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value=d))],
                              must_not=[models.FieldCondition(key="gen", match=models.MatchValue(value=live[d]))]
                              if d in live else None)
                for d in doc_ids])
            removed += self.client.count(self.collections[kind], count_filter=stale, exact=True).count
            self.client.delete(self.collections[kind], points_selector=models.FilterSelector(filter=stale), wait=True)
        return removed

    def compact(self, full: bool = False) -> bool:
        """Nothing to merge here: Qdrant's optimizers merge segments and vacuum deleted points themselves."""
        return False
