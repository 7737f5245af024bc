"""ANN recall@10 of the embedded index against exact search, for the scale benchmark (eval.bench_point).

Exact search reads every live chunk vector through the reader, 50,000 at a time. Recall is
measured at the configured ``hnsw_ef_search`` and at wider searches, to show what recall costs.
``same_texts`` builds an HNSW graph, with the backend's parameters, over the vectors of the real
model and over the stand-in's vectors of the same passages: how far the stand-in's recall stands
from the model's where both can be measured.
"""

from __future__ import annotations

from collections.abc import Iterator

import faiss
import numpy as np

from eval.standin import vectors as standin_vectors
from rag.index import IndexReader
from rag.index.local import LocalBackend, store
from rag.index.local.segments import HNSW_EF_CONSTRUCTION, HNSW_M
from rag.pipeline import QAPipeline

EF_SEARCH = (256, 512, 768)
EPSILON = 0.01
K = 10
BLOCK = 50_000


def live_blocks(pipeline: QAPipeline, reader: IndexReader) -> Iterator[tuple[list[int], np.ndarray]]:
    """(rows, vectors) of every live chunk, ``BLOCK`` at a time, in row order (no writer runs meanwhile)."""
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    try:
        last = -1
        while rows := [r[0] for r in conn.execute("SELECT row FROM chunks WHERE row > ? ORDER BY row LIMIT ?",
                                                  (last, BLOCK))]:
            last = rows[-1]
            yield rows, reader.chunk_vectors(rows)
    finally:
        conn.close()


def exact_top(pipeline: QAPipeline, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and cosines of the ``K`` best live chunks of each query, by brute force."""
    best_rows = np.zeros((len(queries), 0), np.int64)
    best_scores = np.zeros((len(queries), 0), np.float32)
    with pipeline.backend.reader() as reader:
        for rows, block in live_blocks(pipeline, reader):
            scores = np.concatenate([best_scores, queries @ block.T], axis=1)
            candidates = np.concatenate([best_rows, np.broadcast_to(np.array(rows), (len(queries), len(rows)))],
                                        axis=1)
            top = np.argsort(-scores, axis=1, kind="stable")[:, :K]
            best_rows = np.take_along_axis(candidates, top, axis=1)
            best_scores = np.take_along_axis(scores, top, axis=1)
    return best_rows, best_scores


def _recall(found: list[set[int]], exact: np.ndarray) -> float:
    return float(np.mean([len(f & set(e.tolist())) / K for f, e in zip(found, exact, strict=True)]))


def _epsilon_recall(found: list[list[float]], exact_scores: np.ndarray) -> float:
    """Share of the results at most 1% farther (angular distance 1 - cos) than the true 10th neighbour, as
    ann-benchmarks' "epsilon 0.01 recall": a near-tie counts, so near-duplicate passages do not hide a good search."""
    hits = [sum(s >= 1 - (1 + EPSILON) * (1 - e[-1]) for s in f) / K for f, e in zip(found, exact_scores, strict=True)]
    return float(np.mean(hits))


def index_recall(pipeline: QAPipeline, queries: np.ndarray) -> tuple[dict[int, float], dict[int, float]]:
    """Recall@10 and epsilon recall of ``reader.dense`` at each ``ef_search``, on the index as it is."""
    exact_rows, exact_scores = exact_top(pipeline, queries)
    ids, near = {}, {}
    for ef in EF_SEARCH:
        backend = LocalBackend(pipeline.backend.directory, ef_search=ef)
        backend.open(pipeline.manifest())
        try:
            with backend.reader() as reader:
                found = [reader.dense(v, K) for v in queries]
        finally:
            backend.close()
        ids[ef] = _recall([{row for row, _ in f} for f in found], exact_rows)
        near[ef] = _epsilon_recall([[score for _, score in f] for f in found], exact_scores)
    return ids, near


def hnsw_recall(vectors: np.ndarray, queries: dict[str, np.ndarray]) -> dict[str, dict[int, float]]:
    """Recall@10 of an HNSW graph built like a compacted segment, for each query set and ``ef_search``."""
    graph = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    graph.add(vectors)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    out: dict[str, dict[int, float]] = {}
    for name, q in queries.items():
        _, exact = flat.search(q, K)
        out[name] = {}
        for ef in EF_SEARCH:
            graph.hnsw.efSearch = ef
            _, found = graph.search(q, K)
            out[name][ef] = _recall([set(f.tolist()) for f in found], exact)
    return out


def same_texts(pipeline: QAPipeline, real_queries: dict[str, np.ndarray], query_texts: dict[str, list[str]],
               ) -> dict[str, dict[str, dict[int, float]]]:
    """HNSW recall over the model's vectors of the indexed passages and over the stand-in's of the same texts."""
    real, texts = [], []
    with pipeline.backend.reader() as reader:
        for rows, block in live_blocks(pipeline, reader):
            stored = reader.chunks(rows)
            real.append(block)
            texts += [stored[r].chunk.embedding_text() for r in rows]
    standin = np.concatenate([standin_vectors(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    return {"real": hnsw_recall(np.concatenate(real), real_queries),
            "standin": hnsw_recall(standin, {k: standin_vectors(v) for k, v in query_texts.items()})}
