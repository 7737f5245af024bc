"""Hybrid retrieval: dense chunks + dense sentences + Chinese BM25 + the figure a question asks for.

Each signal covers a failure of the others. Whole-chunk vectors blur a single
figure among its neighbours; sentence vectors find the one sentence that holds
it. BM25 over jieba tokens matches exact terms and figures in Chinese questions,
but cannot help English ones. A question that asks for an amount, a count or a
date is better served by passages that contain such a figure. Scores are mixed
with weights tuned on the dev set (``rag eval``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from rag.chunking import Chunk
from rag.errors import ConfigurationError
from rag.figures import FigureKind, compatible, expected_kind, expected_unit, find_figures
from rag.index import Hit, VectorIndex
from rag.lexical import LexicalIndex, tokenize


@dataclass(frozen=True)
class RetrievalSettings:
    dense_weight: float = 1.0
    sentence_weight: float = 1.0
    lexical_weight: float = 0.5
    figure_weight: float = 0.3
    header_weight: float = 0.3
    focus_weight: float = 0.5  # follow-up questions: the section the conversation is about
    candidates: int = 100

    @property
    def max_score(self) -> float:
        """The highest fused score a passage can reach (every signal at its maximum)."""
        return (self.dense_weight + self.sentence_weight + self.lexical_weight + self.figure_weight
                + self.header_weight + self.focus_weight) or 1.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value < 0:
                raise ConfigurationError(f"retrieval {name} must be >= 0, got {value}")
        if self.candidates < 1:
            raise ConfigurationError(f"retrieval candidates must be >= 1, got {self.candidates}")


@dataclass(frozen=True)
class Retrieval:
    question: str
    hits: list[Hit]
    expected: FigureKind | None
    unit: str | None
    query_tokens: list[str]
    token_weights: dict[str, float]  # idf of each query token
    focus: Chunk | None  # the passage a conversation is about, if any
    sentence_scores: np.ndarray  # per sentence: mean of its cosine and its best clause's cosine
    clause_scores: np.ndarray  # cosine of the query with every indexed clause


def _spread(values: np.ndarray) -> np.ndarray:
    """Min-max scale over the candidates, so that signals with different ranges mix fairly."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


class HybridRetriever:
    def __init__(self, index: VectorIndex, settings: RetrievalSettings | None = None) -> None:
        self.index = index
        self.settings = settings or RetrievalSettings()
        chunks = index.chunks
        self._lexical = LexicalIndex([tokenize(c.text) for c in chunks])
        # Sentence rows of each chunk, padded with -1 into a matrix so one fancy index gives every chunk's best.
        rows = [[r for r, _, _ in index.sentences_in(c)] for c in chunks]
        width = max((len(r) for r in rows), default=0) or 1
        self._sentence_rows = np.array([r + [-1] * (width - len(r)) for r in rows], dtype=np.int64).reshape(
            len(chunks), width)
        self._figure_kinds = [frozenset(f.kind for f in find_figures(c.text)) for c in chunks]
        # Questions often name a document by its header (proposal number, 文号, addressee, subject):
        # a BM25 over each document's header lets every chunk of that document profit.
        summaries = index.store.document_summaries()
        fields = ("title", "doc_number", "addressee", "subject", "date")
        header_text = {d["id"]: " ".join(str(d[k] or "") for k in fields) for d in summaries}
        self._doc_ids = [d["id"] for d in summaries]
        self._headers = LexicalIndex([tokenize(header_text[i]) for i in self._doc_ids])
        position = {doc_id: i for i, doc_id in enumerate(self._doc_ids)}
        self._chunk_doc = np.array([position[c.doc_id] for c in chunks], dtype=np.int64)

    def _sentence_scores(self, query_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence signal: the sentence's cosine averaged with its best clause's cosine."""
        sentences = self.index.sentence_vectors @ query_vector
        clauses = self.index.clause_vectors @ query_vector
        best = np.full(sentences.shape[0], -np.inf, dtype=np.float32)
        np.maximum.at(best, self.index.clause_sentence, clauses)
        mixed = np.where(np.isfinite(best), (sentences + best) / 2, sentences).astype(np.float32)
        return mixed, clauses

    def run(
        self,
        question: str,
        query_vector: np.ndarray,
        top_k: int,
        allowed_docs: frozenset[str] | None = None,
        focus: Chunk | None = None,
    ) -> Retrieval:
        """The ``top_k`` passages; ``focus`` (the passage a conversation was about) favours its section."""
        s = self.settings
        n = len(self.index.chunks)
        expected = expected_kind(question)
        tokens = tokenize(question)
        sentence_scores, clause_scores = self._sentence_scores(query_vector)

        def result(hits: list[Hit]) -> Retrieval:
            weights = {t: self._lexical.idf(t) for t in tokens}
            return Retrieval(question, hits, expected, expected_unit(question), tokens, weights, focus,
                             sentence_scores, clause_scores)

        if n == 0:
            return result([])
        dense = self.index.dense_scores(query_vector)
        padded = np.append(sentence_scores, np.float32(-np.inf))[self._sentence_rows]
        sentence = padded.max(axis=1)
        sentence = np.where(np.isfinite(sentence), sentence, dense).astype(np.float32)
        lexical = self._lexical.scores(tokens)
        header = self._headers.scores(tokens)[self._chunk_doc] if len(self._doc_ids) else np.zeros(n, np.float32)

        if allowed_docs is not None:  # a filter: every chunk of the admitted documents competes
            candidates = np.array([i for i, c in enumerate(self.index.chunks) if c.doc_id in allowed_docs],
                                  dtype=np.int64)
            if candidates.size == 0:
                return result([])
        else:  # the best of each signal, so that no signal alone can hide a passage
            c = min(s.candidates, n)
            candidates = np.unique(np.concatenate([
                np.argpartition(-dense, c - 1)[:c],
                np.argpartition(-sentence, c - 1)[:c],
                np.argpartition(-lexical, c - 1)[:c],
            ]))
        figure = np.array(
            [float(expected is not None and any(compatible(expected, k) for k in self._figure_kinds[i]))
             for i in candidates],
            dtype=np.float32,
        )
        combined = (
            s.dense_weight * _spread(dense[candidates])
            + s.sentence_weight * _spread(sentence[candidates])
            + s.lexical_weight * lexical[candidates]
            + s.figure_weight * figure
            + s.header_weight * header[candidates]
        )
        if focus is not None:
            same_doc = np.array([self.index.chunks[int(i)].doc_id == focus.doc_id for i in candidates])
            same_section = same_doc & np.array([self.index.chunks[int(i)].section == focus.section for i in candidates])
            combined = combined + s.focus_weight * (0.5 * same_doc + 0.5 * same_section)
        # Sort by score, then by index row, so the same question always gives the same order.
        order = np.lexsort((candidates, -combined))[:top_k]
        return result([Hit(self.index.chunks[int(candidates[i])], float(combined[i])) for i in order])
