from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from rag.pipeline import QAPipeline
from service.deps import get_pipeline
from service.errors import ERROR_RESPONSES
from service.schemas import DocumentDetail, DocumentSummary

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", response_model=list[DocumentSummary])
def list_documents(pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> list[DocumentSummary]:
    """Every indexed document with its header fields and chunk count."""
    return [DocumentSummary(**d) for d in pipeline.documents()]


@router.get("/{doc_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES)
def get_document(doc_id: str, pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> DocumentDetail:
    """Header fields plus the full text that passage offsets index into."""
    doc = pipeline.document(doc_id)
    summary = next(d for d in pipeline.documents() if d["id"] == doc.id)
    return DocumentDetail(**summary, text=doc.text)
