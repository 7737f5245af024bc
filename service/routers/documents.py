"""Documents: list and read them, and change the corpus (upload, replace, delete)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from rag.documents import Document
from rag.ingest import IngestReport
from rag.pipeline import QAPipeline
from service.access import Access, requires
from service.deps import get_pipeline
from service.errors import ERROR_RESPONSES
from service.schemas import DocumentDetail, DocumentSummary

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


def _result(report: IngestReport, pipeline: QAPipeline) -> IngestResult:
    changed = [d.id for d in report.added + report.updated + report.unchanged]
    counts = {i: pipeline.summary(i)["chunk_count"] for i in changed}

    def entry(doc: Document, status: str) -> IngestedDocument:
        h = doc.header
        return IngestedDocument(id=doc.id, file=doc.file, status=status, title=h.title, doc_number=h.doc_number,
                                date=h.date, issuer=h.issuer, addressee=h.addressee,
                                chunk_count=counts.get(doc.id, 0))

    documents = ([entry(d, "added") for d in report.added] + [entry(d, "updated") for d in report.updated]
                 + [entry(d, "unchanged") for d in report.unchanged])
    return IngestResult(documents=documents, removed=report.removed,
                        index_version=report.commit.version if report.commit else None)


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
    "description": "A file was refused (empty, too large, unsafe name, unreadable, duplicate); nothing changed"}


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
             responses={400: _REFUSED})
async def upload_documents(
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    files: Annotated[list[UploadFile], File(description=".txt .md .html .docx .pdf files")],
) -> IngestResult:
    """Add or update documents (by content: an unchanged file is a no-op). All files go in, or none."""
    limit = pipeline.settings.max_upload_bytes
    payload = [await _read(f, limit) for f in files]
    report = await run_in_threadpool(pipeline.add_files, payload)
    return _result(report, pipeline)


@router.put("/{doc_id}", response_model=IngestResult, responses=ERROR_RESPONSES,
            dependencies=[requires(Access.ADMIN)])
async def replace_document(
    doc_id: str,
    pipeline: Annotated[QAPipeline, Depends(get_pipeline)],
    file: Annotated[UploadFile, File(description="the new version of the document")],
) -> IngestResult:
    """Replace a document; unchanged passages keep their ids and are not embedded again."""
    name, data = await _read(file, pipeline.settings.max_upload_bytes)
    report = await run_in_threadpool(pipeline.replace_document, doc_id, name, data)
    return _result(report, pipeline)


@router.delete("/{doc_id}", response_model=IngestResult, responses=ERROR_RESPONSES,
               dependencies=[requires(Access.ADMIN)])
async def delete_document(doc_id: str, pipeline: Annotated[QAPipeline, Depends(get_pipeline)]) -> IngestResult:
    """Remove a document and all its chunks."""
    report = await run_in_threadpool(pipeline.remove_document, doc_id)
    return _result(report, pipeline)
