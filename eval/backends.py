"""The dev set on every index backend, side by side: ``python -m eval.backends [QUESTIONS…] [--corpus DIR…]``.

Each backend gets a fresh index of the sample corpus (plus ``--corpus`` folders) in a temporary
data folder, built with the same model; Qdrant runs in qdrant-client's local mode (no server)
unless ``--qdrant-url`` names one. Prints hit@1, hit@5, MRR, answer accuracy and latency per
backend and the difference, and exits 1 if a backend is more than ``--tolerance`` (0.02) below
the local one on hit@1, hit@5 or answer accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from embeddings.sentence_transformer import SentenceTransformerEmbedder
from eval.dataset import load_dataset
from eval.runner import in_process_asker, run_questions
from rag.config import SAMPLE_CORPUS_DIR, Settings
from rag.pipeline import QAPipeline

FIGURES = ("hit@1", "hit@5", "mrr@10", "answer_accuracy", "no_answer_recall", "latency_p50_ms")
CHECKED = ("hit@1", "hit@5", "answer_accuracy")


def run(questions: list[Path], corpus: list[Path], backends: list[str], qdrant_url: str | None,
        tolerance: float) -> tuple[dict, bool]:
    from eval.metrics import summarise

    base = Settings()
    tmp = Path(tempfile.mkdtemp(prefix="rag-backends-"))
    embedder = SentenceTransformerEmbedder(base.embedding_model, base.models_dir,
                                           batch_size=base.embedding_batch_size)
    datasets = [load_dataset(q) for q in questions]
    results: dict[str, dict] = {}
    for backend in backends:
        update = {"data_dir": tmp / backend, "model_dir": base.models_dir, "backend": backend}
        if backend == "qdrant":
            update |= {"qdrant_url": qdrant_url} if qdrant_url else {"qdrant_path": tmp / backend / "qdrant"}
        settings = base.model_copy(update=update)
        pipeline = QAPipeline(settings, embedder=embedder)
        started = time.perf_counter()
        pipeline.index_paths([SAMPLE_CORPUS_DIR, *corpus])
        built = time.perf_counter() - started
        ask = in_process_asker(pipeline)
        for dataset in datasets:
            judgements = run_questions(dataset, ask, 5, progress=False)
            results.setdefault(dataset.name, {})[backend] = summarise(judgements) | {
                "index_seconds": round(built, 1), "answers": [j.answer_text for j in judgements],
                "ranks": [j.rank for j in judgements]}
        pipeline.close()
    ok = True
    for name, by_backend in results.items():
        print(f"\n== {name} ({by_backend[backends[0]]['questions']} questions)")
        print("figure".ljust(18) + "".join(b.rjust(12) for b in backends) + "  difference".rjust(14))
        for figure in (*FIGURES, "index_seconds"):
            values = [by_backend[b].get(figure) for b in backends]
            cells = "".join(("-" if v is None else f"{v:.4g}").rjust(12) for v in values)
            diff = ""
            if len(values) == 2 and None not in values:
                diff = f"{values[1] - values[0]:+.4f}".rjust(14)
                if figure in CHECKED and values[1] < values[0] - tolerance:
                    ok, diff = False, diff + "  (beyond the tolerance)"
            print(figure.ljust(18) + cells + diff)
        if len(backends) == 2:
            a, b = (by_backend[x] for x in backends)
            same_answers = sum(x == y for x, y in zip(a["answers"], b["answers"], strict=True))
            same_ranks = sum(x == y for x, y in zip(a["ranks"], b["ranks"], strict=True))
            print(f"identical answers: {same_answers}/{len(a['answers'])}; identical first-relevant ranks: "
                  f"{same_ranks}/{len(a['ranks'])}")
    return results, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.backends", description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="*", default=["eval/data/dev.jsonl"])
    parser.add_argument("--corpus", action="append", default=[], help="extra corpus folder (repeatable)")
    parser.add_argument("--backends", default="local,qdrant")
    parser.add_argument("--qdrant-url", help="a Qdrant server instead of local mode")
    parser.add_argument("--tolerance", type=float, default=0.02)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    results, ok = run([Path(q) for q in args.questions], [Path(c) for c in args.corpus],
                      args.backends.split(","), args.qdrant_url, args.tolerance)
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print("\nwithin tolerance" if ok else "\nBEYOND TOLERANCE", f"(hit@1, hit@5, answer accuracy; ±{args.tolerance})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
