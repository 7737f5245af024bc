"""Request ids, one access-log record per request (JSON lines: service/logs.py), and Prometheus metrics.

Each app gets its own CollectorRegistry (``app.state.metrics``), so apps built side by side in tests
do not count into one another. Routes label metrics by their template (/documents/{doc_id}), never
by the raw path, so that the number of series stays bounded.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid

from fastapi import APIRouter, FastAPI, Request
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.pipeline import AskResult
from service import logs
from service.access import Access, Principal, match, requires

access_log = logging.getLogger("rag.access")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_STAGE = re.compile(r"[a-z_]{1,32}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "rag_http_requests", "HTTP requests by route template and status.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.request_seconds = Histogram(
            "rag_http_request_duration_seconds", "Time from request to last response byte.",
            ["method", "route"], buckets=_SECONDS, registry=self.registry,
        )
        self.stage_seconds = Histogram(
            "rag_pipeline_stage_seconds",
            "Time per question in each pipeline stage: embed and retrieve (retrieval), answer, total.",
            ["stage"], buckets=_SECONDS, registry=self.registry,
        )
        self.answers = Counter(
            "rag_answers", "Questions answered, by outcome (answered or no_answer).", ["outcome"],
            registry=self.registry,
        )

    def observe_ask(self, result: AskResult) -> None:
        for stage, ms in result.timings_ms.items():
            if _STAGE.fullmatch(stage):
                self.stage_seconds.labels(stage).observe(ms / 1000)
        self.answers.labels("no_answer" if result.no_answer else "answered").inc()


def observe_ask(request: Request, result: AskResult) -> None:
    """Record an AskResult's stage timings; every router that runs the pipeline should call this."""
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.observe_ask(result)


def route_template(scope: Scope) -> str:
    """The template of the route a request is for (``/documents/{doc_id}``), or ``unmatched``.

    Matched against the app's routes rather than read from the scope, so that requests answered
    before routing (401, 403, 413, 429) are labelled too.
    """
    route, partial = match(scope)
    found = route or partial
    return getattr(found, "path_format", None) or getattr(found, "path", None) or "unmatched"


def _request_id(scope: Scope) -> str:
    for key, value in scope["headers"]:
        if key == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class ObservabilityMiddleware:
    """Outermost middleware: sees every response, including the ones other middleware answer."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        token = logs.request_id.set(request_id)
        status = 500  # what the client gets if the app raises before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - start
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            route = route_template(scope)
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.request_seconds.labels(method, route).observe(seconds)
            principal: Principal | None = state.get("principal")
            client = scope.get("client")
            access_log.info("request", extra={
                "request_id": request_id,
                "method": scope["method"],
                "route": route,
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "client": client[0] if client else None,
                "key": principal.name if principal and principal.via != "anonymous" else None,
                "subject": principal.subject if principal else None,
            })
            logs.request_id.reset(token)


def metrics_router(public: bool) -> APIRouter:
    """GET /metrics in Prometheus text format: public unless RAG_METRICS_PUBLIC=false (then read access)."""
    router = APIRouter(include_in_schema=False, dependencies=[requires(Access.PUBLIC if public else Access.READ)])

    @router.get("/metrics")
    def metrics(request: Request) -> Response:
        return Response(generate_latest(_registry(request)), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    return router


def _registry(request: Request) -> CollectorRegistry:
    """This app's metrics; with several serving processes (``rag serve`` sets PROMETHEUS_MULTIPROC_DIR for
    them), every process's, which prometheus_client then keeps in files in that folder and sums here."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return request.app.state.metrics.registry


def install_observability(app: FastAPI, metrics_public: bool) -> None:
    """Install last, so that it wraps every other middleware."""
    app.state.metrics = Metrics()
    app.add_middleware(ObservabilityMiddleware, metrics=app.state.metrics)
    app.include_router(metrics_router(metrics_public))
