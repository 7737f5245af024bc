"""Multi-turn chat without an LLM: follow-up questions are rewritten into standalone queries.

Gluing the previous turns onto the new question drowns it (recall drops), so a
follow-up is *rewritten* instead:

* an elliptical question that only swaps a detail (那2022年呢？ / "what about 2022?")
  becomes the previous query with that detail replaced or added;
* a question that refers back (how many projects was that? / 这些活动促成了多少项?)
  keeps its own words and gains the *topic* of the previous query: its content
  terms, without its question words or figures.

The reply is extractive: the answer span and the sentence it comes from, each
claim followed by the [n] of the passage that supports it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rag.answer.extract import Answer
from rag.answer.generation import GenerationError, LLMWriter
from rag.chunking import Chunk
from rag.errors import RagError
from rag.index.filters import MetadataFilter
from rag.pipeline import MAX_QUESTION_CHARS, AskResult, QAPipeline
from rag.search.retrieval import Hit
from rag.text.lexical import tokenize

log = logging.getLogger(__name__)

ROLES = ("user", "assistant", "system")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
_ZH = re.compile(r"[\u4e00-\u9fff]")
_ELLIPSIS = re.compile(r"^(?:那|那么|那在|而|还有)?(?P<detail>.{1,20}?)(?:的情况|的数据)?呢[？?]?$|"
                       r"^(?:what|how) about (?P<detail_en>.{1,60}?)\??$|"
                       r"^and (?:in |for )?(?P<detail_and>.{1,40}?)\??$", re.I)
_REFERS_BACK = re.compile(r"那些|这些|这个|那个|上述|其中|它们|它|该|此项|"
                          r"\b(?:that|this|these|those|it|they|them|its|their|there)\b", re.I)
_QUESTION_WORDS = re.compile(r"^(?:how|what|which|who|when|where|why)\b.*?"
                             r"\b(?:was|were|is|are|did|does|do)\b\s*|"
                             r"什么时候|何时|哪天|哪一年|多少钱|多少|是什么|什么|哪些|哪个|几个|几项|几家|是否|吗|呢",
                             re.I)


class ChatError(RagError):
    """The conversation is malformed (no user message, unknown role, empty content)."""


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass(frozen=True)
class ChatTurn:
    query: str  # the standalone query that was searched
    result: AskResult
    passages: list[Hit]  # numbered [1]..[n] in the reply
    reply: str


def _is_chinese(text: str) -> bool:
    return bool(_ZH.search(text))


def _topic(query: str) -> str:
    """The content terms of a query: no question words, no figures."""
    stripped = _QUESTION_WORDS.sub(" ", query)
    terms = [t for t in tokenize(stripped) if len(t) >= 2 and not re.search(r"\d", t)]
    # jieba's search mode yields 吉林, 吉林省 …: keep the longest terms only, in order, once each
    maximal = [t for t in terms if not any(t != o and t in o for o in terms)]
    return (" " if not _is_chinese(query) else "").join(dict.fromkeys(maximal))


def _is_short(question: str) -> bool:
    """Too short to carry its own topic (由哪些单位共建？ / how many projects?)."""
    if _is_chinese(question):
        return len(re.sub(r"[^\u4e00-\u9fff\w]", "", question)) <= 10
    return len(question.split()) <= 5


def rewrite(question: str, previous_query: str | None) -> str:
    """A standalone query for ``question`` given the standalone query of the previous turn."""
    question = question.strip()
    if not previous_query:
        return question
    ellipsis = _ELLIPSIS.match(question)
    if ellipsis:
        detail = next(g for g in ellipsis.group("detail", "detail_en", "detail_and") if g).strip()
        year = _YEAR.search(detail)
        if year and _YEAR.search(previous_query):
            return _YEAR.sub(year.group().strip() + ("年" if _is_chinese(previous_query) else ""), previous_query,
                             count=1).replace("年年", "年")
        return f"{detail} {previous_query}" if not _is_chinese(previous_query) else f"{detail}{previous_query}"
    if _REFERS_BACK.search(question) or _is_short(question):
        topic = _topic(previous_query)
        missing = [t for t in re.split(r"\s+", topic) if t and t not in question]
        if missing:
            joiner = "" if _is_chinese(question) else " "
            return f"{question}{joiner}{joiner.join(missing) if joiner else ''.join(missing)}"
    return question


def standalone_queries(messages: list[Message]) -> list[str]:
    """The standalone query of every user turn, in order; the last one is searched."""
    queries: list[str] = []
    for message in messages:
        if message.role == "user":
            queries.append(rewrite(message.content, queries[-1] if queries else None))
    return queries


def _number(passages: list[Hit], passage_id: str) -> int:
    return next(i for i, h in enumerate(passages, 1) if h.chunk.id == passage_id)


# Why there is no answer, in the reply's language (rag.answer.span.NO_ANSWER_REASONS); English uses the detail.
_WHY_ZH = {
    "no_passage": "没有文件提到所问的地方或事项",
    "other_place": "找到的段落说的是其他地方",
    "other_year": "找到的数字不是所问年份的",
    "no_match": "没有与问题足够贴合的句子",
    "no_figure": "段落中没有所问单位的数字",
    "not_stated": "段落没有写明所问的内容",
    "no_field": "文件没有写明所问的信息",
}


def compose_reply(question: str, result: AskResult, passages: list[Hit]) -> str:
    """An extractive reply whose every claim carries the [n] of its supporting passage."""
    zh = _is_chinese(question)
    answer: Answer | None = result.answer
    if answer is None:
        refs = "、".join(f"[{i}]" for i in range(1, min(3, len(passages)) + 1)) if zh else \
            " and ".join(f"[{i}]" for i in range(1, min(3, len(passages)) + 1))
        why = result.no_answer_reason
        if zh:
            return "未在文件中找到能回答这个问题的内容" + (f"（{_WHY_ZH[why.reason]}）" if why else "") + "。" + (
                f"最相关的段落见 {refs}。" if passages else "")
        closest = f" The closest passages are {refs}." if passages else ""
        return "I could not find an answer in the documents" + (f" ({why.detail})" if why else "") + "." + closest
    n = _number(passages, answer.passage_id)
    hit = passages[n - 1]
    doc = result.documents[hit.chunk.doc_id]
    source = f"《{doc['title']}》" + (f"（{doc['doc_number']}）" if doc.get("doc_number") else "")
    if answer.kind in ("sentence",):
        lines = [f"{answer.text} [{n}]"]
    else:
        sentence = hit.chunk.text[max(0, answer.sentence_start - hit.chunk.char_start):
                                  answer.sentence_end - hit.chunk.char_start]
        if zh:
            lines = [f"答案：{answer.text} [{n}]"]
            if sentence and sentence != answer.text:
                lines.append(f"原文：“{sentence}” [{n}]")
        else:
            lines = [f"Answer: {answer.text} [{n}]"]
            if sentence and sentence != answer.text:
                lines.append(f"From the document: “{sentence}” [{n}]")
    lines.append(f"出处：{source}" if zh else f"Source: {source}")
    for conflict in answer.conflicts:
        m = _number(passages, conflict.citation.passage_id)
        other = result.documents[conflict.doc_id]
        if zh:
            lines.append(f"注意：《{other['title']}》给出的数字不同：{conflict.text} [{m}]")
        else:
            lines.append(f"Note: another document gives a different figure: {conflict.text} [{m}]")
    return "\n".join(lines)


def _near_duplicates(a: Chunk, b: Chunk) -> bool:
    """Two passages of one document that share at least half of the shorter one (overlapping chunks of one
    paragraph): listed as two sources they would read as the same text twice."""
    if a.doc_id != b.doc_id:
        return False
    shared = min(a.char_end, b.char_end) - max(a.char_start, b.char_start)
    return shared > 0 and shared * 2 >= min(a.char_end - a.char_start, b.char_end - b.char_start)


def cited_passages(result: AskResult, top_k: int) -> list[Hit]:
    """Up to ``top_k`` distinct passages in rank order, always with the ones the answer cites.

    A passage that mostly repeats a better-ranked one (overlapping chunks of one paragraph) is left
    out and the next distinct passage takes its place, unless the answer cites it.
    """
    cited = []
    if result.answer is not None:
        cited = [result.answer.passage_id, *(c.citation.passage_id for c in result.answer.conflicts)]
    ranked = list(result.all_hits) or list(result.hits)
    kept = [h for h in ranked if h.chunk.id in cited]
    for hit in ranked:
        if len(kept) >= top_k:
            break
        if hit not in kept and not any(_near_duplicates(hit.chunk, k.chunk) for k in kept):
            kept.append(hit)
    order = {h.chunk.id: i for i, h in enumerate(ranked)}
    return sorted(kept, key=lambda h: order[h.chunk.id])


def validate_messages(messages: list[Message], max_messages: int) -> None:
    if not messages:
        raise ChatError("messages must contain at least one message")
    if len(messages) > max_messages:
        raise ChatError(f"a chat may have at most {max_messages} messages, got {len(messages)}")
    for i, m in enumerate(messages):
        if m.role not in ROLES:
            raise ChatError(f"messages[{i}].role must be one of {', '.join(ROLES)}, got {m.role!r}")
    if messages[-1].role != "user":
        raise ChatError("the last message must be the user's question")


class ChatEngine:
    def __init__(self, pipeline: QAPipeline, max_messages: int = 50, writer: LLMWriter | None = None) -> None:
        self.pipeline = pipeline
        self.max_messages = max_messages
        self.writer = writer

    def _reply(self, question: str, result: AskResult, passages: list[Hit]) -> str:
        if self.writer is not None and passages:
            try:
                return self.writer.write(question, passages, result.documents)
            except GenerationError as exc:
                log.warning("LLM reply failed, answering extractively: %s", exc)
        return compose_reply(question, result, passages)

    def _focus(self, previous_query: str, filters: MetadataFilter | None) -> Chunk | None:
        """The passage the previous turn was answered from (recomputed: clients send only the messages)."""
        previous = self.pipeline.ask(previous_query[:MAX_QUESTION_CHARS], 3, filters=filters)
        if previous.answer is None:
            return previous.hits[0].chunk if previous.hits else None
        return next((h.chunk for h in previous.all_hits if h.chunk.id == previous.answer.passage_id), None)

    def run(self, messages: list[Message], top_k: int = 5, filters: MetadataFilter | None = None) -> ChatTurn:
        validate_messages(messages, self.max_messages)
        queries = standalone_queries(messages)
        query = queries[-1][:MAX_QUESTION_CHARS]
        follow_up = len(queries) > 1 and query != messages[-1].content.strip()
        focus = self._focus(queries[-2], filters) if follow_up else None
        result = self.pipeline.ask(query, top_k, filters=filters, focus=focus)
        passages = cited_passages(result, top_k)
        return ChatTurn(query=query, result=result, passages=passages,
                        reply=self._reply(messages[-1].content, result, passages))
