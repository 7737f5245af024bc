"""How ``rag serve`` runs: the listening socket, one serving process or a supervisor and its workers on one socket,
and the settings read from the environment with a clear error."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from pydantic import ValidationError

from rag.config import Settings
from rag.errors import RagError
from rag.pipeline import QAPipeline
from service import logs


def settings_from_environment() -> Settings:
    """``Settings()`` from the environment and .env; an invalid value is a RagError naming each bad setting."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"RAG_{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" if e["loc"]
                             else e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise RagError(f"invalid configuration: {problems}") from exc


def listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound before the model loads so that a busy port is reported at once.

    TCP_NODELAY is set here because asyncio sets it only on sockets it creates itself: without it, every
    keep-alive response waited about 40 ms for the client's delayed acknowledgement (measured by
    eval/bench_service.py). Accepted connections inherit it from the listener.
    """
    try:
        listener = socket.create_server((host, port), reuse_port=False)
    except OSError as exc:
        raise RagError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); is another server running? "
                       "Choose another port with --port or RAG_PORT") from exc
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listener


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> int:
    """Serve ``settings``' index over HTTP until stopped: in this process, or with ``RAG_WORKERS`` > 1 in worker
    processes behind a supervisor. The socket is bound and the model and index loaded before the server starts,
    so that a busy port, a missing model or a mismatched index is one clear message, not a traceback from inside
    the server's startup."""
    import uvicorn

    from service.app import create_app

    listener = listen(host or settings.host, port or settings.port)
    if settings.workers > 1:
        try:
            _in_child(_prepare)  # the parent only supervises: it should not keep a model (1 GB) it never uses
            return _serve_workers(settings, listener)
        finally:
            listener.close()
    pipeline = QAPipeline(settings)
    try:
        pipeline.warm_up(build_if_missing=True)
        server = uvicorn.Server(uvicorn.Config(create_app(settings, pipeline=pipeline), log_config=None,
                                               access_log=False, log_level=settings.log_level.lower()))
        server.run(sockets=[listener])
    finally:
        listener.close()
        pipeline.close()
    return 0


def _prepare() -> None:
    """Load the model and open the index, building it from the sample corpus if there is none."""
    settings = settings_from_environment()
    logs.configure(settings.log_level)
    pipeline = QAPipeline(settings)
    try:
        pipeline.warm_up(build_if_missing=True)
    finally:
        pipeline.close()


def _in_child(work: Callable[[], None]) -> None:
    """Run ``work`` in a fresh process (settings from this one's environment); its RagError is raised here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            pool.submit(work).result()
        except BrokenProcessPool:
            raise RagError("the process that loads the model and checks the index stopped (killed, or out of "
                           "memory); see the log above") from None


def _serve_workers(settings: Settings, listener: socket.socket) -> int:
    """RAG_WORKERS processes accepting on one socket (uvicorn's supervisor restarts one that dies).

    Each gets its share of the cores unless RAG_THREADS says otherwise, the same widget-token secret (a random
    one for this run unless RAG_TOKEN_SECRET is set), and counts its metrics into files of one folder that
    /metrics in any of them sums (prometheus_client's multiprocess mode); the rate-limit counts live in a
    storage they share (Settings.shared_rate_limit_storage).
    """
    import secrets
    import shutil
    import tempfile

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if "threads" not in settings.model_fields_set:
        os.environ["RAG_THREADS"] = str(max(1, (os.cpu_count() or 1) // settings.workers))
    if settings.token_secret is None:  # one random secret for this run, else a widget token works in one worker
        os.environ["RAG_TOKEN_SECRET"] = secrets.token_urlsafe(32)
    metrics_dir = tempfile.mkdtemp(prefix="rag-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    config = uvicorn.Config("service.app:from_environment", factory=True, workers=settings.workers,
                            log_config=None, access_log=False, log_level=settings.log_level.lower())
    try:
        Multiprocess(config, sockets=[listener]).run()
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0
