from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from rag.pipeline import QAPipeline
from service.deps import get_pipeline
from service.errors import ERROR_RESPONSES
from service.schemas import AskRequest, AskResponse

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskResponse, responses=ERROR_RESPONSES)
def ask(body: AskRequest, pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> AskResponse:
    """Answer a question (Chinese or English) with cited passages and the best answer sentence."""
    return AskResponse.from_result(pipeline.ask(body.question, body.top_k))
