"""Corpus changes made in a write worker: a separate process of lower CPU priority, with bounded parsing.

An upload parsed and embedded in the server process competes with questions for the same cores
and the same memory: a 100 KB text (542 chunks) took 26 s and pushed the median /ask from 0.05 s
to 1.5 s, and a paragraph-bomb .docx took minutes of CPU. The worker process started with
:func:`start` (``spawn``: no copy of the server's threads, locks or model) lowers its priority
(``os.nice``), runs its encoder on few threads, caps its heap (rag.ingest.limits.cap_memory) and
gives each file's parse a time limit. It keeps one embedder per model and one pipeline per index
between jobs, so only its first job loads the model.

The server keeps reading as before: the embedded backend (``local``) commits in one SQLite
transaction and readers in any process follow new commits at their next question (as they follow
``rag index``), so the answer cache, keyed by the index version, cannot serve an answer of the old
version. Qdrant's local mode locks its folder against other processes: there, writes stay in the
server process (:func:`shares_across_processes`). A Qdrant server is shared by nature.

:func:`change` is the one code path of a write, used in the worker and in-process alike; it returns
the plain body of the HTTP answer (picklable, small: no document texts cross back).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from rag.errors import RagError
from rag.ingest.limits import cap_memory

log = logging.getLogger(__name__)

# Pipelines kept open in one worker (one per index; tests write to many small indexes).
_MAX_PIPELINES = 4
# Libraries that read their thread count from the environment when they first start a pool (pools started
# before the worker's initializer runs keep theirs: FAISS's is set directly, ONNX Runtime's per session).
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")


class WriterFailed(RagError):
    """The write worker stopped or ran out of memory during a change; the change is applied whole or not at
    all (commits are atomic), and the next change starts a new worker."""


@dataclass(frozen=True)
class WorkerLimits:
    """What the worker process may use; fixed when it starts."""

    nice: int = 10  # added to the server's niceness
    threads: int = 1  # of its encoder (and of OpenMP/BLAS pools)
    memory_mb: int = 4096  # RLIMIT_DATA; 0: no cap

    @classmethod
    def from_settings(cls, settings) -> WorkerLimits:
        return cls(settings.write_worker_nice, settings.write_worker_threads, settings.write_worker_memory_mb)


def shares_across_processes(settings) -> bool:
    """Whether another process may write the configured index while the server reads it.

    The embedded backend (``local``) may: one SQLite write transaction per change under an flock, and
    readers that follow commits. Qdrant's local mode (``RAG_BACKEND=qdrant`` without ``RAG_QDRANT_URL``)
    may not: qdrant-client loads the folder into the memory of the one process that opens it and locks
    it against the others, so the server's writes stay in the server there. A Qdrant server may."""
    return settings.backend == "local" or bool(settings.qdrant_url)


# -- in the worker process --------------------------------------------------------------------------

_limits = WorkerLimits()
_embedders: dict[tuple, object] = {}
_pipelines: OrderedDict[str, object] = OrderedDict()


def start(limits: WorkerLimits) -> None:
    """Initialise a worker process: lower priority, fewer threads, capped heap."""
    global _limits
    _limits = limits
    if limits.nice:
        os.nice(limits.nice)
    for name in _THREAD_VARIABLES:
        os.environ[name] = str(limits.threads)
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    import faiss

    faiss.omp_set_num_threads(limits.threads)
    cap_memory(limits.memory_mb)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    log.info("write worker %d started: nice +%d, encoder threads %d, heap cap %s", os.getpid(), limits.nice,
             limits.threads, f"{limits.memory_mb} MB" if limits.memory_mb else "none")


def _exit_with_parent(parent: int) -> None:
    """End the worker when the server is gone (kill -9 included), even in the middle of a change: nobody waits
    for its answer, a commit is atomic, and an orphan would hold the model's memory forever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _key(settings) -> str:
    return repr(sorted((name, getattr(value, "get_secret_value", lambda v=value: v)()) for name, value in settings))


def _pipeline(settings):
    """The pipeline writing the index ``settings`` name, opened once; one embedder per model, loaded at the first
    change that needs it."""
    from embeddings import build_embedder
    from rag.pipeline import QAPipeline

    key = _key(settings)
    if key in _pipelines:
        _pipelines.move_to_end(key)
        return _pipelines[key]
    model = (settings.embedding_model, str(settings.models_dir), settings.encoder, settings.embedding_batch_size,
             settings.document_precision)
    if model not in _embedders:
        _embedders[model] = build_embedder(*model[:3], batch_size=model[3], threads=_limits.threads,
                                           document_precision=model[4])
    pipeline = _pipelines[key] = QAPipeline(settings, embedder=_embedders[model])
    while len(_pipelines) > _MAX_PIPELINES:
        _pipelines.popitem(last=False)[1].close()
    return pipeline


def run(settings, op: str, args: tuple, parse_seconds: float | None) -> dict:
    """One change, in the worker process: :func:`change` on this worker's pipeline for ``settings``."""
    try:
        pipeline = _pipeline(settings)
        pipeline.parse_seconds = parse_seconds
        return change(pipeline, op, args) | {"worker_pid": os.getpid()}
    except MemoryError as exc:
        raise WriterFailed(f"the change needed more memory than the document writer may use ({_limits.memory_mb} MB, "
                           "RAG_WRITE_WORKER_MEMORY_MB); nothing was changed") from exc


def compact(settings) -> dict:
    """Compaction after a change (rag.index.local.compaction), in the worker: the server submits it without
    waiting, so no upload waits for an HNSW graph to be built."""
    return {"merged": _pipeline(settings).compact(), "worker_pid": os.getpid()}


# -- the change itself, in either process ----------------------------------------------------------

def change(pipeline, op: str, args: tuple) -> dict:
    """Apply ``op`` (``add``: files; ``replace``: doc id, file name, bytes; ``remove``: doc id) and return the
    HTTP answer's body: the documents with their header fields and chunk counts, removed ids, new version."""
    if op == "add":
        report = pipeline.add_files(*args)
    elif op == "replace":
        report = pipeline.replace_document(*args)
    elif op == "remove":
        report = pipeline.remove_document(*args)
    else:
        raise ValueError(f"unknown change {op!r}")
    counts = {d.id: pipeline.summary(d.id)["chunk_count"] for d in report.added + report.updated + report.unchanged}

    def entry(doc, status: str) -> dict:
        h = doc.header
        return {"id": doc.id, "file": doc.file, "status": status, "title": h.title, "doc_number": h.doc_number,
                "date": h.date, "issuer": h.issuer, "addressee": h.addressee, "chunk_count": counts.get(doc.id, 0)}

    return {"documents": [entry(d, "added") for d in report.added] + [entry(d, "updated") for d in report.updated]
            + [entry(d, "unchanged") for d in report.unchanged],
            "removed": list(report.removed), "index_version": report.commit.version if report.commit else None}
