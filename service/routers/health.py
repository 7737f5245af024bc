from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from rag.pipeline import QAPipeline
from service.access import Access, requires
from service.deps import get_pipeline
from service.schemas import Health

router = APIRouter(tags=["health"], dependencies=[requires(Access.PUBLIC)])


@router.get("/healthz", response_model=Health)
def healthz(pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> Health:
    """Liveness and what is loaded."""
    stats = pipeline.stats()
    return Health(
        status="ok",
        model=pipeline.embedder.model_name,
        backend=pipeline.backend.name,
        documents=stats.documents,
        chunks=stats.chunks,
        index_version=stats.version,
        index_created_at=stats.created_at,
    )
