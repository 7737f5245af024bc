"""What an answer is and what it is chosen among: candidate sentences, their scores, the finished answer.

Shared by the content answers (rag/answer/extract.py) and the answers about a document itself
(rag/answer/about_document.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rag.answer.conflicts import CLAUSE_BREAK, Citation, Conflict, chunk_slice, citation, compare_documents
from rag.answer.dates import due_end
from rag.answer.table_lines import cells, rule_line
from rag.answer.wholes import parts_go_on
from rag.chunking import Chunk
from rag.errors import ConfigurationError
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval
from rag.text.bridge import bridge_terms
from rag.text.figures import Figure, FigureKind
from rag.text.lexical import tokenize

_MIN_CONTEXT_CHARS = 6
_PARTS_OPEN = re.compile(r"\s*其中\s*[，,：:]?")
_BARE_CHARS = 2  # words on either side of an amount in its clause that leave it unexplained (共, 达到)
_TOPIC_END = re.compile(r"的[，,]$")
_NO_SUBJECT = re.compile(r"\s*(?:由|从|按|给予|每|一次性|最高|可)")
_SENTENCE_PAUSE = re.compile(r"[，；;。！？!?]|(?<!\d),|,(?!\d)")
_BOUND = re.compile(r"以上|以下|左右|以内")


@dataclass(frozen=True)
class AnswerPart:
    """One figure of a two-part answer (投入多少资金，支持多少户企业), cited to its own passage and characters."""

    text: str
    kind: str
    passage_id: str
    char_start: int  # offsets in the document text
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
    # A two-part question's two figures (or two header fields), each with its own span. Two figures of one passage:
    # ``text`` is the span from the first to the second. Two passages of one document, or two header fields:
    # ``text`` joins them with "；" and ``char_start``–``char_end`` (and ``passage_id``) are the first part's.
    parts: tuple[AnswerPart, ...] = ()


@dataclass(frozen=True)
class NoAnswer:
    """Why no answer was given: ``reason`` is one of NO_ANSWER_REASONS, ``detail`` says it to a person."""

    reason: str
    detail: str

    def __post_init__(self) -> None:
        if self.reason not in NO_ANSWER_REASONS:
            raise ValueError(f"no-answer reason {self.reason!r} is not one of {', '.join(NO_ANSWER_REASONS)}")


NO_ANSWER_REASONS = (
    "no_passage",  # nothing was retrieved, or no document mentions the place asked
    "other_place",  # the passages found are about another place than the one asked
    "no_match",  # no sentence of the passages matches the question closely enough
    "no_figure",  # no figure of the kind or measure word asked (多少家: no count in 家)
    "other_year",  # the figure found is of another year (or part of a year) than the one asked
    "not_stated",  # the passage does not state what the question names (an ordinal, a person, a name)
    "no_field",  # the documents found do not give the header field asked (a contact, a signer)
)


@dataclass(frozen=True)
class AnswerSettings:
    passages: int = 3  # top passages searched for the answer sentence
    conflict_passages: int = 5  # top passages compared for disagreeing figures
    # Passages the answer step reads, whatever number of passages the caller lists (top_k): the answer to a question
    # does not change with how many passages a client shows. 10 against the 5 an /ask listed by default: 34 dev
    # splits 1,301 against 1,288 answers (tables and the passages further down are read among them).
    pool: int = 10
    lexical_weight: float = 0.15
    clause_weight: float = 1.0
    term_weight: float = 0.3
    unit_bonus: float = 0.1
    exact_kind_bonus: float = 0.05
    focus_bonus: float = 0.1  # a follow-up is usually about the passage the conversation was on
    align_weight: float = 0.1  # level and year words before a figure meeting the question's
    counted_weight: float = 0.15  # a figure's clause naming what the question counts (rag.answer.counted)
    label_margin: float = 0.001  # a figure named by its label leads its sentence's figures by this much
    change_penalty: float = 0.05  # a figure stating a change (新增…) for a question that asks for none
    past_penalty: float = 0.1  # a date of an earlier year than the document's, for a question naming no year
    # The two figures of a two-part question in one sentence. 0.025 against 0.1 (83 sets): dev 4 won, none lost (a
    # sentence's next figure outscored the part asked in the sentence after it); 0.05 won 2, 0 won 6 and lost 2.
    pair_bonus: float = 0.025
    whole_part_bonus: float = 0.2  # … the second a part (其中) of the first, as the question asks (of them)
    # … in two passages of one document (rag.answer.pairs); 0.1 lost one (a sum's part outscored the sum), 0.15-0.3
    # answered the same
    cross_passage_penalty: float = 0.2
    tie_margin: float = 0.1  # figures this close are decided by the question's year and place
    cited_min: float = 0.3  # a cited title must hold this share of the question's terms to be the one asked
    cited_margin: float = 0.1  # … and this much more than the passage's own document title
    plan_penalty: float = 0.05  # a plan (下步工作：…) for a question about what was done (rag.answer.sentence_fit)
    count_bonus: float = 0.05  # a sentence listing as many members as the question asks for
    heading_bonus: float = 0.05  # the sentence under a numbered heading whose topic the question names
    min_score: float = 0.0  # below this the question is treated as unanswerable

    def __post_init__(self) -> None:
        for name in ("passages", "conflict_passages", "pool"):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"answer {name} must be >= 1, got {getattr(self, name)}")


def query_weights(retrieval: Retrieval) -> Callable[[list[str]], dict[str, float]]:
    """The idf of terms among the question's (0 for others), as the bridge asks for it (rag.text.bridge)."""
    return lambda terms: {t: retrieval.token_weights.get(t, 0.0) for t in terms}


def part_terms(part: str, retrieval: Retrieval) -> list[str]:
    """The question's terms that one part of it names; an English part names its bridged Chinese terms."""
    terms = [t for t in tokenize(part) if t in retrieval.token_weights]
    return terms + [t for t in bridge_terms(part, query_weights(retrieval)) if t not in terms]


@dataclass(frozen=True)
class Ask:
    """What a figure must answer: the (part of the) question, its kind and unit, its own terms."""

    question: str
    kind: FigureKind | None  # None: any amount (a part such as "and what is the maximum" names no kind)
    unit: str | None
    tokens: list[str] | None  # None: all the question's terms


@dataclass(frozen=True)
class Sentence:
    hit: Hit
    rank: int
    row: int
    start: int
    end: int
    text: str
    score: float


def coverage(retrieval: Retrieval, text: str, tokens: list[str] | None = None) -> float:
    """Share of the question's terms (or of ``tokens``), weighted by rarity, that ``text`` contains.

    The bridged terms of one English phrase are alternative senses (money -> 资金, 金额; year -> 年度, 年级): the
    phrase counts once, covered by any of them, with the weight of its most common sense. Counted term by
    term, a rare wrong sense (年级, a school grade) weighed most and a clause that says the phrase in its usual
    term covered a sliver of the question.
    """
    tokens = retrieval.query_tokens if tokens is None else tokens
    weights, senses = retrieval.token_weights, retrieval.senses
    # A term is present where the text contains it: jieba's search-mode tokens of the text hold the same
    # words and their parts, but tokenising every candidate sentence of an unseen passage was a fifth of a
    # question's time on a large archive (English tokens are lower-cased).
    text = text.lower()
    if not senses:
        total = sum(weights.get(t, 0.0) for t in tokens)
        return sum(weights.get(t, 0.0) for t in tokens if t in text) / total if total > 0 else 0.0
    phrases: dict[object, list] = {}  # phrase -> [weight of its most common sense, covered]
    for t in tokens:
        weight = weights.get(t, 0.0)
        if weight <= 0:
            continue
        phrase = phrases.setdefault(senses.get(t, t), [weight, False])
        phrase[0] = min(phrase[0], weight)
        phrase[1] = phrase[1] or t in text
    total = sum(weight for weight, _ in phrases.values())
    return sum(weight for weight, covered in phrases.values() if covered) / total if total > 0 else 0.0


_DAY_ENDS = ("号", "底", "末")  # 每月15号前, 每月底前: a day asked as a deadline, as 9月19日前


def bounded_end(sentence: str, figure: Figure, deadline: bool = False) -> int:
    """Where a figure's answer ends: a rate keeps the bound written after it (50%以上, 6%左右), a day asked as a
    ``deadline`` the time and the 前 after it (9月19日17:00前)."""
    if deadline and figure.kind == FigureKind.DATE and ("日" in figure.text or figure.text.endswith(_DAY_ENDS)):
        return due_end(sentence, figure.end) or figure.end
    bound = _BOUND.match(sentence, figure.end) if figure.kind == FigureKind.PERCENT else None
    return bound.end() if bound else figure.end


def clause_sides(sentence: str, figure: Figure) -> tuple[str, str]:
    """The words before a figure and after it, within its clause (what it counts usually follows it).

    When the clause is little more than a date (2023年4月26日，由…揭牌) or a bare amount (共148人，其中…),
    the next clause says what the figure is about, so the right side reaches into it. An amount whose
    clause names what it counts (共148人参加培训，141人…; 形成208个新产品、建立91个…; 成功对接29项、…)
    keeps to it: the next clause is about another figure.
    """
    start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, figure.start)), default=0)
    # 取得中级工证书的，由每人1,500元提高到1,800元: a clause without a subject of its own is about the 的-clause before.
    if _TOPIC_END.search(sentence, 0, start) and _NO_SUBJECT.match(sentence, start):
        start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start - 1)), default=0)
    after = CLAUSE_BREAK.search(sentence, figure.end)
    end = after.start() if after else len(sentence)
    short = (end - start) - (figure.end - figure.start) < _MIN_CONTEXT_CHARS
    bare = figure.start - start <= _BARE_CHARS and end - figure.end <= _BARE_CHARS
    if after and short and (figure.kind == FigureKind.DATE or bare):
        following = _SENTENCE_PAUSE.search(sentence, after.end())
        end = following.start() if following else len(sentence)
    return sentence[start : figure.start], sentence[figure.start : end]


# A Markdown table's rule (|---|---:|) or a line of dots is no sentence; a Q&A's question (8. 问：普通门诊能报销多少？)
# heads its answer and answers nothing itself.
_WORD = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_ASKED_LINE = re.compile(r"^(?:\d{1,2}\s*[.、．]\s*)?(?:问|Q)\s*\d{0,2}\s*[:：]|[？?]\s*$")
# A table's caption (表2　2024年主要水库蓄水量变化（单位：万立方米）) names what the table holds, no answer.
_CAPTION = re.compile(r"^附?\s*表\s*[\d一二三四五六七八九十]*[\s　]|"
                      r"^[^。；;，,]{4,60}[（(]\s*单位[:：][^（）()]*[）)]\s*$")


# …and so is a title line over a line that only gives the table's units (垫江县2025年度重大行政决策事项目录 over
# （估算投资单位：亿元）).
_UNIT_LINE = re.compile(r"\s*[（(][^（）()\n]{0,20}单位[:：][^（）()\n]*[）)][ \t\u3000]*(?:\n|$)")


_LINE_END = re.compile(r"[ \t\u3000]*\n")


def _over_units(text: str, chunk: Chunk, end: int) -> bool:
    """The line ``text`` (a sentence of ``chunk`` ending at document offset ``end``) ends is followed by a line that
    only gives units."""
    at = end - chunk.char_start
    ends_line = text.rstrip(" \t\u3000").endswith("\n") or _LINE_END.match(chunk.text, at) is not None
    return ends_line and _UNIT_LINE.match(chunk.text, at) is not None


def _heading_row(text: str, before: str) -> bool:
    """A table's heading row (乡镇　还田任务　离田任务; 景区（点）\t所在县区\t接待游客): the first row of its table,
    whose cells hold no digit. It names the columns; it answers nothing."""
    row = cells(text.strip("\n"))
    if not row or any(ch.isdigit() for ch in text):
        return False
    above = before.rstrip("\n").rsplit("\n", 1)[-1] if before.strip() else ""
    return not cells(above) and not rule_line(above)


def candidate_sentences(settings: AnswerSettings, retrieval: Retrieval, hits: list[Hit]) -> list[Sentence]:
    """The sentences of ``hits``, each once, scored by their cosine with the question and their share of its terms."""
    out: list[Sentence] = []
    seen: set[int] = set()
    for rank, hit in enumerate(hits):
        for record in retrieval.sentences.get(hit.chunk.id, []):
            row, start, end = record.row, record.char_start, record.char_end
            if row in seen:
                continue
            seen.add(row)
            text = chunk_slice(hit.chunk, start, end)
            if not _WORD.search(text) or _ASKED_LINE.search(text) or _CAPTION.search(text.strip()) or \
                    _heading_row(text, chunk_slice(hit.chunk, hit.chunk.char_start, start)) or \
                    _over_units(text, hit.chunk, end):
                continue
            score = retrieval.sentence_scores[row]
            score += settings.lexical_weight * coverage(retrieval, text)
            before = out[-1] if out and out[-1].hit is hit else None
            if before is not None and (_PARTS_OPEN.match(text) or parts_go_on(before.text)) and \
                    not chunk_slice(hit.chunk, before.end, start).strip():
                # 其中,外贸增量奖励1,200万元、…: the parts of the whole the sentence before states, read with it; so
                # are those its list goes on with after a semicolon (…占33.1%；项目支出5,777.84万元，占66.9%。).
                merged = chunk_slice(hit.chunk, before.start, end)
                out[-1] = replace(before, end=end, text=merged, score=max(before.score, score))
                continue
            out.append(Sentence(hit, rank, row, start, end, text, score))
    return out


def make_answer(settings: AnswerSettings, retrieval: Retrieval, best: Sentence, start: int, end: int, text: str,
                kind: str, figure: Figure | None, parts: tuple[AnswerPart, ...] = ()) -> Answer:
    """The answer ``text`` at ``start``–``end`` of ``best``'s document, cited by every top passage that holds it
    (or, for a two-part answer, one of its parts), with the figures of other documents that disagree."""
    spans = [(p.char_start, p.char_end) for p in parts] or [(start, end)]
    citations = [citation(h.chunk) for h in retrieval.hits
                 if h.chunk.doc_id == best.hit.chunk.doc_id
                 and any(h.chunk.char_start <= lo and hi <= h.chunk.char_end for lo, hi in spans)]
    conflicts: list[Conflict] = []
    if figure is not None:
        agreeing, conflicts = compare_documents(best.hit.chunk.doc_id, best.text, figure, retrieval,
                                                settings.conflict_passages)
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
        parts=parts,
    )


def evidence_first(hits: list[Hit], answer: Answer | None, reader: IndexReader) -> list[Hit]:
    """``hits`` with the passages the answer is read from first and the others in rank order.

    The first passage a reader sees is then the evidence for the answer, also where the answer step chose a
    sentence of a lower-ranked passage (the year or level it asks is named there), one beyond the top k, or a table
    cell in another passage of a table that a retrieved passage begins (it takes its document's best score). A
    two-part answer from two passages puts both first, in the order of its parts.
    """
    if answer is None:
        return hits
    ids = list(dict.fromkeys([answer.passage_id, *(p.passage_id for p in answer.parts)]))
    listed = {h.chunk.id: h for h in hits if h.chunk.id in ids}
    if len(listed) < len(ids):
        score = max((h.score for h in hits if h.chunk.doc_id == answer.doc_id), default=answer.score)
        listed |= {c.id: Hit(c, score) for c in reader.passages(answer.doc_id) if c.id in ids and c.id not in listed}
    return [listed[i] for i in ids if i in listed] + [h for h in hits if h.chunk.id not in ids]
