"""An OpenAI-compatible face: existing chat front-ends and the ``openai`` client use the service as a model.

The content of the assistant message is the cited reply followed by a numbered
source list; the passages also travel, structured, in an extra ``citations`` field.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.sse import EventSourceResponse, format_sse_event
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

from rag.chat import ChatEngine, ChatTurn, Message
from rag.pipeline import MAX_QUESTION_CHARS, MAX_TOP_K
from rag.text.tokens import count_tokens
from service.access import Access, requires
from service.chat_schemas import MAX_MESSAGE_CHARS
from service.errors import OpenAIError
from service.filter_schemas import FiltersIn
from service.observability import observe_ask
from service.routers.chat import get_chat, reply_pieces, to_filter
from service.schemas import PassageOut, clean_text, passage_out

router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[requires(Access.READ)])
MODEL_ID = "official-docs-rag"


class ContentPart(BaseModel):
    type: Literal["text"]
    text: StrictStr

    @field_validator("text")
    @classmethod
    def _valid_text(cls, value: str) -> str:
        return clean_text(value)


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: StrictStr | list[ContentPart] | None = None

    @field_validator("content")
    @classmethod
    def _valid_text(cls, value):
        return clean_text(value) if isinstance(value, str) else value

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: StrictBool = False


class CompletionRequest(BaseModel):
    """OpenAI's chat completion request; sampling options are accepted and ignored."""

    model_config = ConfigDict(extra="ignore")

    model: StrictStr = MODEL_ID
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: StrictBool = False
    stream_options: StreamOptions | None = None
    top_k: StrictInt = Field(default=5, ge=1, le=MAX_TOP_K, description="Extension: passages to cite.")
    filters: FiltersIn | None = Field(default=None, description="Extension: document filters, as in /ask.")

    @field_validator("messages")
    @classmethod
    def _has_question(cls, messages: list[OpenAIMessage]) -> list[OpenAIMessage]:
        if messages[-1].role != "user" or not messages[-1].text().strip():
            raise ValueError("the last message must be a non-empty user message (the question)")
        if any(len(m.text()) > MAX_MESSAGE_CHARS for m in messages):
            raise ValueError(f"a message may have at most {MAX_MESSAGE_CHARS} characters")
        if len(messages[-1].text()) > MAX_QUESTION_CHARS:  # the same limit as /ask, /chat and /retrieval
            raise ValueError(f"the question (last user message) may have at most {MAX_QUESTION_CHARS} characters")
        return messages


def _sources(turn: ChatTurn) -> str:
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in turn.result.question)
    lines = ["来源：" if zh else "Sources:"]
    for n, hit in enumerate(turn.passages, 1):
        doc = turn.result.documents[hit.chunk.doc_id]
        section = " > ".join(hit.chunk.section)
        parts = [f"《{doc['title']}》" if doc.get("title") else doc["file"], doc.get("doc_number"), section]
        lines.append(f"[{n}] " + " ".join(p for p in parts if p) + f" ({hit.chunk.char_start}-{hit.chunk.char_end})")
    return "\n".join(lines)


def _content(turn: ChatTurn) -> str:
    return f"{turn.reply}\n\n{_sources(turn)}" if turn.passages else turn.reply


def _citations(turn: ChatTurn) -> list[dict]:
    return [passage_out(h, turn.result.documents).model_dump() for h in turn.passages]


def _run(body: CompletionRequest, engine: ChatEngine) -> ChatTurn:
    messages = [Message("user" if m.role == "user" else "assistant" if m.role == "assistant" else "system", m.text())
                for m in body.messages if m.role in ("user", "assistant", "system", "developer")]
    return engine.run(messages, body.top_k, filters=to_filter(body.filters))


def _chunk(completion_id: str, model: str, created: int, delta: dict, finish: str | None = None, **extra) -> bytes:
    body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
    return format_sse_event(data_str=json.dumps(body, ensure_ascii=False))


def _stream(turn: ChatTurn, model: str, usage: Usage | None) -> Iterator[bytes]:
    """OpenAI's chunks; with ``stream_options.include_usage`` a last chunk with no choices carries the usage."""
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    yield _chunk(completion_id, model, created, {"role": "assistant", "content": ""})
    for piece in reply_pieces(_content(turn)):
        yield _chunk(completion_id, model, created, {"content": piece})
    yield _chunk(completion_id, model, created, {}, "stop", citations=_citations(turn))
    if usage is not None:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [], "usage": usage.model_dump()}
        yield format_sse_event(data_str=json.dumps(body))
    yield format_sse_event(data_str="[DONE]")


def _usage(body: CompletionRequest, content: str) -> Usage:
    prompt_tokens = sum(count_tokens(m.text()) for m in body.messages)
    completion_tokens = count_tokens(content)
    return Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                 total_tokens=prompt_tokens + completion_tokens)


def _check_model(model: str) -> None:
    if model != MODEL_ID:
        raise OpenAIError(404, f"The model `{model[:100]}` does not exist; the one model here is `{MODEL_ID}`.",
                          "invalid_request_error", "model_not_found", "model")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int
    message: CompletionMessage
    finish_reason: Literal["stop"]


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Completion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[PassageOut] = Field(description="The passages [1], [2] … of the reply, structured.")


_CARD = ModelCard(id=MODEL_ID, created=0, owned_by="official-docs-rag")


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    return ModelList(data=[_CARD])


@router.get("/models/{model_id}", response_model=ModelCard)
def get_model(model_id: str) -> ModelCard:
    _check_model(model_id)
    return _CARD


@router.post("/chat/completions", response_model=Completion)
def chat_completions(body: CompletionRequest, request: Request, engine: Annotated[ChatEngine, Depends(get_chat)]):
    """Answer like an OpenAI chat model; ``stream: true`` gives OpenAI's SSE chunks ending in ``[DONE]``."""
    _check_model(body.model)
    turn = _run(body, engine)
    observe_ask(request, turn.result)
    content = _content(turn)
    usage = _usage(body, content)
    if body.stream:
        wanted = usage if body.stream_options and body.stream_options.include_usage else None
        return EventSourceResponse(_stream(turn, body.model, wanted),
                                   headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return Completion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=body.model,
        choices=[Choice(index=0, message=CompletionMessage(content=content), finish_reason="stop")],
        usage=usage,
        citations=[passage_out(h, turn.result.documents) for h in turn.passages],
    )
