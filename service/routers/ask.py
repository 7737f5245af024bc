from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from rag.pipeline import QAPipeline
from service.access import Access, requires
from service.deps import get_pipeline
from service.errors import ERROR_RESPONSES
from service.observability import observe_ask
from service.schemas import AskRequest, AskResponse

router = APIRouter(tags=["ask"], dependencies=[requires(Access.WIDGET)])


@router.post("/ask", response_model=AskResponse, responses=ERROR_RESPONSES)
def ask(
    body: AskRequest,
    request: Request,
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    debug: Annotated[bool, Query(description="Add timings_ms (per pipeline stage) to the response.")] = False,
) -> Response:
    """Answer a question (Chinese or English) with cited passages and the best answer sentence."""
    filters = body.filters.to_filter() if body.filters else None
    result = pipeline.ask(body.question, body.top_k, filters=filters)
    observe_ask(request, result)
    response = AskResponse.from_result(result)
    if debug:
        response.timings_ms = {stage: round(ms, 2) for stage, ms in result.timings_ms.items()}
    # Serialised here: returned as a model, the response would be validated again in the thread pool (one more
    # thread hop) and encoded by FastAPI, 0.5 ms of a question's 10-15 (eval/bench_service_results.md).
    return Response(response.model_dump_json(), media_type="application/json")
