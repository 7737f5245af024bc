"""Bounds on parsing one file: a time limit (a timer signal) and a memory cap for the process.

A hostile or broken upload must cost a bounded amount of CPU and memory: a .docx of 400,000 empty
paragraphs took minutes, and a zip member that lies about its size took gigabytes. Both bounds are
meant for the write worker process (rag.ingest.worker), where a refusal costs nothing but the file:

- :func:`parse_deadline` interrupts a parse that runs past its time with :class:`ParseTimeout`,
  which the ingestor turns into the file's refusal, like any unreadable file. It uses
  ``ITIMER_REAL``/``SIGALRM``, which only the main thread of a process can handle: elsewhere (a
  server thread) it does nothing. A parse stuck inside one long C call is interrupted when the
  call returns to Python.
- :func:`cap_memory` limits the heap of the whole process with ``RLIMIT_DATA``: past it, allocations
  fail (MemoryError, or lxml's parse error) instead of the host swapping or the OOM killer choosing a
  victim. ``RLIMIT_DATA`` rather than ``RLIMIT_AS``: it counts private writable memory (what parsing
  and the model allocate) but not the read-only memory-mapped index segments, which grow with the
  archive and would otherwise eat the budget.
"""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The reason given for a file whose parse ran out of the memory the process may use.
MEMORY_REFUSAL = "refused: parsing it needs more memory than the document writer may use (RAG_WRITE_WORKER_MEMORY_MB)"


class ParseTimeout(BaseException):
    """Parsing one file took longer than its time limit.

    A BaseException, like KeyboardInterrupt: the parsers wrap what their libraries raise (``except
    Exception``) into "not a readable file", and a timeout must reach the code that set it, whole."""


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def parse_deadline(seconds: float | None, what: str = "parsing") -> Iterator[None]:
    """Raise ParseTimeout in this block after ``seconds`` (None or 0: no limit; not the main thread: no limit)."""
    if not seconds or not _in_main_thread():
        yield
        return

    def expired(_signum, _frame) -> None:
        raise ParseTimeout(f"refused: {what} took longer than {seconds:g} s (RAG_PARSE_TIMEOUT_SECONDS)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)  # first: the timer must not fire after the block
        signal.signal(signal.SIGALRM, previous)


def cap_memory(megabytes: int) -> None:
    """Limit this process's heap (RLIMIT_DATA) to ``megabytes`` (0: leave it as it is)."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
