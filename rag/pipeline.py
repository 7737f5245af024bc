"""The question-answering pipeline: embed the question, search the index backend, pick the answer span.

It works without HTTP; the service and the CLI are thin shells around it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import numpy as np
from cachetools import LRUCache

from embeddings import build_embedder
from embeddings.base import Embedder
from embeddings.batching import BatchingEmbedder
from rag.answer.context import named_document_first, named_places, named_places_first
from rag.answer.extract import Answer, AnswerExtractor, AnswerSettings, NoAnswer
from rag.answer.span import evidence_first
from rag.answer.stated import asked_years
from rag.chunking import Chunk
from rag.config import SAMPLE_CORPUS_DIR, Settings
from rag.documents import Document
from rag.documents.corpus import discover
from rag.documents.formats import SUPPORTED_SUFFIXES
from rag.errors import DocumentError, DocumentNotFoundError, IndexMismatchError, RagError
from rag.index import IndexBackend, current_name, discard, open_backend, publish
from rag.index.base import FORMAT_VERSION, IndexStats, Manifest
from rag.index.filters import MetadataFilter
from rag.ingest import Ingestor, IngestReport, index_folder
from rag.search.names import documents_filter, placed_documents_of_few
from rag.search.retrieval import Hit, HybridRetriever, Retrieval, RetrievalSettings
from rag.text import bridge, foreign, gazetteer, glosses, lexical, romanise, stored
from rag.text.lexical import analyzer_fingerprint

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
MAX_TOP_K = 50
# Passages beyond the asked ones among which a passage about the place the question names may move up.
PLACE_POOL = 15
# How much less close to the question (the best sentence's cosine) the answer of a second reading of the documents
# about the place asked may be than the first reading's best passage (``QAPipeline._placed_reading``). On the dev
# splits such answers were 0.001-0.029 below it and the one wrong (a county's key projects for a pre-school aid
# standard) 0.056.
PLACED_COSINE_MARGIN = 0.04
# How often a question checks whether a rebuild switched the live index (commits are seen at once).
_FOLLOW_SECONDS = 1.0


class QueryError(RagError):
    """The question or its options are invalid."""


@dataclass(frozen=True)
class AskResult:
    question: str
    answer: Answer | None
    hits: list[Hit]  # the top_k passages asked for, the answer's own passage first
    documents: dict[str, dict]  # doc id -> summary (title, doc_number, date, file)
    timings_ms: dict[str, float] = field(default_factory=dict)
    all_hits: list[Hit] = field(default_factory=list)  # every retrieved passage, cited ones included
    version: str = ""  # the index version that answered
    no_answer_reason: NoAnswer | None = None  # why there is no answer, when there is none

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
        stored.keep_in(settings.models_dir / "text-tables")  # the dictionaries' tables, as the models, kept once
        self.embedder = embedder or BatchingEmbedder(
            build_embedder(settings.embedding_model, settings.models_dir, settings.encoder,
                           batch_size=settings.embedding_batch_size, threads=settings.threads,
                           document_precision=settings.document_precision,
                           query_precision=settings.query_precision, query_threads=settings.query_threads),
            max_batch=settings.query_batch_size, max_wait_ms=settings.query_batch_wait_ms)
        # Answers of repeated questions, keyed by the index version too: any change makes them unreachable.
        self._answers: LRUCache | None = LRUCache(settings.answer_cache_size) if settings.answer_cache_size else None
        self._answers_lock = threading.Lock()
        # Search and answer are Python under one lock (the GIL): more threads in them at once only take turns.
        self._searching = threading.BoundedSemaphore(settings.search_threads)
        self.retrieval_settings = retrieval or RetrievalSettings()
        self.answer_settings = answer or AnswerSettings(passages=settings.answer_passages)
        self.retriever = HybridRetriever(self.retrieval_settings)
        self.extractor = AnswerExtractor(self.answer_settings)
        self.backend: IndexBackend = open_backend(settings)
        self._live = current_name(settings)
        self._followed_at = 0.0
        self._opened = False
        # Time limit of parsing one file of a change; the write worker sets it (rag.ingest.worker).
        self.parse_seconds: float | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        """What an index for the configured model, chunker and analyser must have been built with."""
        return Manifest(
            format_version=FORMAT_VERSION, backend=self.backend.name, model_name=self.embedder.model_name,
            model_fingerprint=self.embedder.fingerprint, dimension=self.embedder.dimension,
            chunker=self.chunker.as_dict(), analyzer=analyzer_fingerprint(),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def warm_up(self, build_if_missing: bool = False) -> None:
        """Load the model and open the index (building it from the sample corpus if asked and absent). A missing
        index is refused before the dictionaries load, so that `rag ask` says so at once."""
        self.embedder.warm_up()
        self.backend.recover()
        building = build_if_missing and not self.backend.exists()
        if not building:
            self.backend.open(self.manifest())
            self._opened = True
        lexical.warm_up()
        if self.retriever.settings.english_bridge:
            bridge.warm_up()
        glosses.warm_up()  # the dictionary read back: English questions rank passages and name list items (1.3 s)
        foreign.warm_up()  # foreign names (France -> 法国), for questions about nothing in the archive (0.3 s)
        romanise.readings()  # the pinyin of names in English contact questions (0.4 s, else in the first one)
        gazetteer.warm_up()  # which place lies in which (0.3 s)
        if building:
            log.info("no index in %s: building it from the sample corpus", self.settings.index_dir)
            self.index_paths([SAMPLE_CORPUS_DIR])

    def _writable(self) -> None:
        """Open the index for a change, creating it if there is none yet."""
        if not self._opened:
            self.embedder.warm_up()
            self.backend.open(self.manifest(), create=True)
            self._opened = True

    def close(self) -> None:
        self.backend.close()

    def _follow(self) -> None:
        """Switch to a new live index when ``rag index --rebuild`` (in any process) published one."""
        now = time.monotonic()
        if now - self._followed_at < _FOLLOW_SECONDS:
            return
        self._followed_at = now
        name = current_name(self.settings)
        if name != self._live:
            backend = open_backend(self.settings, name)
            backend.open(self.manifest())
            previous, self.backend, self._live = self.backend, backend, name
            previous.close()

    # -- changing the corpus -----------------------------------------------------------------
    def _ingestor(self) -> Ingestor:
        self._writable()
        self._follow()  # a writer that lives on (the write worker) must write into a rebuild's new index too
        return Ingestor(self.backend, self.embedder, self.chunker, max_bytes=self.settings.max_upload_bytes,
                        batch_size=self.settings.embedding_batch_size, parse_seconds=self.parse_seconds)

    def index_paths(self, paths: list[Path], progress: Callable[[int], None] | None = None,
                    on_total: Callable[[int], None] | None = None, rebuild: bool = False) -> IngestReport:
        """Add or update the documents under ``paths`` (CLI semantics: refused files are reported),
        one commit per ``RAG_INGEST_BATCH_DOCUMENTS`` documents; ``rebuild`` first re-indexes every
        stored document into a new index (after a change of model, chunker or analyser)."""
        if not paths and not rebuild:
            raise DocumentError("nothing to index: name files or folders")
        if paths and not discover(paths):
            raise DocumentError(f"nothing to index: no {', '.join(SUPPORTED_SUFFIXES)} files under "
                                f"{', '.join(map(str, paths))}")
        report = self._rebuild(progress, on_total) if rebuild else IngestReport()
        if paths:
            report.merge(index_folder(self._ingestor(), list(paths), self.settings.ingest_batch_documents, progress,
                                      on_total))
        if report.commit is not None and self.backend.compact():
            log.info("merged index segments")
        return report

    def _rebuild(self, progress: Callable[[int], None] | None = None,
                 on_total: Callable[[int], None] | None = None) -> IngestReport:
        """Re-index the stored documents into a new index, then make it the live one atomically (``progress``
        counts the documents re-indexed, out of ``on_total``'s)."""
        from rag.ingest.prepare import prepare

        old = open_backend(self.settings)
        stored = old.export_documents() if old.exists() else iter(())
        name = f"rebuild-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
        new = open_backend(self.settings, name)
        self.embedder.warm_up()
        # The index being replaced gives its vectors when it was built like the new one (a rebuild to re-read the
        # documents with newer parsing rules, or to store them in a newer codec): nothing is embedded again.
        donor = None
        if old.exists():
            try:
                old.open(self.manifest())
                donor = old
            except IndexMismatchError:
                log.info("rebuild: the index being replaced was built with other settings; embedding every text")
        if on_total:
            on_total(len(old.fingerprints()) if old.exists() else 0)
        report = IngestReport()
        try:
            new.open(self.manifest(), create=True)
            while part := list(islice(stored, self.settings.ingest_batch_documents)):
                prepared = prepare(part, self.embedder, self.chunker, new, self.settings.embedding_batch_size, donor)
                report.commit = new.apply(prepared.documents, [])
                report.rebuilt += len(part)
                if progress:
                    progress(len(part))
                report.embedded += prepared.embedded
                report.texts += prepared.texts
            new.compact()
        except BaseException:
            new.close()
            discard(self.settings, name)
            raise
        old.close()
        publish(self.settings, name)
        previous, self.backend, self._live, self._opened = self.backend, new, name, True
        previous.close()
        return report

    def add_files(self, files: list[tuple[str, bytes]]) -> IngestReport:
        """Add or update uploaded files, all or nothing."""
        return self._ingestor().upsert(files, strict=True)

    def replace_document(self, doc_id: str, file_name: str, data: bytes) -> IngestReport:
        return self._ingestor().upsert([(file_name, data)], strict=True, replace_id=doc_id)

    def remove_document(self, doc_id: str) -> IngestReport:
        return self._ingestor().remove(doc_id)

    def compact(self, full: bool = False) -> bool:
        self._writable()
        return self.backend.compact(full)

    # -- queries -----------------------------------------------------------------------------
    def _query_vector(self, question: str, bridged: list[tuple[str, ...]]) -> np.ndarray:
        """The question's vector; an English question's is mixed with the vector of its bridged Chinese
        terms (the multilingual model matches Chinese figures and programme names better in Chinese)."""
        mix = self.retriever.settings.english_dense_mix
        rendering = " ".join(t for group in bridged for t in group) if mix > 0 else ""  # groups share no term
        if not rendering:
            return self.embedder.encode_query([question])[0]
        own, mixed_in = self.embedder.encode_query([question, rendering])
        vector = (1 - mix) * own + mix * mixed_in
        return (vector / (np.linalg.norm(vector) or 1.0)).astype(own.dtype)

    def ask(
        self, question: str, top_k: int = 5, filters: MetadataFilter | None = None, focus: Chunk | None = None
    ) -> AskResult:
        """Answer ``question`` from the ``top_k`` best passages (of the documents ``filters`` admits).

        ``focus`` is the passage a conversation is about; a follow-up question favours its section.
        """
        question = validate_question(question, top_k)
        self._follow()
        key = None
        if self._answers is not None:
            key = (" ".join(question.split()), top_k, repr(filters), focus.id if focus else None,
                   self.backend.stats().version)
            with self._answers_lock:
                cached = self._answers.get(key)
            if cached is not None:
                return replace(cached, timings_ms={"cached": 1.0, "total": 0.0})
        with self.backend.reader() as reader:
            # One read of the index: the bridged terms serve both the query vector and the lexical search.
            bridged = self.retriever.bridged_terms(reader, question)
            t0 = time.perf_counter()
            query_vector = self._query_vector(question, bridged)
            t1 = time.perf_counter()  # the wait for a turn to search counts as search time
            with self._searching:
                pool = max(self.answer_settings.pool, self.answer_settings.conflict_passages)
                wanted = max(top_k, pool)
                # Copies of one text with other figures (yearly reports, one notice per county) are told apart by the
                # year or place a question names: then they keep their places for the answer step to choose.
                keep_copies = bool(asked_years(question) or named_places(question))
                retrieval = self.retriever.run(reader, question, query_vector, wanted + PLACE_POOL, where=filters,
                                               focus=focus, bridged=bridged, keep_copies=keep_copies)
                named_first = named_document_first(question, retrieval.hits, reader, retrieval.named_documents)
                retrieval = replace(retrieval, hits=named_places_first(question, named_first, reader, wanted,
                                                                       retrieval.pinyin_places))
                t2 = time.perf_counter()
                decided = self.extractor.decide(replace(retrieval, hits=retrieval.hits[:pool]), reader)
                if isinstance(decided, NoAnswer) and decided.reason == "other_place" and filters is None \
                        and focus is None and (placed := self._placed_reading(reader, retrieval, wanted, pool,
                                                                              bridged, keep_copies)) is not None:
                    decided, retrieval = placed
                answer = decided if isinstance(decided, Answer) else None
                ranked = evidence_first(retrieval.hits, answer, reader)
                documents = reader.summaries([h.chunk.doc_id for h in ranked])
                version = reader.version
        t3 = time.perf_counter()
        result = AskResult(
            question=question,
            answer=answer,
            hits=ranked[:top_k],
            documents=documents,
            all_hits=ranked,
            version=version,
            no_answer_reason=None if answer is not None else decided,
            timings_ms={
                "embed": (t1 - t0) * 1000,
                "retrieve": (t2 - t1) * 1000,
                "answer": (t3 - t2) * 1000,
                "total": (t3 - t0) * 1000,
            },
        )
        if key is not None:
            with self._answers_lock:
                self._answers[key] = result
        return result

    def _placed_reading(self, reader, first: Retrieval, wanted: int, pool: int, bridged: list[tuple[str, ...]],
                        keep_copies: bool) -> tuple[Answer, Retrieval] | None:
        """A second reading, of only the few documents whose header writes the place the question names, after the
        first one's passages were all about other places (秭归县's work report says 全县 and its income sentence is
        outranked by other counties' bulletins). Its answer stands if its passage is about as close to the question
        as the first reading's best (a sentence cosine at most ``PLACED_COSINE_MARGIN`` lower): the placed
        document's best passage may be about something else entirely (its key projects, for a pre-school aid
        standard asked of another county's notice)."""
        placed = placed_documents_of_few(reader, first.question)
        if not placed or not first.hits:
            return None
        again = self.retriever.run(reader, first.question, first.query_vector, wanted,
                                   where=documents_filter(placed),
                                   bridged=bridged, keep_copies=keep_copies)
        decided = self.extractor.decide(replace(again, hits=again.hits[:pool]), reader)
        # The first reading's best passage may be a table without sentences: then its best sentence anywhere.
        best = _best_cosine(first, first.hits[0].chunk.id) or max(first.sentence_scores.values(), default=None)
        if not isinstance(decided, Answer) or best is None:
            return None
        found = _best_cosine(again, decided.passage_id)  # none read: a table's continuation, not compared, refused
        if found is None or found < best - PLACED_COSINE_MARGIN:
            return None
        return decided, again

    def relevance(self, hit: Hit) -> float:
        """A passage's fused score scaled to 0–1 (for clients such as Dify that threshold on it)."""
        return max(0.0, min(1.0, hit.score / self.retrieval_settings.max_score))

    # -- documents ---------------------------------------------------------------------------
    def stats(self) -> IndexStats:
        self._follow()
        return self.backend.stats()

    def documents(self, offset: int = 0, limit: int | None = None) -> list[dict]:
        return list(self.backend.documents(offset, limit))

    def summary(self, doc_id: str) -> dict:
        with self.backend.reader() as reader:
            found = reader.summaries([doc_id])
        if doc_id not in found:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}; GET /documents lists the ids")
        return dict(found[doc_id])  # the reader's may be shared with later questions (its row cache)

    def passages(self, doc_id: str) -> list[Chunk]:
        """The passages of a document in text order; DocumentNotFoundError for an unknown id."""
        self.document(doc_id)
        with self.backend.reader() as reader:
            return reader.passages(doc_id)

    def document(self, doc_id: str) -> Document:
        with self.backend.reader() as reader:
            doc = reader.document(doc_id)
        if doc is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}; GET /documents lists the ids")
        return doc


def _best_cosine(retrieval: Retrieval, chunk_id: str) -> float | None:
    """The cosine with the question of the passage's closest sentence (None: no sentence of it was read)."""
    return max((retrieval.sentence_scores[r.row] for r in retrieval.sentences.get(chunk_id, [])), default=None)
