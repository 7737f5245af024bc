"""Logging for operators: one JSON object a line, with time, level, logger and the request id.

``python-json-logger`` formats the records. Every record written while a request is served
carries that request's id (a context variable set by the observability middleware), so the
access line and any warning of the same request can be joined. Third-party libraries log
warnings and errors only, and their progress bars are off, unless ``RAG_LOG_LEVEL=DEBUG``.
"""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

_NOISY = ("sentence_transformers", "transformers", "httpx", "httpcore", "jieba", "faiss", "urllib3", "filelock",
          "huggingface_hub", "bm25s", "multipart", "asyncio", "uvicorn.error")


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or request_id.get()
        return True


def configure(level: str = "INFO") -> None:
    """JSON lines on standard error for every logger; uvicorn's own access line stays off (ours replaces it)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    ))
    handler.addFilter(_RequestId())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = level != "DEBUG"
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING if quiet else logging.DEBUG)
    logging.getLogger("uvicorn.access").disabled = True
    if quiet:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # "Loading weights" bars of every model load
