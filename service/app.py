"""App factory. Nothing heavy happens at import: the lifespan loads the model and the index."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from rag.answer.generation import llm_writer
from rag.chat import ChatEngine
from rag.config import Settings
from rag.pipeline import QAPipeline
from service import logs
from service.access import check_declared, document_access
from service.errors import install_error_handlers
from service.observability import install_observability
from service.routers import admin, ask, auth, chat, dify, docs, documents, health, openai_compat, widget
from service.security import install_security
from service.writes import DocumentWriter

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, pipeline: QAPipeline | None = None,
               writer: DocumentWriter | None = None) -> FastAPI:
    """Build the app. Pass a warmed-up ``pipeline`` to share one model between apps, and a ``writer`` to share
    one write worker process between them (tests do both); the app closes only what it made."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = pipeline is None
        app.state.pipeline = pipeline or QAPipeline(settings)
        if owned:
            await run_in_threadpool(app.state.pipeline.warm_up, True)
        # The write worker process starts at the first upload, replacement or deletion (service/writes.py).
        app.state.writer = writer or DocumentWriter(settings)
        app.state.chat = ChatEngine(app.state.pipeline, max_messages=settings.max_chat_messages,
                                    writer=llm_writer(settings))
        log.info("serving %d documents", app.state.pipeline.stats().documents)
        try:
            yield
        finally:
            if writer is None:
                await run_in_threadpool(app.state.writer.close)
            if owned:
                app.state.pipeline.close()

    app = FastAPI(
        title="Official-documents RAG",
        summary="Cited answers from official Chinese documents, for questions in Chinese or English.",
        version="0.1.0",
        lifespan=lifespan,
        # The docs and the schema are served by service/routers/docs.py: offline, and declared public.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Order matters: the middleware installed last runs first, and observability must see every response.
    install_security(app, settings)
    install_observability(app, settings.metrics_public)
    app.include_router(ask.router)
    app.include_router(auth.router)
    app.include_router(chat.router)
    app.include_router(openai_compat.router)
    app.include_router(dify.router)
    app.include_router(documents.router)
    app.include_router(health.router)
    app.include_router(widget.router)
    app.include_router(docs.router)
    app.include_router(admin.router)
    check_declared(app)
    document_access(app)
    return app


def from_environment() -> FastAPI:
    """The app of one ``rag serve`` worker process (RAG_WORKERS > 1): its settings come from the environment,
    which the parent process has already checked, and it loads its own model and index."""
    settings = Settings()
    logs.configure(settings.log_level)
    return create_app(settings)
