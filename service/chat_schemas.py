"""Request and response models of /chat and of the filters shared with /ask."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

from rag.pipeline import MAX_QUESTION_CHARS, MAX_TOP_K
from service.filter_schemas import FiltersIn
from service.schemas import AnswerOut, NoAnswerOut, PassageOut

MAX_MESSAGE_CHARS = 20_000


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant", "system"]
    content: StrictStr = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    messages: list[ChatMessage] = Field(min_length=1)
    top_k: StrictInt = Field(default=5, ge=1, le=MAX_TOP_K)
    stream: StrictBool = False
    filters: FiltersIn | None = None

    @model_validator(mode="after")
    def _last_is_a_question(self) -> ChatRequest:
        last = self.messages[-1]
        if last.role != "user":
            raise ValueError("the last message must have role 'user' (it is the question)")
        if not last.content.strip():
            raise ValueError("the question (last user message) must contain more than white space")
        if len(last.content) > MAX_QUESTION_CHARS:
            raise ValueError(f"the question (last user message) may have at most {MAX_QUESTION_CHARS} characters")
        return self


class ChatResponse(BaseModel):
    query: str = Field(description="The standalone query the conversation was rewritten into and searched.")
    reply: str = Field(description="The reply; each claim carries [n], the number of a passage below.")
    answer: AnswerOut | None
    no_answer: bool
    no_answer_reason: NoAnswerOut | None = Field(default=None, description="Why there is no answer, if none.")
    passages: list[PassageOut] = Field(description="Numbered [1], [2] … in the order of this list.")
