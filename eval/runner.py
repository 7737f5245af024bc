"""Run a question set against the pipeline (in-process) or a server (over HTTP, same /ask contract)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from eval.dataset import Dataset, Question
from eval.metrics import Judgement, judge, summarise_by_language
from eval.report import write_report

Asker = Callable[[str, int], dict]


def in_process_asker(pipeline) -> Asker:
    from service.schemas import AskResponse

    def ask(question: str, top_k: int) -> dict:
        return AskResponse.from_result(pipeline.ask(question, top_k)).model_dump()

    return ask


def http_asker(url: str, timeout: float = 60.0) -> Asker:
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)

    def ask(question: str, top_k: int) -> dict:
        response = client.post("/ask", json={"question": question, "top_k": top_k})
        response.raise_for_status()
        return response.json()

    return ask


def run_questions(dataset: Dataset, ask: Asker, top_k: int, progress: bool = True) -> list[Judgement]:
    from tqdm import tqdm

    questions = tqdm(dataset.questions, desc=f"eval {dataset.name}", unit="q", disable=not progress)
    return [_judge(q, ask, top_k) for q in questions]


def _judge(question: Question, ask: Asker, top_k: int) -> Judgement:
    started = time.perf_counter()
    response = ask(question.question, top_k)
    return judge(question, response, (time.perf_counter() - started) * 1000)


def run_in_processes(datasets: list[Dataset], settings, top_k: int, workers: int) -> list[list[Judgement]]:
    """Judgements of every question of ``datasets``, asked by ``workers`` processes, in the datasets' order.

    Answering a question is mostly Python, one core at a time: one process leaves the other cores idle through a
    long evaluation. Each worker opens its own pipeline on the index that ``settings`` names (read-only, as the
    server's worker processes do) with an equal share of the model's threads, and takes the questions a slice at a
    time. Latencies are measured inside the workers, so they include the neighbours' load.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, settings.threads // workers)
    worker_settings = settings.model_copy(update={"threads": threads, "query_threads": None, "search_threads": 1})
    jobs = [(i, d.questions[start : start + _SLICE]) for i, d in enumerate(datasets)
            for start in range(0, len(d.questions), _SLICE)]
    out: list[list[Judgement]] = [[] for _ in datasets]
    context = multiprocessing.get_context("spawn")  # a fork would copy this process's threads and open files
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_open_pipeline,
                             initargs=(worker_settings,)) as pool:
        for (i, _), judgements in zip(jobs, pool.map(_ask_slice, [(q, top_k) for _, q in jobs]), strict=True):
            out[i].extend(judgements)
    return out


_SLICE = 16  # questions a worker takes at a time: small enough to share the last ones out evenly
_worker_pipeline = None


def _open_pipeline(settings) -> None:
    global _worker_pipeline
    from rag.pipeline import QAPipeline

    _worker_pipeline = QAPipeline(settings)
    _worker_pipeline.warm_up()


def _ask_slice(job) -> list[Judgement]:
    questions, top_k = job
    ask = in_process_asker(_worker_pipeline)
    return [_judge(q, ask, top_k) for q in questions]


def save_run(judgements: list[Judgement], out_dir: Path, name: str, config: dict, per_question: bool = True) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = summarise_by_language(judgements)
    results = {
        "name": name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config,
        "metrics": metrics,
        "questions": [
            {
                "id": j.question.id, "lang": j.question.lang, "question": j.question.question,
                "answers": list(j.question.answers), "docs": list(j.question.docs), "note": j.question.note,
                "rank": j.rank, "answer": j.answer_text, "answer_correct": j.answer_correct,
                "no_answer": j.predicted_no_answer, "no_answer_reason": j.no_answer_reason,
                "latency_ms": round(j.latency_ms, 2),
                "top_passages": j.top_passages, "conflicts": j.conflicts,
            }
            for j in judgements
        ],
    }
    (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    write_report(results, out_dir / "report.md", per_question)
    return results


def pipeline_config(pipeline) -> dict:
    return {
        "mode": "in-process",
        "settings": json.loads(pipeline.settings.model_dump_json()),
        "retrieval": asdict(pipeline.retrieval_settings),
        "answer": asdict(pipeline.answer_settings),
        "index": json.loads(pipeline.manifest().to_json()) | {"stats": asdict(pipeline.stats())},
    }
