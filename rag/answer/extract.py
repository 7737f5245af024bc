"""From retrieved passages to the minimal answer span, its citations and any disagreement.

A question that asks for a figure gets the figure with its qualifier and unit
(近400万元, 5600余万元, 15.36%); any other question gets the best sentence. The
sentence is chosen among the top passages by its similarity to the question
(sentence vectors are computed at index time) plus the share of the question's
terms it contains. When passages of *other* documents state the same fact with a
different figure, both figures are returned as a conflict, each with its citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.context import year_mismatch
from rag.answer.header import header_question, header_span
from rag.chunking import Chunk
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval
from rag.text.figures import Figure, FigureKind, compatible, find_figures
from rag.text.lexical import places, tokenize

_MIN_CONTEXT_CHARS = 6
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Words jieba tags as places that name no particular place (我省, 全市 …).
_GENERIC_PLACES = frozenset({"我省", "全省", "本省", "我市", "全市", "本市", "我县", "全县", "本县", "我区", "全区",
                             "中国", "全国", "国家", "城市", "地方", "省市", "市县"})


_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:、（）()“”]")
_SENTENCE_PAUSE = re.compile(r"[，,；;。！？!?]")
_DIGITS = re.compile(r"[\d.,%％]+")


@dataclass(frozen=True)
class Citation:
    passage_id: str
    doc_id: str
    file: str
    section: tuple[str, ...]
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Conflict:
    text: str
    doc_id: str
    char_start: int
    char_end: int
    citation: Citation


@dataclass(frozen=True)
class Answer:
    text: str
    kind: str  # a FigureKind value, or "sentence"
    passage_id: str
    doc_id: str
    char_start: int  # offsets in the document text
    char_end: int
    score: float
    sentence_start: int
    sentence_end: int
    citations: tuple[Citation, ...]
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class AnswerSettings:
    passages: int = 3  # top passages searched for the answer sentence
    conflict_passages: int = 5  # top passages compared for disagreeing figures
    lexical_weight: float = 0.15
    clause_weight: float = 1.0
    term_weight: float = 0.3
    unit_bonus: float = 0.1
    exact_kind_bonus: float = 0.05
    focus_bonus: float = 0.1  # a follow-up is usually about the passage the conversation was on
    min_score: float = 0.0  # below this the question is treated as unanswerable


@dataclass(frozen=True)
class _Sentence:
    hit: Hit
    rank: int
    row: int
    start: int
    end: int
    text: str
    score: float


def _citation(chunk: Chunk) -> Citation:
    return Citation(chunk.id, chunk.doc_id, chunk.file, chunk.section, chunk.char_start, chunk.char_end)


def _chunk_slice(chunk: Chunk, start: int, end: int) -> str:
    return chunk.text[start - chunk.char_start : end - chunk.char_start]


def _coverage(retrieval: Retrieval, text: str) -> float:
    """Share of the question's terms, weighted by rarity, that ``text`` contains."""
    total = sum(retrieval.token_weights.get(t, 0.0) for t in retrieval.query_tokens)
    if total <= 0:
        return 0.0
    present = set(tokenize(text))
    return sum(retrieval.token_weights.get(t, 0.0) for t in retrieval.query_tokens if t in present) / total


def _clause_sides(sentence: str, figure: Figure) -> tuple[str, str]:
    """The words before a figure and after it, within its clause (what it counts usually follows it).

    When the clause is little more than the figure (2023年4月26日，由…揭牌), the next clause says
    what the figure is about, so the right side reaches into it.
    """
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, figure.start)), default=0)
    after = _CLAUSE_BREAK.search(sentence, figure.end)
    end = after.start() if after else len(sentence)
    if after and (end - start) - (figure.end - figure.start) < _MIN_CONTEXT_CHARS:
        following = _SENTENCE_PAUSE.search(sentence, after.end())
        end = following.start() if following else len(sentence)
    return sentence[start : figure.start], sentence[figure.start : end]


def _context_key(sentence: str, figure: Figure) -> str:
    """The words of the clause before a figure (digits removed): what the figure counts."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, figure.start)), default=0)
    return _DIGITS.sub("", sentence[clause_start : figure.start])


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_fact(key_a: str, key_b: str) -> bool:
    if not key_a or not key_b:
        return False
    a, b = _bigrams(key_a), _bigrams(key_b)
    return len(a & b) / len(a | b) >= 0.5


def _value(figure: Figure) -> str:
    """A figure's number and unit without qualifiers, for comparing two statements."""
    return "".join(re.findall(r"\d+(?:\.\d+)?|万|亿|元|%|％|项|个|家|户|名|人|次|场", figure.text))


class AnswerExtractor:
    def __init__(self, settings: AnswerSettings | None = None) -> None:
        self.settings = settings or AnswerSettings()

    def unmet_constraint(self, question: str, best: _Sentence, retrieval: Retrieval, reader: IndexReader) -> str | None:
        """A condition of the question that the answer cannot meet, if any.

        A question about one year (2024年…) is not answered by a sentence about another
        year (the year may come from the section, the title or the document's date: see
        rag.answer.context), and a question about a place the corpus never mentions is not
        answered at all. Both are the usual near misses of official-document QA.
        """
        chunk = best.hit.chunk
        before = retrieval.sentences.get(chunk.id, [])
        earlier = "".join(_chunk_slice(chunk, r.char_start, r.char_end) for r in before if r.char_end <= best.start)
        summary = reader.summaries([chunk.doc_id]).get(chunk.doc_id)
        year = year_mismatch(set(_YEAR.findall(question)), best.text, earlier, chunk.section, summary)
        if year:
            return f"the question asks about {year}"
        named = [p for p in places(question) if p not in _GENERIC_PLACES]
        known = reader.mentioned(named) if named else set()
        for place in named:
            if place not in known:
                return f"no document mentions {place}"
        return None

    def _sentences(self, retrieval: Retrieval, hits: list[Hit]) -> list[_Sentence]:
        out: list[_Sentence] = []
        seen: set[int] = set()
        for rank, hit in enumerate(hits):
            for record in retrieval.sentences.get(hit.chunk.id, []):
                row, start, end = record.row, record.char_start, record.char_end
                if row in seen:
                    continue
                seen.add(row)
                text = _chunk_slice(hit.chunk, start, end)
                score = retrieval.sentence_scores[row]
                score += self.settings.lexical_weight * _coverage(retrieval, text)
                out.append(_Sentence(hit, rank, row, start, end, text, score))
        return out

    def run(self, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
        field_name = header_question(retrieval.question)
        if field_name and retrieval.hits:
            answer = self._header_answer(field_name, retrieval.hits[0], reader, retrieval.question)
            if answer is not None or field_name == "contact":
                return answer  # contact lines are not passages: no header contact, no answer
        s = self.settings
        top = retrieval.hits[: s.passages]
        sentences = self._sentences(retrieval, top)
        if not sentences:
            return None
        expected = retrieval.expected
        best = min(sentences, key=lambda x: (-x.score, x.rank, x.start))
        if best.score < s.min_score or self.unmet_constraint(retrieval.question, best, retrieval, reader):
            return None

        figure = None
        if expected is not None:
            scored = [
                (self._figure_score(sentence, f, retrieval), -sentence.rank, -sentence.start - f.start, sentence, f)
                for sentence in sentences
                for f in find_figures(sentence.text)
                if compatible(expected, f.kind)
            ]
            if scored:
                _, _, _, best, figure = max(scored, key=lambda x: x[:3])
        if figure is not None:
            start, end = best.start + figure.start, best.start + figure.end
            text, kind = figure.text, figure.kind.value
        else:
            start, end, text, kind = best.start, best.end, best.text, "sentence"

        citations = [_citation(h.chunk) for h in retrieval.hits
                     if h.chunk.doc_id == best.hit.chunk.doc_id
                     and h.chunk.char_start <= start and end <= h.chunk.char_end]
        conflicts: list[Conflict] = []
        if figure is not None:
            agreeing, conflicts = self._compare_documents(best, figure, retrieval)
            citations += agreeing
        return Answer(
            text=text,
            kind=kind,
            passage_id=best.hit.chunk.id,
            doc_id=best.hit.chunk.doc_id,
            char_start=start,
            char_end=end,
            score=best.score,
            sentence_start=best.start,
            sentence_end=best.end,
            citations=tuple(dict.fromkeys(citations)),
            conflicts=tuple(conflicts),
        )

    def _header_answer(self, field_name: str, hit: Hit, reader: IndexReader, question: str) -> Answer | None:
        """Answer a question about the document itself from the header of the best passage's document."""
        doc = reader.document(hit.chunk.doc_id)
        span = header_span(doc, field_name, question)
        if span is None:
            return None
        start, end = span
        return Answer(
            text=doc.text[start:end],
            kind=field_name,
            passage_id=hit.chunk.id,
            doc_id=doc.id,
            char_start=start,
            char_end=end,
            score=hit.score,
            sentence_start=start,
            sentence_end=end,
            citations=(_citation(hit.chunk),),
        )

    def _figure_score(self, sentence: _Sentence, figure: Figure, retrieval: Retrieval) -> float:
        """How well a figure answers.

        Its sentence's score, the similarity of the question to the figure's clause, the question
        terms right after the figure (what it counts: 208个新产品) and before it, the unit the
        question names (多少项) and an exact kind (money for a money question).
        """
        s = self.settings
        clause_cos = self._clause_cosine(sentence, figure, retrieval)
        left, right = _clause_sides(sentence.text, figure)
        terms = (2 * _coverage(retrieval, right) + _coverage(retrieval, left)) / 3
        unit = bool(retrieval.unit) and figure.text.rstrip("以上").endswith(retrieval.unit)
        exact = figure.kind == retrieval.expected
        # "When" is better answered by a day than by a bare year.
        precise = figure.kind == FigureKind.DATE and "月" in figure.text
        focus = retrieval.focus
        followed = focus is not None and focus.doc_id == sentence.hit.chunk.doc_id and \
            focus.char_start <= sentence.start < focus.char_end
        return (sentence.score + s.clause_weight * clause_cos + s.term_weight * terms
                + s.unit_bonus * (unit or precise) + s.exact_kind_bonus * exact + s.focus_bonus * followed)

    def _clause_cosine(self, sentence: _Sentence, figure: Figure, retrieval: Retrieval) -> float:
        """Similarity of the question to the figure's sentence (the clause's own words count through
        the term coverage of its two sides)."""
        return retrieval.sentence_scores.get(sentence.row, sentence.score)

    def _compare_documents(
        self, best: _Sentence, figure: Figure, retrieval: Retrieval
    ) -> tuple[list[Citation], list[Conflict]]:
        """Passages of other documents that state the same fact: agreeing citations and conflicts."""
        key = _context_key(best.text, figure)
        value = _value(figure)
        agreeing: list[Citation] = []
        conflicts: dict[str, Conflict] = {}
        seen: set[tuple[str, int, int]] = set()
        for hit in retrieval.hits[: self.settings.conflict_passages]:
            chunk = hit.chunk
            if chunk.doc_id == best.hit.chunk.doc_id:
                continue
            for record in retrieval.sentences.get(chunk.id, []):
                start, end = record.char_start, record.char_end
                text = _chunk_slice(chunk, start, end)
                for other in find_figures(text):
                    span = (chunk.doc_id, start + other.start, start + other.end)
                    if other.kind != figure.kind or span in seen or not _same_fact(key, _context_key(text, other)):
                        continue
                    seen.add(span)
                    if _value(other) == value:
                        agreeing.append(_citation(chunk))
                    elif _value(other) not in conflicts:
                        conflicts[_value(other)] = Conflict(other.text, chunk.doc_id, span[1], span[2],
                                                            _citation(chunk))
        return agreeing, list(conflicts.values())


__all__ = ["Answer", "AnswerExtractor", "AnswerSettings", "Citation", "Conflict", "FigureKind"]
