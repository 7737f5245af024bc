"""Request and response models of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from rag.pipeline import MAX_QUESTION_CHARS, MAX_TOP_K, AskResult


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(min_length=1, max_length=MAX_QUESTION_CHARS, examples=["概念验证花了多少钱？"])
    top_k: StrictInt = Field(default=5, ge=1, le=MAX_TOP_K)

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question must contain more than white space")
        return value


class DocRef(BaseModel):
    id: str
    file: str
    title: str | None
    doc_number: str | None
    date: str | None


class PassageOut(BaseModel):
    id: str
    text: str
    score: float
    doc: DocRef
    section: list[str]
    char_start: int
    char_end: int


class AnswerOut(BaseModel):
    text: str
    passage_id: str
    doc_id: str
    char_start: int = Field(description="Offset of the answer in the document text (GET /documents/{id}).")
    char_end: int
    score: float


class AskResponse(BaseModel):
    question: str
    answer: AnswerOut | None
    no_answer: bool
    passages: list[PassageOut]

    @classmethod
    def from_result(cls, result: AskResult) -> AskResponse:
        passages = []
        for hit in result.hits:
            chunk, doc = hit.chunk, result.documents[hit.chunk.doc_id]
            passages.append(
                PassageOut(
                    id=chunk.id,
                    text=chunk.text,
                    score=round(hit.score, 4),
                    doc=DocRef(id=doc["id"], file=doc["file"], title=doc["title"],
                               doc_number=doc["doc_number"], date=doc["date"]),
                    section=list(chunk.section),
                    char_start=chunk.char_start,
                    char_end=chunk.char_end,
                )
            )
        answer = None
        if result.answer is not None:
            a = result.answer
            answer = AnswerOut(text=a.text, passage_id=a.passage_id, doc_id=a.doc_id,
                               char_start=a.char_start, char_end=a.char_end, score=round(a.score, 4))
        return cls(question=result.question, answer=answer, no_answer=result.no_answer, passages=passages)


class DocumentSummary(BaseModel):
    id: str
    file: str
    title: str | None
    doc_number: str | None
    date: str | None
    issuer: str | None
    addressee: str | None
    subject: str | None
    chunk_count: int


class DocumentDetail(DocumentSummary):
    text: str = Field(description="The normalised source text that every char_start/char_end indexes into.")


class Health(BaseModel):
    status: str
    model: str
    documents: int
    chunks: int
    index_version: str
    index_created_at: str


class ErrorBody(BaseModel):
    error: str
    message: str
