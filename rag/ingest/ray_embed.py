"""Bulk embedding on a Ray cluster (``rag index FOLDER --ray [ADDRESS]``), with Ray Data.

The driver reads, parses and chunks the files exactly as ``rag index`` does (rag.ingest.prepare's
functions) and keeps the texts the index does not already hold (by text hash). Those texts, sorted
by length, go through ``map_batches`` on an actor pool: each actor loads the embedding model
once and embeds batches of similar length. The vectors come back to the driver, and the
ordinary ingest path (prepare, then the backend's ``apply`` in commit batches) runs with an
embedder that serves them, so the index is the one ``rag index`` builds alone: the same chunk
ids, rows and texts, the same vectors (within float rounding of another batch shape).

Only this module imports ray, and only ``rag index --ray`` imports this module. The model must be
loadable on every node (the same RAG_MODEL_DIR, e.g. a shared volume). All new vectors are held
on the driver until they are written (1.5 kB a text for a 384-dimensional model).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.base import Embedder, EmbedderWrapper
from rag.chunking import ChunkerSettings, chunk_document, sentence_spans
from rag.documents.corpus import discover
from rag.index.base import IndexBackend, text_hash

log = logging.getLogger(__name__)


class EmbedActor:
    """One model per actor; ``__call__`` embeds a batch of texts (document side)."""

    def __init__(self, model_name: str, model_dir: str, batch_size: int, threads: int = 1,
                 document_precision: str = "fp32") -> None:
        import torch

        from embeddings.precision import resolve
        from embeddings.sentence_transformer import SentenceTransformerEmbedder

        torch.set_num_threads(threads)
        # "auto" is decided here, on the actor's machine: the CPUs of a cluster may differ.
        self.embedder = SentenceTransformerEmbedder(model_name, Path(model_dir), batch_size=batch_size,
                                                    document_precision=resolve(document_precision))
        self.embedder.warm_up()

    def __call__(self, batch: dict) -> dict:
        texts = [str(t) for t in batch["text"]]
        return {"index": batch["index"], "vector": list(self.embedder.encode_document(texts))}


@dataclass
class RayRun:
    texts: int  # texts embedded on Ray
    seconds: float  # from handing the texts to Ray to having every vector back (actors' start included)
    actors: int

    @property
    def per_second(self) -> float:
        return self.texts / self.seconds if self.seconds else 0.0


def connect(address: str | None, num_cpus: int | None = None) -> None:
    """Join the Ray cluster at ``address`` ("auto": the one this machine belongs to), or start a local one."""
    import ray

    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                 object_store_memory=256 * 1024 * 1024)


def embed_on_ray(texts: list[str], model_name: str, model_dir: Path, dimension: int, batch_size: int = 32,
                 actors: int | None = None, document_precision: str = "fp32") -> tuple[np.ndarray, RayRun]:
    """Document vectors of ``texts`` in their order, embedded by ``actors`` actors (default: one per CPU)."""
    import ray
    import ray.data

    if not texts:
        return np.zeros((0, dimension), np.float32), RayRun(0, 0.0, 0)
    actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    started = time.perf_counter()
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True  # batches stay sorted by length
    dataset = ray.data.from_items([{"index": i, "text": texts[i]} for i in order],
                                  override_num_blocks=max(actors, len(order) // (batch_size * 4) or 1))
    embedded = dataset.map_batches(
        EmbedActor, fn_constructor_kwargs={"model_name": model_name, "model_dir": str(model_dir),
                                           "batch_size": batch_size, "document_precision": document_precision},
        batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1, batch_format="numpy")
    out = np.zeros((len(texts), dimension), np.float32)
    for batch in embedded.iter_batches(batch_size=1024, batch_format="numpy"):
        out[np.asarray(batch["index"], dtype=np.int64)] = np.stack(list(batch["vector"]))
    return out, RayRun(len(texts), time.perf_counter() - started, actors)


class PrecomputedEmbedder(EmbedderWrapper):
    """The configured embedder, serving document vectors computed on Ray (by text) before the ingest runs."""

    def __init__(self, inner: Embedder, vectors: dict[str, np.ndarray]) -> None:
        super().__init__(inner)
        self.vectors = vectors
        self.fallbacks = 0  # texts that were not precomputed and were embedded here

    def encode_document(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            self.fallbacks += len(missing)
            self.vectors.update(zip(missing, self.inner.encode_document(missing), strict=True))
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


def texts_to_embed(paths: list[Path], chunker: ChunkerSettings, backend: IndexBackend, max_bytes: int | None
                   ) -> list[str]:
    """The passage and sentence texts of the files under ``paths`` that the index has no vector for
    (what rag.ingest.prepare would embed), each once."""
    from rag.documents.corpus import document_from_bytes
    from rag.errors import DocumentError

    fingerprints = backend.fingerprints() if backend.exists() else {}
    wanted: dict[str, str] = {}
    for path in discover(paths):
        try:
            doc = document_from_bytes(path.read_bytes(), path.name, max_bytes)
        except (DocumentError, OSError):
            continue  # refused again, and reported, by the ingest itself
        if fingerprints.get(doc.id) == (doc.file, doc.content_hash):
            continue
        for chunk in chunk_document(doc, chunker):
            wanted.setdefault(text_hash("passage\x1f" + chunk.embedding_text()), chunk.embedding_text())
        for a, b in sentence_spans(doc, chunker):
            wanted.setdefault(text_hash("sentence\x1f" + doc.text[a:b]), doc.text[a:b])
    known = backend.known_vectors(list(wanted), list(wanted)) if wanted and backend.exists() else {}
    return list(dict.fromkeys(text for digest, text in wanted.items() if digest not in known))


def index_on_ray(pipeline, paths: list[Path], address: str | None = None, actors: int | None = None,
                 num_cpus: int | None = None, progress=None, on_total=None):
    """``pipeline.index_paths(paths)`` with the new texts embedded on Ray first; (IngestReport, RayRun)."""
    settings = pipeline.settings
    pipeline._writable()  # open (or create) the index and load the model: its fingerprint names the index
    texts = texts_to_embed(list(paths), pipeline.chunker, pipeline.backend, settings.max_upload_bytes)
    connect(address, num_cpus)
    vectors, run = embed_on_ray(texts, pipeline.embedder.model_name, settings.models_dir, pipeline.embedder.dimension,
                                settings.embedding_batch_size, actors, settings.document_precision)
    log.info("embedded %d texts on Ray with %d actors in %.1fs (%.1f texts/s)", run.texts, run.actors, run.seconds,
             run.per_second)
    inner = pipeline.embedder
    pipeline.embedder = PrecomputedEmbedder(inner, dict(zip(texts, vectors, strict=True)))
    try:
        report = pipeline.index_paths(list(paths), progress=progress, on_total=on_total)
    finally:
        pipeline.embedder = inner
    return report, run
