"""Per-question judgements and the aggregate metrics of a run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.dataset import Question
from rag.documents import iso_date

KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class Judgement:
    question: Question
    rank: int | None  # 1-based rank of the first passage that answers; None if none in the list
    answer_text: str | None
    answer_correct: bool | None  # None for unanswerable questions
    predicted_no_answer: bool
    latency_ms: float
    top_passages: list[tuple[str, str]]  # (doc id, first characters) of the first passages
    conflicts: list[str]
    no_answer_reason: str | None = None  # the service's reason code when it abstained


def passage_answers(question: Question, doc_id: str, text: str, header: dict | None = None) -> bool:
    """A passage answers if it comes from a gold document and (when answers are given) holds one.

    A question about the document itself (its 文号, addressee or date) is answered by the header
    fields that every returned passage carries, so those count too.
    """
    if doc_id not in question.docs:
        return False
    if not question.answers:
        return True
    fields = [str(v) for v in (header or {}).values() if v]
    return any(a in text or any(a in f for f in fields) or _same_date(a, header) for a in question.answers)


def _same_date(answer: str, header: dict | None) -> bool:
    return bool(header and header.get("date")) and iso_date(answer) == header["date"] and \
        len(answer.replace(" ", "")) >= 8


def judge(question: Question, response: dict, latency_ms: float) -> Judgement:
    passages = response.get("passages", [])
    rank = None
    if question.answerable:
        rank = next((i + 1 for i, p in enumerate(passages)
                     if passage_answers(question, p["doc"]["id"], p["text"], p["doc"])), None)
    answer = response.get("answer") or None
    answer_text = answer["text"] if answer else None
    correct = None
    if question.answers and question.all_answers:
        correct = bool(answer_text) and all(_inside(a, answer_text) for a in question.answers)
    elif question.answers:
        correct = bool(answer_text) and any(_inside(a, answer_text) or _inside(answer_text, a) for a in question.answers
                                            if len(answer_text) >= 2)
    return Judgement(
        question=question,
        rank=rank,
        answer_text=answer_text,
        answer_correct=correct,
        predicted_no_answer=bool(response.get("no_answer")),
        latency_ms=latency_ms,
        top_passages=[(p["doc"]["id"], p["text"][:60]) for p in passages[:3]],
        conflicts=[c["text"] for c in (answer or {}).get("conflicts", [])],
        no_answer_reason=(response.get("no_answer_reason") or {}).get("reason"),
    )


def _inside(answer: str, accepted: str) -> bool:
    """``answer`` is written in ``accepted`` and is not part of another number there: an answer shorter than an
    accepted one (236.8 for 236.8万元, but 600元 is not 2,600元), or an accepted answer in a longer answer (60万元
    is not written in 113.60万元)."""
    at = accepted.find(answer)
    while at >= 0:
        before, after = accepted[at - 1 : at], accepted[at + len(answer) : at + len(answer) + 1]
        if not (before and (before.isdigit() or before in ",.") and answer[:1].isdigit()) and \
                not (after.isdigit() and answer[-1:].isdigit()):
            return True
        at = accepted.find(answer, at + 1)
    return False


def _rate(values: list[bool]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def summarise(judgements: list[Judgement]) -> dict:
    answerable = [j for j in judgements if j.question.answerable]
    with_answers = [j for j in judgements if j.question.answers]
    unanswerable = [j for j in judgements if not j.question.answerable]
    predicted_none = [j for j in judgements if j.predicted_no_answer]
    latencies = np.array([j.latency_ms for j in judgements]) if judgements else np.zeros(1)
    out = {"questions": len(judgements), "answerable": len(answerable), "unanswerable": len(unanswerable)}
    for k in KS:
        out[f"hit@{k}"] = _rate([j.rank is not None and j.rank <= k for j in answerable])
    out["mrr@10"] = round(float(np.mean([1 / j.rank if j.rank and j.rank <= 10 else 0 for j in answerable])), 4) \
        if answerable else None
    out["answer_accuracy"] = _rate([bool(j.answer_correct) for j in with_answers])
    out["no_answer_precision"] = _rate([not j.question.answerable for j in predicted_none])
    out["no_answer_recall"] = _rate([j.predicted_no_answer for j in unanswerable])
    out["false_abstention"] = _rate([j.predicted_no_answer for j in answerable])
    out["latency_p50_ms"] = round(float(np.percentile(latencies, 50)), 1)
    out["latency_p95_ms"] = round(float(np.percentile(latencies, 95)), 1)
    return out


def summarise_by_language(judgements: list[Judgement]) -> dict[str, dict]:
    result = {"all": summarise(judgements)}
    for lang in sorted({j.question.lang for j in judgements}):
        result[lang] = summarise([j for j in judgements if j.question.lang == lang])
    return result
