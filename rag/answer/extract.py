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

from rag.answer.conflicts import CLAUSE_BREAK, Citation, Conflict, chunk_slice, citation, compare_documents
from rag.answer.context import document_year, paragraph_lead, place_mismatch, year_mismatch
from rag.answer.header import header_question, header_span, names_contact
from rag.answer.qualifiers import alignment, figure_year_mismatch, stated_in_question, two_parts
from rag.answer.respective import respective_match, respective_span
from rag.answer.tables import has_rows, row_cell
from rag.documents import DOC_NUMBER_RE
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval
from rag.text.bridge import bridge_terms
from rag.text.figures import (
    Figure,
    FigureKind,
    compatible,
    expected_kind,
    expected_unit,
    find_figures,
    same_measure,
)
from rag.text.lexical import tokenize

_MIN_CONTEXT_CHARS = 6
_CITED_TITLE = re.compile(r"《([^《》]{2,80})》[^《》，。；]{0,8}$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

_CN = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*(?:[（(][{_CN}\d]{{1,3}}[）)]|[{_CN}]{{1,3}}、|\d{{1,2}}[、.．]|第[{_CN}]+条)"
                      r"[^，,；;：:。]{0,30}[。.]?\s*$")
# A figure that opens a quoted phrase names a policy (“两个允许”, “三个一批”); it counts nothing.
_QUOTED_NAME = re.compile(r"[“「\"][^”」\"]{1,12}[”」\"]")
_SENTENCE_PAUSE = re.compile(r"[，,；;。！？!?]")
_BOUND = re.compile(r"以上|以下|左右|以内")
_AMOUNTS = (FigureKind.MONEY, FigureKind.COUNT, FigureKind.PERCENT)


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
    align_weight: float = 0.1  # level and year words before a figure meeting the question's
    pair_bonus: float = 0.1  # the two figures of a two-part question in one sentence
    cited_min: float = 0.3  # a cited title must hold this share of the question's terms to be the one asked
    cited_margin: float = 0.1  # … and this much more than the passage's own document title
    min_score: float = 0.0  # below this the question is treated as unanswerable


def _part_terms(part: str, retrieval: Retrieval) -> list[str]:
    """The question's terms that one part of it names; an English part names its bridged Chinese terms."""
    def weights(terms: list[str]) -> dict[str, float]:
        return {t: retrieval.token_weights.get(t, 0.0) for t in terms}

    terms = [t for t in tokenize(part) if t in retrieval.token_weights]
    return terms + [t for t in bridge_terms(part, weights) if t not in terms]


@dataclass(frozen=True)
class _Ask:
    """What a figure must answer: the (part of the) question, its kind and unit, its own terms."""

    question: str
    kind: FigureKind | None  # None: any amount (a part such as "and what is the maximum" names no kind)
    unit: str | None
    tokens: list[str] | None  # None: all the question's terms


@dataclass(frozen=True)
class _Sentence:
    hit: Hit
    rank: int
    row: int
    start: int
    end: int
    text: str
    score: float


def _coverage(retrieval: Retrieval, text: str, tokens: list[str] | None = None) -> float:
    """Share of the question's terms (or of ``tokens``), weighted by rarity, that ``text`` contains."""
    tokens = retrieval.query_tokens if tokens is None else tokens
    total = sum(retrieval.token_weights.get(t, 0.0) for t in tokens)
    if total <= 0:
        return 0.0
    # A term is present where the text contains it: jieba's search-mode tokens of the text hold the same
    # words and their parts, but tokenising every candidate sentence of an unseen passage was a fifth of a
    # question's time on a large archive (English tokens are lower-cased).
    text = text.lower()
    return sum(retrieval.token_weights.get(t, 0.0) for t in tokens if t in text) / total


def bounded_end(sentence: str, figure: Figure) -> int:
    """Where a figure's answer ends: a rate keeps the bound written after it (50%以上, 6%左右)."""
    bound = _BOUND.match(sentence, figure.end) if figure.kind == FigureKind.PERCENT else None
    return bound.end() if bound else figure.end


def _clause_sides(sentence: str, figure: Figure) -> tuple[str, str]:
    """The words before a figure and after it, within its clause (what it counts usually follows it).

    When the clause is little more than the figure (2023年4月26日，由…揭牌), the next clause says
    what the figure is about, so the right side reaches into it.
    """
    start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, figure.start)), default=0)
    after = CLAUSE_BREAK.search(sentence, figure.end)
    end = after.start() if after else len(sentence)
    if after and (end - start) - (figure.end - figure.start) < _MIN_CONTEXT_CHARS:
        following = _SENTENCE_PAUSE.search(sentence, after.end())
        end = following.start() if following else len(sentence)
    return sentence[start : figure.start], sentence[figure.start : end]


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
        earlier = "".join(chunk_slice(chunk, r.char_start, r.char_end) for r in before if r.char_end <= best.start)
        summary = reader.summaries([chunk.doc_id]).get(chunk.doc_id)
        years = set(_YEAR.findall(question))
        year = year_mismatch(years, best.text, earlier, chunk.section, summary,
                             paragraph_lead(chunk, reader) if len(years) == 1 else "")
        if year:
            return f"the question asks about {year}"
        return place_mismatch(question, chunk, summary, reader)

    def _sentences(self, retrieval: Retrieval, hits: list[Hit]) -> list[_Sentence]:
        out: list[_Sentence] = []
        seen: set[int] = set()
        for rank, hit in enumerate(hits):
            for record in retrieval.sentences.get(hit.chunk.id, []):
                row, start, end = record.row, record.char_start, record.char_end
                if row in seen:
                    continue
                seen.add(row)
                text = chunk_slice(hit.chunk, start, end)
                score = retrieval.sentence_scores[row]
                score += self.settings.lexical_weight * _coverage(retrieval, text)
                out.append(_Sentence(hit, rank, row, start, end, text, score))
        return out

    def run(self, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
        field_name = header_question(retrieval.question)
        if field_name == "doc_number" and (cited := self._cited_number(retrieval, reader)) is not None:
            return cited
        if field_name and retrieval.hits:
            answer = self._header_answer(field_name, self._titled_hit(retrieval, reader), reader, retrieval.question)
            if answer is not None or field_name == "contact":
                return answer  # contact lines are not passages: no header contact, no answer
        s = self.settings
        # A passage that is not about the place the question names cannot answer it; the next ones may
        # (the best sentence of a neighbouring county's report is not a reason to abstain).
        near = retrieval.hits[: max(s.passages, s.conflict_passages)]
        summaries = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in near)))
        places = {h.chunk.id: place_mismatch(retrieval.question, h.chunk, summaries.get(h.chunk.doc_id), reader)
                  for h in near}
        if not near or all(reason and reason.startswith("no document") for reason in places.values()):
            return None
        top = [h for h in near if places[h.chunk.id] is None][: s.passages]
        sentences = self._sentences(retrieval, top)
        if not sentences:
            return None
        expected = retrieval.expected
        if expected is not None and (cell := self._table_answer(retrieval, top, reader)) is not None:
            return cell
        # A numbered heading ((二)落实贷款贴息和担保补贴。) names a topic; a sentence question wants what is
        # said under it.
        said = [x for x in sentences if expected is not None or not _HEADING.match(x.text)] or sentences
        best = min(said, key=lambda x: (-x.score, x.rank, x.start))
        if best.score < s.min_score:
            return None
        # The year and place are checked on the sentence that answers: for a figure question, the figure's
        # (the best sentence may be a neighbouring condition about another year, 2023年1月1日前已备案).

        figure = None
        if expected is not None:
            docs = list(dict.fromkeys(x.hit.chunk.doc_id for x in sentences))
            bases = {d: document_year(v) for d, v in reader.summaries(docs).items()}
            ask = _Ask(retrieval.question, expected, retrieval.unit, None)
            scored = self._candidates(ask, sentences, retrieval, bases)
            # A count question that names its measure word (多少家) and no figure of the top passages counts
            # that (only 50项, 1500万元): the passages do not hold the answer.
            if expected == FigureKind.COUNT and retrieval.unit and two_parts(retrieval.question) is None and \
                    not any(f.kind == FigureKind.COUNT and same_measure(retrieval.unit, f.text) for *_, f in scored):
                return None
            if scored:
                _, _, _, best, figure = max(scored, key=lambda x: x[:3])
                if figure_year_mismatch(retrieval.question, best.text, figure.start,
                                        bases.get(best.hit.chunk.doc_id)):
                    return None
            pair = self._pair(retrieval, sentences, bases) if scored else None
            if pair is not None:
                return None if self.unmet_constraint(retrieval.question, pair[0], retrieval, reader) else \
                    self._answer(retrieval, *pair)
        if self.unmet_constraint(retrieval.question, best, retrieval, reader):
            return None
        if figure is not None:
            terms = self._named_terms(retrieval, _Ask(retrieval.question, None, None, None))
            start_in, end_in = respective_span(terms, best.text, figure, bounded_end(best.text, figure))
            start, end = best.start + start_in, best.start + end_in
            text, kind = best.text[start_in:end_in], figure.kind.value
        else:
            start, end, text, kind = best.start, best.end, best.text, "sentence"
        return self._answer(retrieval, best, start, end, text, kind, figure)

    def _table_answer(self, retrieval: Retrieval, top: list[Hit], reader: IndexReader) -> Answer | None:
        """A figure question that names a row of a flattened table (潍坊市, 农村居民人均可支配收入) gets the
        cell of the column it names (rag.answer.tables); a two-part question may get two cells."""
        for rank, hit in enumerate(top):
            chunk = hit.chunk
            if not has_rows(chunk.text):
                continue
            doc = reader.document(chunk.doc_id)
            if doc is None:
                continue
            found = row_cell(retrieval.question, doc.text, chunk.char_start, chunk.char_end,
                             asks=2 if two_parts(retrieval.question) else 1)
            if not found:
                continue
            start, end = found[0].start, found[-1].end
            line_start = doc.text.rfind("\n", 0, start) + 1
            line_end = doc.text.find("\n", end)
            line_end = len(doc.text) if line_end < 0 else line_end
            row = _Sentence(hit, rank, -1, line_start, line_end, doc.text[line_start:line_end], hit.score)
            kind = FigureKind.PERCENT if found[0].text.endswith(("%", "％")) else FigureKind.COUNT
            return self._answer(retrieval, row, start, end, doc.text[start:end], kind.value, None)
        return None

    def _titled_hit(self, retrieval: Retrieval, reader: IndexReader) -> Hit:
        """The passage whose document a question about a header field (文号, signer, date) is about: the
        best passage's, unless a near one's document title and addressee hold clearly more of the
        question's terms (the reply to 第0527号建议, or to a deputy 代表 rather than to a party's committee,
        when another reply of the same bureau ranks first)."""
        s = self.settings
        if header_question(retrieval.question) == "contact":
            # A contact question that names the person is about the document whose contact line names them.
            for hit in retrieval.hits:
                doc = reader.document(hit.chunk.doc_id)
                if doc is not None and names_contact(doc, retrieval.question):
                    return hit
        hits = retrieval.hits[: s.conflict_passages]
        heads = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in hits)))
        scores = [_coverage(retrieval, " ".join(str(head.get(k) or "") for k in ("title", "addressee")))
                  for head in (heads.get(h.chunk.doc_id) or {} for h in hits)]
        best = max(range(len(hits)), key=lambda i: (scores[i], -i))
        return hits[best] if scores[best] > scores[0] + s.cited_margin else hits[0]

    def _cited_number(self, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
        """The 文号 of a document that a passage cites (《title》（文号）), when the question names the
        cited title better than the passage's own document title."""
        s = self.settings
        own = {d: _coverage(retrieval, v.get("title") or "")
               for d, v in reader.summaries([h.chunk.doc_id for h in retrieval.hits[: s.passages]]).items()}
        best: tuple[float, _Sentence, int, int] | None = None
        for sentence in self._sentences(retrieval, retrieval.hits[: s.passages]):
            for number in DOC_NUMBER_RE.finditer(sentence.text):
                title = _CITED_TITLE.search(sentence.text, 0, number.start())
                score = _coverage(retrieval, title.group(1)) if title else 0.0
                if score >= s.cited_min and score > own.get(sentence.hit.chunk.doc_id, 0.0) + s.cited_margin and \
                        (best is None or score > best[0]):
                    best = (score, sentence, number.start(), number.end())
        if best is None:
            return None
        _, sentence, start, end = best
        return self._answer(retrieval, sentence, sentence.start + start, sentence.start + end,
                            sentence.text[start:end], "doc_number", None)

    def _candidates(self, ask: _Ask, sentences: list[_Sentence], retrieval: Retrieval,
                    bases: dict[str, int | None]) -> list[tuple]:
        """(score, -rank, -position, sentence, figure) of every figure that can answer ``ask``."""
        return [(self._figure_score(sentence, f, retrieval, ask, bases.get(sentence.hit.chunk.doc_id)),
                 -sentence.rank, -sentence.start - f.start, sentence, f)
                for sentence in sentences for f in find_figures(sentence.text)
                if (compatible(ask.kind, f.kind) if ask.kind else f.kind in _AMOUNTS)
                and (f.kind == FigureKind.DATE or not stated_in_question(ask.question, f.text))
                and not _QUOTED_NAME.match(sentence.text, max(0, f.start - 1))]

    def _pair(self, retrieval: Retrieval, sentences: list[_Sentence], bases: dict[str, int | None]) -> tuple | None:
        """A two-part question (投入多少资金，支持多少户企业): the best two figures of one passage, one per
        part, preferably in one sentence; the answer spans both."""
        parts = two_parts(retrieval.question)
        if parts is None:
            return None
        # A part that names no kind of its own (… and what is the cap?) may be any amount; the first part
        # inherits the question's kind.
        kinds = [expected_kind(parts[0]) or retrieval.expected, expected_kind(parts[1])]
        asks = [_Ask(part, kind, expected_unit(part), _part_terms(part, retrieval))
                for part, kind in zip(parts, kinds, strict=True)]
        first, second = (self._candidates(ask, sentences, retrieval, bases) for ask in asks)
        pairs = [(a[0] + b[0] + self.settings.pair_bonus * (a[3].row == b[3].row), a, b) for a in first for b in second
                 if a[3].hit.chunk.id == b[3].hit.chunk.id and (a[3].row, a[4].start) != (b[3].row, b[4].start)]
        if not pairs:
            return None
        _, a, b = max(pairs, key=lambda x: x[0])
        sentence, chunk = a[3], a[3].hit.chunk
        start = min(a[3].start + a[4].start, b[3].start + b[4].start)
        end = max(a[3].start + a[4].end, b[3].start + b[4].end)
        return sentence, start, end, chunk_slice(chunk, start, end), a[4].kind.value, a[4]

    def _answer(self, retrieval: Retrieval, best: _Sentence, start: int, end: int, text: str, kind: str,
                figure: Figure | None) -> Answer:
        citations = [citation(h.chunk) for h in retrieval.hits
                     if h.chunk.doc_id == best.hit.chunk.doc_id
                     and h.chunk.char_start <= start and end <= h.chunk.char_end]
        conflicts: list[Conflict] = []
        if figure is not None:
            agreeing, conflicts = compare_documents(best.hit.chunk.doc_id, best.text, figure, retrieval,
                                                    self.settings.conflict_passages)
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
            citations=(citation(hit.chunk),),
        )

    def _figure_score(self, sentence: _Sentence, figure: Figure, retrieval: Retrieval, ask: _Ask,
                      base: int | None) -> float:
        """How well a figure answers.

        Its sentence's score, the similarity of the question to the figure's clause, the question
        terms right after the figure (what it counts: 208个新产品) and before it, the unit the
        question names (多少项), an exact kind (money for a money question) and how the level and
        year words before the figure meet the question's (rag.answer.qualifiers).
        """
        s = self.settings
        clause_cos = self._clause_cosine(sentence, figure, retrieval)
        left, right = _clause_sides(sentence.text, figure)
        terms = (2 * _coverage(retrieval, right, ask.tokens) + _coverage(retrieval, left, ask.tokens)) / 3
        unit = bool(ask.unit) and figure.text.rstrip("以上").endswith(ask.unit)
        exact = figure.kind == ask.kind
        # "When" is better answered by a day than by a bare year.
        precise = figure.kind == FigureKind.DATE and "月" in figure.text
        focus = retrieval.focus
        followed = focus is not None and focus.doc_id == sentence.hit.chunk.doc_id and \
            focus.char_start <= sentence.start < focus.char_end
        aligned = alignment(ask.question, sentence.text, figure.start, figure.end, base) + \
            respective_match(self._named_terms(retrieval, ask), sentence.text, figure.start)
        return (sentence.score + s.clause_weight * clause_cos + s.term_weight * terms
                + s.unit_bonus * (unit or precise) + s.exact_kind_bonus * exact + s.focus_bonus * followed
                + s.align_weight * aligned)

    @staticmethod
    def _named_terms(retrieval: Retrieval, ask: _Ask) -> list[str]:
        """The question's (or the part's) terms that the index knows."""
        tokens = retrieval.query_tokens if ask.tokens is None else ask.tokens
        return [t for t in tokens if retrieval.token_weights.get(t, 0.0) > 0]

    def _clause_cosine(self, sentence: _Sentence, figure: Figure, retrieval: Retrieval) -> float:
        """Similarity of the question to the figure's sentence (the clause's own words count through
        the term coverage of its two sides)."""
        return retrieval.sentence_scores.get(sentence.row, sentence.score)



__all__ = ["Answer", "AnswerExtractor", "AnswerSettings", "Citation", "Conflict", "FigureKind"]
