"""POST /chat: multi-turn questions, answered as JSON or as Server-Sent Events."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.sse import EventSourceResponse, format_sse_event

from rag.chat import ChatEngine, ChatTurn, Message
from rag.index.filters import MetadataFilter
from service.access import Access, requires
from service.chat_schemas import ChatRequest, ChatResponse
from service.errors import ERROR_RESPONSES
from service.filter_schemas import FiltersIn
from service.observability import observe_ask
from service.schemas import answer_out, no_answer_out, passage_out

router = APIRouter(tags=["chat"], dependencies=[requires(Access.WIDGET)])


async def get_chat(request: Request) -> ChatEngine:
    return request.app.state.chat  # async: no thread-pool hop for reading app state


def to_filter(filters: FiltersIn | None) -> MetadataFilter | None:
    return filters.to_filter() if filters is not None else None


def chat_response(turn: ChatTurn) -> ChatResponse:
    documents = turn.result.documents
    return ChatResponse(
        query=turn.query,
        reply=turn.reply,
        answer=answer_out(turn.result.answer),
        no_answer=turn.result.no_answer,
        no_answer_reason=no_answer_out(turn.result),
        passages=[passage_out(h, documents) for h in turn.passages],
    )


def reply_pieces(reply: str) -> list[str]:
    """The reply cut after sentence ends and line breaks, the way it streams to the client."""
    return [p for p in re.split(r"(?<=[。！？!?\n])", reply) if p]


def _event(name: str, data: dict) -> bytes:
    return format_sse_event(event=name, data_str=json.dumps(data, ensure_ascii=False))


def sse_events(turn: ChatTurn) -> Iterator[bytes]:
    body = chat_response(turn)
    yield _event("passages", {"query": body.query, "passages": [p.model_dump() for p in body.passages]})
    for piece in reply_pieces(body.reply):
        yield _event("delta", {"text": piece})
    yield _event("done", {"reply": body.reply, "answer": body.answer.model_dump() if body.answer else None,
                          "no_answer": body.no_answer})


@router.post("/chat", response_model=ChatResponse, responses=ERROR_RESPONSES)
def chat(body: ChatRequest, request: Request, engine: Annotated[ChatEngine, Depends(get_chat)]):
    """Answer the last user message in the context of the conversation.

    With ``"stream": true`` the reply is ``text/event-stream``: a ``passages`` event,
    ``delta`` events with pieces of the reply, then ``done`` with the whole reply and answer.
    """
    messages = [Message(m.role, m.content) for m in body.messages]
    turn = engine.run(messages, body.top_k, filters=to_filter(body.filters))
    observe_ask(request, turn.result)
    if body.stream:
        return EventSourceResponse(sse_events(turn), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return chat_response(turn)
