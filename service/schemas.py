"""Request and response models of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from rag.answer.extract import Answer, Citation
from rag.answer.span import NO_ANSWER_REASONS
from rag.pipeline import MAX_QUESTION_CHARS, MAX_TOP_K, AskResult
from rag.search.retrieval import Hit
from service.filter_schemas import FiltersIn


def clean_text(value: str) -> str:
    """Refuse text that is not valid Unicode (a lone surrogate such as "\\ud800"), as every route does."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("the text contains a lone surrogate (not valid Unicode)")
    return value


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(min_length=1, max_length=MAX_QUESTION_CHARS, examples=["概念验证花了多少钱？"])
    top_k: StrictInt = Field(default=5, ge=1, le=MAX_TOP_K)
    filters: FiltersIn | None = Field(default=None, description="Only search documents whose fields match.")

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
    issuer: str | None = None
    addressee: str | None = None
    signer: str | None = None
    contact: str | None = None


class CitationOut(BaseModel):
    passage_id: str
    doc_id: str
    file: str
    section: list[str]
    char_start: int
    char_end: int


class ConflictOut(BaseModel):
    text: str = Field(description="The other figure, as written in its document.")
    doc_id: str
    char_start: int
    char_end: int
    citation: CitationOut


class PassageOut(BaseModel):
    id: str
    text: str
    score: float
    doc: DocRef
    section: list[str]
    char_start: int
    char_end: int


class AnswerPartOut(BaseModel):
    text: str
    kind: str
    passage_id: str
    char_start: int = Field(description="Offset of this part in the document text.")
    char_end: int
    citation: CitationOut


class AnswerOut(BaseModel):
    text: str = Field(description="The minimal answering span: a figure with its unit, a header field or a sentence.")
    kind: str = Field(description="money, count, percent, date, phone, doc_number, code (a project number), row (the "
                      "label of a table's row, e.g. the highest scorer), a header field (addressee, signer, contact, "
                      "published…) or sentence.")
    passage_id: str
    doc_id: str
    char_start: int = Field(description="Offset of the answer in the document text (GET /documents/{id}).")
    char_end: int
    score: float
    citations: list[CitationOut] = Field(description="Passages that support the answer.")
    conflicts: list[ConflictOut] = Field(
        default_factory=list, description="Other documents that give a different figure for the same fact."
    )
    parts: list[AnswerPartOut] = Field(
        default_factory=list, description="A two-part question's two figures (or two header fields), each with its "
        "own span and passage. Two figures of two passages, or two header fields: text joins them with '；' and "
        "char_start/char_end are the first part's."
    )


def _doc_ref(doc: dict) -> DocRef:
    return DocRef(**{k: doc.get(k) for k in DocRef.model_fields})


def _citation(c: Citation) -> CitationOut:
    return CitationOut(passage_id=c.passage_id, doc_id=c.doc_id, file=c.file, section=list(c.section),
                       char_start=c.char_start, char_end=c.char_end)


class NoAnswerOut(BaseModel):
    reason: str = Field(description="One of: " + ", ".join(NO_ANSWER_REASONS) + ".")
    detail: str = Field(description="The same, said to a person (which place or year did not match).")


class AskResponse(BaseModel):
    question: str
    answer: AnswerOut | None
    no_answer: bool
    no_answer_reason: NoAnswerOut | None = Field(default=None, description="Why there is no answer, if none.")
    passages: list[PassageOut]
    timings_ms: dict[str, float] | None = Field(
        default=None, description="Milliseconds per pipeline stage (embed, retrieve, answer, total); with ?debug=1."
    )

    @classmethod
    def from_result(cls, result: AskResult, hits: list[Hit] | None = None) -> AskResponse:
        passages = [passage_out(hit, result.documents) for hit in (result.hits if hits is None else hits)]
        return cls(question=result.question, answer=answer_out(result.answer), no_answer=result.no_answer,
                   no_answer_reason=no_answer_out(result), passages=passages)


def no_answer_out(result: AskResult) -> NoAnswerOut | None:
    why = result.no_answer_reason
    return NoAnswerOut(reason=why.reason, detail=why.detail) if why else None


def passage_out(hit: Hit, documents: dict[str, dict]) -> PassageOut:
    chunk = hit.chunk
    return PassageOut(
        id=chunk.id,
        text=chunk.text,
        score=round(hit.score, 4),
        doc=_doc_ref(documents[chunk.doc_id]),
        section=list(chunk.section),
        char_start=chunk.char_start,
        char_end=chunk.char_end,
    )


def answer_out(a: Answer | None) -> AnswerOut | None:
    if a is None:
        return None
    return AnswerOut(
        text=a.text, kind=a.kind, passage_id=a.passage_id, doc_id=a.doc_id, char_start=a.char_start,
        char_end=a.char_end, score=round(a.score, 4),
        citations=[_citation(c) for c in a.citations],
        conflicts=[ConflictOut(text=c.text, doc_id=c.doc_id, char_start=c.char_start, char_end=c.char_end,
                               citation=_citation(c.citation)) for c in a.conflicts],
        parts=[AnswerPartOut(text=p.text, kind=p.kind, passage_id=p.passage_id, char_start=p.char_start,
                             char_end=p.char_end, citation=_citation(p.citation)) for p in a.parts],
    )


class DocumentSummary(BaseModel):
    id: str
    file: str
    title: str | None
    doc_number: str | None
    date: str | None
    issuer: str | None
    addressee: str | None
    subject: str | None
    signer: str | None = None
    contact: str | None = None
    chunk_count: int


class DocumentDetail(DocumentSummary):
    text: str = Field(description="The normalised source text that every char_start/char_end indexes into.")


class Health(BaseModel):
    status: str
    model: str
    backend: str
    documents: int
    chunks: int
    index_version: str
    index_created_at: str


class ErrorBody(BaseModel):
    error: str
    message: str
