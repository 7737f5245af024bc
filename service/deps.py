"""Request-scoped access to the pipeline that the app's lifespan loaded."""

from __future__ import annotations

from fastapi import Request

from rag.pipeline import QAPipeline


def get_pipeline(request: Request) -> QAPipeline:
    return request.app.state.pipeline
