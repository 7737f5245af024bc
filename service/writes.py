"""HTTP writes (upload, replace, delete) applied by the write worker process, off the server's cores.

Why, and what the worker may use: rag/ingest/worker.py. The app's lifespan owns one DocumentWriter
(tests share one between apps); its process is started at the first write, with the ``spawn``
context, and stays for the next ones until it has been idle for ``RAG_WRITE_WORKER_IDLE_SECONDS``
(its model holds 1-3 GB; with several serving processes each would keep one). Changes are applied
one at a time, in order, as one writer of the index. If the process dies (killed, a crash in a
parser's native code), the request in flight gets 503 ``writer_failed``, a JSON error like any
other, and the next write starts a new process: commits are atomic, so a change is in the index
whole or not at all.

Where the index cannot be written by another process (Qdrant's local mode), or with
``RAG_WRITE_WORKER=false``, writes run in the server's thread pool as before, without the priority,
thread and memory bounds, and without the parse time limit (a timer signal needs a main thread).

After each change the index is compacted (small segments merged: rag/index/local/compaction.py), in the
worker or in a thread of its own, without the change's answer waiting for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from starlette.concurrency import run_in_threadpool

from rag.config import Settings
from rag.ingest import worker
from rag.ingest.worker import WorkerLimits, WriterFailed, shares_across_processes
from rag.pipeline import QAPipeline
from service import logs

log = logging.getLogger(__name__)

_DIED = ("the document writer process stopped during this change (killed, or out of memory); the change was "
         "applied whole or not at all (GET /documents shows which), and the next change starts a new writer")


def _start_process(limits: WorkerLimits, log_level: str) -> None:
    """The worker process's initializer: the server's log format, then the limits."""
    logs.configure(log_level)
    worker.start(limits)


def _job(settings: Settings, op: str, args: tuple, parse_seconds: float | None, request_id: str | None) -> dict:
    logs.request_id.set(request_id)  # the worker's log lines name the request that caused them
    return worker.run(settings, op, args, parse_seconds)


def _compact_job(settings: Settings, request_id: str | None) -> dict:
    logs.request_id.set(request_id)
    return worker.compact(settings)


class DocumentWriter:
    """Applies corpus changes for an app: in the write worker process, or in-process where it cannot."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limits = WorkerLimits.from_settings(settings)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.started = 0  # worker processes started so far
        self.last_pid: int | None = None  # the process that applied the last change
        self._pending = 0  # changes submitted and not yet finished
        self._idle_timer: threading.Timer | None = None
        self._compactor: ThreadPoolExecutor | None = None  # compactions after in-process changes, one at a time

    @property
    def busy(self) -> bool:
        """A change, or the compaction after one, is queued or running."""
        return self._pending > 0

    def in_worker(self, pipeline: QAPipeline) -> bool:
        return self.settings.write_worker and shares_across_processes(pipeline.settings)

    @contextlib.contextmanager
    def _worker(self) -> Iterator[ProcessPoolExecutor]:
        """The worker's pool for one change (started if there is none); when no change is left after it, the idle
        countdown starts (``_done``)."""
        try:
            yield self._executor()
        finally:
            self._done()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            self._pending += 1
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_process,
                                                 initargs=(self.limits, self.settings.log_level))
                self.started += 1
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget a broken pool (its process is gone); the next change starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def _done(self) -> None:
        """A change finished: when none is left, stop the process once it has been idle long enough."""
        with self._lock:
            self._pending -= 1
            idle = self.settings.write_worker_idle_seconds
            if self._pending or not idle or self._pool is None:
                return
            self._idle_timer = threading.Timer(idle, self._retire, args=(self._pool,))
            self._idle_timer.daemon = True
            self._idle_timer.start()

    def _retire(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is not pool or self._pending:
                return  # replaced, or a change came in meanwhile
            self._pool = None
        log.info("the write worker was idle for %g s: stopped (the next change starts another)",
                 self.settings.write_worker_idle_seconds)
        pool.shutdown(wait=True)

    async def apply(self, pipeline: QAPipeline, op: str, *args, parse_seconds: float | None = None) -> dict:
        """Apply one change (rag.ingest.worker.change) to the index ``pipeline`` reads; the HTTP answer's body."""
        if not self.in_worker(pipeline):
            body = await run_in_threadpool(worker.change, pipeline, op, args)
            self.last_pid = os.getpid()
            self._compact_here(pipeline)
            return body
        job = (_job, pipeline.settings, op, args, parse_seconds or None, logs.request_id.get())
        for attempt in range(2):
            with self._worker() as pool:
                try:
                    future = pool.submit(*job)
                except BrokenProcessPool:  # it died while idle: nothing was attempted, start another
                    self._discard(pool)
                    if attempt:
                        raise WriterFailed(_DIED) from None
                    continue
                try:
                    body = await asyncio.wrap_future(future)
                except BrokenProcessPool as exc:
                    log.error("the write worker died during a %s; starting a new one for the next change", op)
                    self._discard(pool)
                    raise WriterFailed(_DIED) from exc
                self.last_pid = body.pop("worker_pid")
                self._compact_in_worker(pipeline)
                return body
        raise AssertionError("unreachable")

    def _compact_in_worker(self, pipeline: QAPipeline) -> None:
        """Queue a compaction behind the change in the worker; the next change waits for it, the answer does not."""
        pool = self._executor()
        try:
            future = pool.submit(_compact_job, pipeline.settings, logs.request_id.get())
        except BrokenProcessPool:
            self._discard(pool)
            self._done()
            return
        future.add_done_callback(self._compacted)

    def _compact_here(self, pipeline: QAPipeline) -> None:
        """Compact in a thread of the server (where writes cannot run in the worker), one at a time."""
        with self._lock:
            if self._compactor is None:
                self._compactor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rag-compact")
            compactor = self._compactor
            self._pending += 1
        compactor.submit(pipeline.compact).add_done_callback(self._compacted)

    def _compacted(self, future: Future) -> None:
        """A compaction ended: a failure is logged (a merge is atomic: the index is as before it)."""
        try:
            future.result()
        except CancelledError:
            pass
        except Exception as exc:  # logged, never raised: no request waits for it
            log.error("compacting the index after a change failed (the index is unchanged): %s", exc)
        finally:
            self._done()

    def close(self) -> None:
        """Stop the worker after the change it may be applying (a queued compaction is dropped; the next change
        queues another)."""
        with self._lock:
            pool, self._pool = self._pool, None
            compactor, self._compactor = self._compactor, None
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if compactor is not None:
            compactor.shutdown(wait=True, cancel_futures=True)
