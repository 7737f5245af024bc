"""Documents: list and read them, and change the corpus (upload, replace, delete)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from rag.pipeline import QAPipeline
from service.access import Access, requires
from service.deps import get_pipeline
from service.errors import ERROR_RESPONSES
from service.schemas import DocumentDetail, DocumentSummary
from service.writes import DocumentWriter

router = APIRouter(prefix="/documents", tags=["documents"])

# Read a little past the limit, so an oversized file is refused without holding all of it.
_READ_SLACK = 1


class IngestedDocument(BaseModel):
    id: str
    file: str
    status: str = Field(description="added, updated or unchanged")
    title: str | None
    doc_number: str | None
    date: str | None
    issuer: str | None
    addressee: str | None
    chunk_count: int


class IngestResult(BaseModel):
    documents: list[IngestedDocument]
    removed: list[str] = Field(default_factory=list)
    index_version: str | None = Field(description="The new index version, or null when nothing changed.")


async def _apply(request: Request, pipeline: QAPipeline, op: str, *args) -> IngestResult:
    """One change, applied by the app's document writer (the write worker process: service/writes.py)."""
    writer: DocumentWriter = request.app.state.writer
    body = await writer.apply(pipeline, op, *args, parse_seconds=request.app.state.settings.parse_timeout_seconds)
    return IngestResult(**body)


async def _read(upload: UploadFile, limit: int) -> tuple[str, bytes]:
    data = await upload.read(limit + _READ_SLACK)
    return upload.filename or "", data


@router.get("", response_model=list[DocumentSummary], dependencies=[requires(Access.READ)])
def list_documents(
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    response: Response,
    offset: Annotated[int, Query(ge=0, le=2**62, description="Documents to skip (ordered by file name).")] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Most documents to return.")] = 1000,
) -> list[DocumentSummary]:
    """Indexed documents with their header fields and chunk count, a page at a time; the total is in
    the ``X-Total-Count`` header."""
    response.headers["X-Total-Count"] = str(pipeline.stats().documents)
    return [DocumentSummary(**d) for d in pipeline.documents(offset, limit)]


# The widget opens the document an answer cites (the passage highlighted in its text): widget tokens may
# read one document by id, though not list them.
@router.get("/{doc_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES,
            dependencies=[requires(Access.WIDGET)])
def get_document(doc_id: str, pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> DocumentDetail:
    """Header fields plus the full text that passage offsets index into."""
    doc = pipeline.document(doc_id)
    return DocumentDetail(**pipeline.summary(doc.id), text=doc.text)


_REFUSED = ERROR_RESPONSES[404] | {
    "description": "A file was refused (empty, too large, unsafe name, unreadable, over the parse time or memory "
                   "limit, duplicate); nothing changed"}
_WRITES = ERROR_RESPONSES | {503: ERROR_RESPONSES[503] | {
    "description": "Index or model not available, or the document writer stopped during the change (applied whole "
                   "or not at all; retry)"}}


class PassageSummary(BaseModel):
    id: str
    section: list[str]
    char_start: int
    char_end: int
    text: str


@router.get("/{doc_id}/passages", response_model=list[PassageSummary], responses=ERROR_RESPONSES,
            dependencies=[requires(Access.READ)])
def document_passages(doc_id: str, pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> list[PassageSummary]:
    """The passages the document was cut into, in text order, with their section paths and offsets."""
    return [PassageSummary(id=c.id, section=list(c.section), char_start=c.char_start, char_end=c.char_end,
                           text=c.text) for c in pipeline.passages(doc_id)]


@router.post("", response_model=IngestResult, status_code=201, dependencies=[requires(Access.ADMIN)],
             responses={400: _REFUSED, 503: _WRITES[503]})
async def upload_documents(
    request: Request,
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    files: Annotated[list[UploadFile], File(description=".txt .md .html .docx .pdf files")],
) -> IngestResult:
    """Add or update documents (by content: an unchanged file is a no-op). All files go in, or none."""
    limit = pipeline.settings.max_upload_bytes
    payload = [await _read(f, limit) for f in files]
    return await _apply(request, pipeline, "add", payload)


@router.put("/{doc_id}", response_model=IngestResult, responses=_WRITES | {400: _REFUSED},
            dependencies=[requires(Access.ADMIN)])
async def replace_document(
    request: Request,
    doc_id: str,
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    file: Annotated[UploadFile, File(description="the new version of the document")],
) -> IngestResult:
    """Replace a document; unchanged passages keep their ids and are not embedded again."""
    await run_in_threadpool(pipeline.summary, doc_id)  # an unknown id: 404 before the file travels to the writer
    name, data = await _read(file, pipeline.settings.max_upload_bytes)
    return await _apply(request, pipeline, "replace", doc_id, name, data)


@router.delete("/{doc_id}", response_model=IngestResult, responses=_WRITES,
               dependencies=[requires(Access.ADMIN)])
async def delete_document(request: Request, doc_id: str,
                          pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> IngestResult:
    """Remove a document and all its chunks."""
    await run_in_threadpool(pipeline.summary, doc_id)  # 404 at once (the writer checks again: it may go meanwhile)
    return await _apply(request, pipeline, "remove", doc_id)
