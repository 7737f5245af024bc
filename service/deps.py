"""Request-scoped access to the pipeline that the app's lifespan loaded."""

from __future__ import annotations

from fastapi import Request

from rag.pipeline import QAPipeline


async def get_pipeline(request: Request) -> QAPipeline:
    """async: a dependency that only reads app state needs no hop to the thread pool."""
    return request.app.state.pipeline
