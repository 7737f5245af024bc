"""How the answers move when one weight moves: a sensitivity sweep of the retrieval and answer settings over dev
question sets (``python -m eval.tune QUESTIONS... [--set answer.passages=4,5] [--scale 0.7 1.3]``).

Each setting is tried alone on the real ``ask`` path (English bridge, retrieval, the answer step and abstention) over
the index in ``RAG_DATA_DIR`` (build it first: ``rag index rag/sample_corpus eval/corpus/varied``). A question's
vector is computed once, so a setting costs retrieval and answering only: about 20 s for 1,577 questions on two
cores. It prints one row per setting: the questions answered right (an unanswerable one when it abstains), how many
of them it won and lost against the defaults, by language, and hit@1. Held-out splits (``varied-test*``) are
refused: the defaults are chosen on dev splits only, and a row that wins as many as it loses is noise.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path

from eval.dataset import Question, load_dataset
from eval.metrics import judge
from eval.report import held_out
from eval.runner import in_process_asker
from rag.answer.extract import AnswerExtractor
from rag.answer.span import AnswerSettings
from rag.config import Settings
from rag.errors import ConfigurationError
from rag.pipeline import QAPipeline
from rag.search.retrieval import HybridRetriever, RetrievalSettings

GROUPS = {"retrieval": RetrievalSettings, "answer": AnswerSettings}


@dataclass(frozen=True)
class Outcome:
    setting: str  # "defaults" or group.name=value
    right: dict[str, bool]  # question id -> answered right
    first: dict[str, bool]  # question id -> an answering passage ranked first
    seconds: float


def parse_setting(text: str) -> list[tuple[str, str, float | int]]:
    """``answer.passages=4,5`` -> [("answer", "passages", 4), ("answer", "passages", 5)]; names and values are
    checked against the settings' fields."""
    name, _, values = text.partition("=")
    group, _, field = name.partition(".")
    if group not in GROUPS:
        raise SystemExit(f"--set {text!r}: the group must be one of {sorted(GROUPS)}")
    kinds = {f.name: f.type for f in fields(GROUPS[group])}
    if kinds.get(field) not in ("int", "float"):
        numeric = sorted(n for n, t in kinds.items() if t in ("int", "float"))
        raise SystemExit(f"--set {text!r}: {group} has no numeric setting {field!r}; choose one of {numeric}")
    cast = int if kinds[field] == "int" else float
    try:
        return [(group, field, cast(v)) for v in values.split(",") if v]
    except ValueError:
        raise SystemExit(f"--set {text!r}: the values must be {kinds[field]}s separated by commas") from None


def scaled_settings(factors: list[float]) -> list[tuple[str, str, float]]:
    """Every non-zero float weight of both groups times each factor (the integer sizes only through --set)."""
    out = []
    for group, cls in GROUPS.items():
        base = cls()
        for f in fields(cls):
            value = getattr(base, f.name)
            if f.type == "float" and value:
                out += [(group, f.name, round(value * factor, 4)) for factor in factors]
    return out


def load_questions(paths: list[Path]) -> list[Question]:
    questions = []
    for path in paths:
        dataset = load_dataset(path)
        if held_out(dataset.name):
            raise SystemExit(f"{path}: a held-out split is never tuned on; pass dev splits only")
        questions += dataset.questions
    return questions


def sweep(pipeline: QAPipeline, questions: list[Question], settings: list[tuple[str, str, float | int]],
          top_k: int = 10) -> list[Outcome]:
    """The defaults, then each setting alone; the pipeline's settings are restored afterwards."""
    ask = in_process_asker(pipeline)
    retrieval, answers = pipeline.retriever.settings, pipeline.answer_settings
    vectors: dict[tuple, object] = {}
    encode = pipeline._query_vector

    def cached(question, bridged):
        key = (question, pipeline.retriever.settings.english_dense_mix)
        if key not in vectors:
            vectors[key] = encode(question, bridged)
        return vectors[key]

    def run(label: str) -> Outcome:
        started, right, first = time.perf_counter(), {}, {}
        for q in questions:
            judged = judge(q, ask(q.question, top_k), 0.0)
            right[q.id] = judged.predicted_no_answer if not q.answerable else bool(judged.answer_correct)
            first[q.id] = judged.rank == 1
        return Outcome(label, right, first, time.perf_counter() - started)

    pipeline._query_vector = cached
    cache, pipeline._answers = pipeline._answers, None  # every setting answers afresh
    outcomes = [run("defaults")]
    try:
        for group, name, value in settings:
            try:
                moved = replace(retrieval if group == "retrieval" else answers, **{name: value})
            except ConfigurationError as exc:
                print(f"skipped {group}.{name}={value}: {exc}")
                continue
            pipeline.retriever = HybridRetriever(moved if group == "retrieval" else retrieval)
            pipeline.answer_settings = moved if group == "answer" else answers
            pipeline.extractor = AnswerExtractor(pipeline.answer_settings)
            outcomes.append(run(f"{group}.{name}={value}"))
    finally:
        pipeline.retriever, pipeline.answer_settings = HybridRetriever(retrieval), answers
        pipeline.extractor, pipeline._answers = AnswerExtractor(answers), cache
        del pipeline._query_vector
    return outcomes


def table(outcomes: list[Outcome], questions: list[Question]) -> str:
    """One Markdown row per outcome: right (and by language), won and lost against the first outcome, hit@1."""
    base = outcomes[0]
    langs = sorted({q.lang for q in questions})
    head = ["setting", "right", "won", "lost", *[f"{lang} right" for lang in langs], "hit@1", "s"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for o in outcomes:
        won = sum(o.right[q.id] and not base.right[q.id] for q in questions)
        lost = sum(base.right[q.id] and not o.right[q.id] for q in questions)
        by_lang = [f"{sum(o.right[q.id] for q in questions if q.lang == lang)}" for lang in langs]
        rows.append("| " + " | ".join([o.setting, f"{sum(o.right.values())} / {len(questions)}", str(won), str(lost),
                                       *by_lang, str(sum(o.first.values())), f"{o.seconds:.0f}"]) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="+", type=Path, help="dev question files (JSONL) or BEIR folders")
    parser.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=V[,V...]",
                        help="settings to try, e.g. answer.passages=4,5 or retrieval.dense_weight=0.8")
    parser.add_argument("--scale", nargs="*", type=float, default=[0.7, 1.3],
                        help="without --set: every float weight times each factor (default 0.7 and 1.3)")
    args = parser.parse_args()
    tried = [s for text in args.set for s in parse_setting(text)] if args.set else scaled_settings(args.scale)
    questions = load_questions(args.questions)
    pipeline = QAPipeline(Settings())
    pipeline.warm_up()
    print(f"{len(questions)} questions, {len(tried)} settings, index {os.environ.get('RAG_DATA_DIR', 'default')}")
    print(table(sweep(pipeline, questions, tried), questions))


if __name__ == "__main__":
    main()
