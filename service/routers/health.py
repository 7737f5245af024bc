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
    index = pipeline.index
    return Health(
        status="ok",
        model=index.manifest.model_name,
        documents=index.manifest.documents,
        chunks=index.manifest.chunks,
        index_version=index.version_dir.name,
        index_created_at=index.manifest.created_at,
    )
