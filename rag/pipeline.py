"""The question-answering pipeline: embed the question, search, pick the answer sentence.

It works without HTTP; the service and the CLI are thin shells around it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.base import Embedder
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.answer import Answer, AnswerExtractor, AnswerSettings
from rag.chunking import Chunk
from rag.config import SAMPLE_CORPUS_DIR, Settings
from rag.corpus import discover
from rag.documents import Document
from rag.errors import DocumentError, DocumentNotFoundError, RagError
from rag.filters import MetadataFilter
from rag.formats import SUPPORTED_SUFFIXES
from rag.index import Hit, VectorIndex, index_exists
from rag.ingest import Ingestor, IngestReport
from rag.retrieval import HybridRetriever, RetrievalSettings

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
MAX_TOP_K = 50


class QueryError(RagError):
    """The question or its options are invalid."""


@dataclass(frozen=True)
class AskResult:
    question: str
    answer: Answer | None
    hits: list[Hit]  # the top_k passages asked for
    documents: dict[str, dict]  # doc id -> summary (title, doc_number, date, file)
    timings_ms: dict[str, float] = field(default_factory=dict)
    all_hits: list[Hit] = field(default_factory=list)  # every retrieved passage, cited ones included

    @property
    def no_answer(self) -> bool:
        return self.answer is None


def validate_question(question: str, top_k: int) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QueryError("question must be a non-empty string")
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(f"question is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}")
    if not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise QueryError(f"top_k must be an integer from 1 to {MAX_TOP_K}, got {top_k!r}")
    return question.strip()


@dataclass(frozen=True)
class _Snapshot:
    """Everything a query reads, swapped in one assignment so a reader never mixes two versions."""

    index: VectorIndex
    retriever: HybridRetriever
    extractor: AnswerExtractor
    summaries: dict[str, dict]


class QAPipeline:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        retrieval: RetrievalSettings | None = None,
        answer: AnswerSettings | None = None,
    ) -> None:
        self.settings = settings
        self.chunker = settings.chunker  # validates the chunker settings now
        self.embedder = embedder or SentenceTransformerEmbedder(
            settings.embedding_model, settings.models_dir, batch_size=settings.embedding_batch_size
        )
        self.retrieval_settings = retrieval or RetrievalSettings()
        self.answer_settings = answer or AnswerSettings(passages=settings.answer_passages)
        self.ingestor = Ingestor(settings.index_dir, settings.cache_dir / "embeddings.sqlite", self.embedder,
                                 self.chunker, max_bytes=settings.max_upload_bytes)
        self._snapshot: _Snapshot | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def warm_up(self, build_if_missing: bool = False) -> None:
        """Load the model and the index (building it from the sample corpus if asked and absent)."""
        self.embedder.warm_up()
        self.ingestor.recover()
        if build_if_missing and not index_exists(self.settings.index_dir):
            log.info("no index in %s: building it from the sample corpus", self.settings.index_dir)
            self.index_paths([SAMPLE_CORPUS_DIR])
            return
        self._load_index()

    def _load_index(self) -> None:
        index = VectorIndex.load(
            self.settings.index_dir, self.embedder.model_name, self.embedder.fingerprint, self.chunker
        )
        # The previous snapshot is not closed: a request may still be reading it; it goes with its last reference.
        self._snapshot = _Snapshot(
            index=index,
            retriever=HybridRetriever(index, self.retrieval_settings),
            extractor=AnswerExtractor(index, self.answer_settings),
            summaries={d["id"]: d for d in index.store.document_summaries()},
        )

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.index.close()
            self._snapshot = None

    @property
    def _state(self) -> _Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the pipeline is not warmed up; call warm_up() first")
        return self._snapshot

    @property
    def index(self) -> VectorIndex:
        return self._state.index

    # -- changing the corpus -----------------------------------------------------------------
    def _after(self, report: IngestReport) -> IngestReport:
        if report.build is not None:
            self._load_index()
        return report

    def index_paths(
        self, paths: list[Path], progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> IngestReport:
        """Add or update the documents under ``paths`` (CLI semantics: refused files are reported)."""
        files = [(p.name, p.read_bytes()) for p in discover(paths)]
        if not files:
            raise DocumentError(f"nothing to index: no {', '.join(SUPPORTED_SUFFIXES)} files under "
                                f"{', '.join(map(str, paths))}")
        return self._after(self.ingestor.upsert(files, strict=False, rebuild=rebuild, progress=progress))

    def add_files(self, files: list[tuple[str, bytes]]) -> IngestReport:
        """Add or update uploaded files, all or nothing."""
        return self._after(self.ingestor.upsert(files, strict=True))

    def replace_document(self, doc_id: str, file_name: str, data: bytes) -> IngestReport:
        return self._after(self.ingestor.upsert([(file_name, data)], strict=True, replace_id=doc_id))

    def remove_document(self, doc_id: str) -> IngestReport:
        return self._after(self.ingestor.remove(doc_id))

    # -- queries -----------------------------------------------------------------------------
    def ask(
        self, question: str, top_k: int = 5, filters: MetadataFilter | None = None, focus: Chunk | None = None
    ) -> AskResult:
        """Answer ``question`` from the ``top_k`` best passages (of the documents ``filters`` admits).

        ``focus`` is the passage a conversation is about; a follow-up question favours its section.
        """
        question = validate_question(question, top_k)
        state = self._state  # read once: an ingest may swap in a new version meanwhile
        allowed = None
        if filters is not None:
            allowed = frozenset(d for d, summary in state.summaries.items() if filters.matches(summary))
        t0 = time.perf_counter()
        query_vector = self.embedder.encode_query([question])[0]
        t1 = time.perf_counter()
        retrieval = state.retriever.run(
            question, query_vector, max(top_k, self.answer_settings.conflict_passages), allowed_docs=allowed,
            focus=focus,
        )
        t2 = time.perf_counter()
        answer = state.extractor.run(retrieval)
        t3 = time.perf_counter()
        hits = retrieval.hits[:top_k]
        return AskResult(
            question=question,
            answer=answer,
            hits=hits,
            documents={h.chunk.doc_id: state.summaries[h.chunk.doc_id] for h in retrieval.hits},
            all_hits=retrieval.hits,
            timings_ms={
                "embed": (t1 - t0) * 1000,
                "retrieve": (t2 - t1) * 1000,
                "answer": (t3 - t2) * 1000,
                "total": (t3 - t0) * 1000,
            },
        )

    def relevance(self, hit: Hit) -> float:
        """A passage's fused score scaled to 0–1 (for clients such as Dify that threshold on it)."""
        return max(0.0, min(1.0, hit.score / self.retrieval_settings.max_score))

    # -- documents ---------------------------------------------------------------------------
    def documents_by_id(self) -> dict[str, dict]:
        return self._state.summaries

    def documents(self) -> list[dict]:
        return list(self._snapshot.summaries.values()) if self._snapshot else []

    def document(self, doc_id: str) -> Document:
        doc = self._state.index.store.document(doc_id)
        if doc is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}; GET /documents lists the ids")
        return doc
