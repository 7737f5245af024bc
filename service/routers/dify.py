"""Dify's External Knowledge API: POST /retrieval, so a Dify workspace can use this service as a knowledge base.

Dify sends ``Authorization: Bearer <key>``, ``knowledge_id``, ``query``,
``retrieval_setting {top_k, score_threshold}`` and an optional ``metadata_condition``,
and expects ``records[{content, score, title, metadata}]`` with ``metadata`` always an
object. Errors use Dify's codes: 1001 malformed Authorization header, 1002
authorization failed, 2001 unknown knowledge base.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from rag.config import Settings
from rag.pipeline import MAX_QUESTION_CHARS, MAX_TOP_K, QAPipeline
from service.access import Access, Principal, requires
from service.deps import get_pipeline
from service.errors import OwnFormatError
from service.filter_schemas import FiltersIn
from service.observability import observe_ask
from service.security import authenticate

# Dify expects its own error format, so the route checks credentials itself (own_errors).
router = APIRouter(tags=["dify"], dependencies=[requires(Access.READ, own_errors=True)])


class RetrievalSetting(BaseModel):
    top_k: StrictInt = Field(ge=1, le=MAX_TOP_K)
    score_threshold: StrictFloat | StrictInt = Field(ge=0, le=1)


class RetrievalRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    knowledge_id: StrictStr = Field(min_length=1)
    query: StrictStr = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    retrieval_setting: RetrievalSetting
    metadata_condition: FiltersIn | None = None


class Record(BaseModel):
    content: str
    score: float = Field(ge=0, le=1)
    title: str
    metadata: dict


class RetrievalResponse(BaseModel):
    records: list[Record]


class DifyError(BaseModel):
    error_code: int
    error_msg: str


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error_code": code, "error_msg": message})


def dify_principal(request: Request, authorization: Annotated[str | None, Header()] = None) -> Principal:
    """The caller, checked before the body is validated; Dify's error (or a 429 past the rate limit) if refused."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Bearer" or not token.strip():
        message = "Invalid Authorization header format. Expected 'Bearer <api-key>' format."
        raise OwnFormatError(_error(403, 1001, message))
    principal = authenticate(request.app.state.settings, authorization, request.headers.get("origin"))
    if principal is None or principal.access < Access.READ:  # widget tokens are for the widget only
        raise OwnFormatError(_error(403, 1002, "Authorization failed"))
    limiter = getattr(request.app.state, "rate_limiter", None)
    wait = limiter.acquire(principal.name) if limiter is not None else None
    if wait is not None:
        response = _error(429, 1003, "Too many requests; retry later")
        response.headers["Retry-After"] = str(math.floor(wait) + 1)
        raise OwnFormatError(response)
    return principal


@router.post(
    "/retrieval",
    response_model=RetrievalResponse,
    responses={403: {"model": DifyError, "description": "1001 or 1002"}, 404: {"model": DifyError,
                                                                            "description": "2001"}},
)
def retrieval(
    body: RetrievalRequest,
    request: Request,
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    _: Annotated[Principal, Depends(dify_principal)],
):
    """Passages for Dify, with scores in 0–1 and the document fields as metadata."""
    settings: Settings = request.app.state.settings
    if body.knowledge_id not in settings.dify_knowledge_ids:
        return _error(404, 2001, f"The knowledge {body.knowledge_id!r} does not exist")
    filters = body.metadata_condition.to_filter() if body.metadata_condition else None
    result = pipeline.ask(body.query, body.retrieval_setting.top_k, filters=filters)
    observe_ask(request, result)
    records = []
    for hit in result.hits:
        score = pipeline.relevance(hit)
        if score < body.retrieval_setting.score_threshold:
            continue
        doc = result.documents[hit.chunk.doc_id]
        records.append(Record(
            content=hit.chunk.text,
            score=round(score, 4),
            title=doc.get("title") or doc["file"],
            metadata={
                "doc_id": doc["id"], "file": doc["file"], "title": doc.get("title"),
                "doc_number": doc.get("doc_number"), "date": doc.get("date"), "issuer": doc.get("issuer"),
                "section": list(hit.chunk.section), "passage_id": hit.chunk.id,
                "char_start": hit.chunk.char_start, "char_end": hit.chunk.char_end,
            },
        ))
    return RetrievalResponse(records=records)
