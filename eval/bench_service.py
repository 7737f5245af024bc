"""Service benchmark: /ask latency and throughput over HTTP, beside a bare FastAPI endpoint, in one run.

    python -m eval.bench_service [--single 200] [--clients 8 32] [--load-seconds 10] [--setting RAG_X=Y] [--out FILE]

It builds an index of the sample corpus in a temporary data folder with the converted model already in
``data/models`` (nothing is downloaded), then starts ``rag serve`` as the README does, on a free loopback
port, with API keys and CORS on, the rate limit off (``RAG_RATE_LIMIT_PER_MINUTE=0``) and the answer
cache off (``RAG_ANSWER_CACHE_SIZE=0``, else repeated questions would measure the cache). Closed-loop
clients (one thread and one keep-alive connection each, each asking its next dev-set question when the
last is answered) measure, as Markdown tables:

- one client: p50/p95/p99 and questions/s; then N clients (8 and 32) for ``--load-seconds`` each:
  questions/s, p50/p95/p99 and errors; every question asks ``?debug=true`` for the per-stage timings;
- the per-stage medians (embed, retrieve, answer, the pipeline's total, and the rest of the latency:
  HTTP, FastAPI, middleware and the client);
- the same phases against a bare FastAPI endpoint (``eval/bench_http.py``: one POST route returning a
  small JSON) served as ``rag serve`` serves (the same listening socket, ``service.serving.listen``), and the
  ratio of our figures to its figures;
- CPU used during each phase (cores busy: server, this client, everything else on the machine) and the
  1-minute load average before and after it, the server's peak RSS and start time (CPU and RSS summed over
  its processes: with ``--setting RAG_WORKERS=2``, the supervisor and its workers);
- a short phase with the answer cache on (one question, repeated); a burst past a low rate limit
  (429 with Retry-After, /healthz still 200); the issue's targets, met or missed.

Machines here are noisy: compare figures from one run only. ``--out FILE`` also writes the Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from eval.bench_http import Markdown, Phase, closed_loop, peak_rss_mb, start, stop
from rag.config import REPO_ROOT

RAG = str(Path(sys.executable).parent / "rag")
BARE = [sys.executable, "-m", "eval.bench_http"]
KEY, SLOW_KEY = "bench-key-0123456789", "slow-key-0123456789"
ORIGIN = "http://portal.example.test"
QUESTIONS = REPO_ROOT / "eval" / "data" / "dev.jsonl"
REPEATED = "概念验证花了多少钱？"
STAGES = ("embed", "retrieve", "answer", "total")


def _payloads() -> list[bytes]:
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.dumps({"question": json.loads(line)["question"], "top_k": 5}).encode() for line in lines if line]


def _table(header: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        return f"{v:.1f}" if isinstance(v, float) else str(v)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(map(cell, row)) + " |" for row in rows])


def _phase_rows(phases: list[Phase]) -> list[list]:
    return [[p.name, p.clients, len(p.latencies), p.rate, p.p(50), p.p(95), p.p(99), p.errors,
             f"{p.cpu['server']:.2f} / {p.cpu['client']:.2f} / {p.cpu['others']:.2f}",
             f"{p.load[0]:.2f} → {p.load[1]:.2f}"] for p in phases]


PHASE_HEADER = ["phase", "clients", "questions", "questions/s", "p50 ms", "p95 ms", "p99 ms", "errors",
                "CPU cores: server / client / others", "load 1 min before → after"]


def _stage_rows(phases: list[Phase]) -> list[list]:
    rows = []
    for p in phases:
        rest = [t["latency"] - t["total"] for t in p.timings if "total" in t]
        rows.append([p.name, *(p.stage(s) for s in STAGES), p.stage("latency"),
                     sorted(rest)[len(rest) // 2] if rest else float("nan")])
    return rows


def _targets(single: Phase, eight: Phase | None) -> list[list]:
    def row(what: str, value: float | None, goal: str, ok: bool | None, unit: str) -> list:
        shown = "not run" if value is None else f"{value:.1f} {unit}".strip()
        return [what, goal, shown, "–" if ok is None else ("met" if ok else "**missed**")]
    rows = [row("one client p50", single.p(50), "≤ 10 ms", single.p(50) <= 10, "ms"),
            row("one client p99", single.p(99), "≤ 30 ms", single.p(99) <= 30, "ms")]
    if eight is None:
        return [*rows, row("8 clients", None, "≥ 150 q/s, p99 ≤ 100 ms, no errors", None, "")]
    return [*rows, row("8 clients throughput", eight.rate, "≥ 150 questions/s", eight.rate >= 150, "q/s"),
            row("8 clients p99", eight.p(99), "≤ 100 ms", eight.p(99) <= 100, "ms"),
            ["8 clients errors", "0", str(eight.errors), "met" if eight.errors == 0 else "**missed**"]]


def _measure(label: str, base: str, pid: int, args, payloads: list[bytes], path: str, headers: dict,
             timings: bool) -> list[Phase]:
    """Warm-up, then one client for ``--single`` questions, then each of ``--clients`` for ``--load-seconds``."""
    closed_loop("warm-up", base, pid, payloads, 1, requests=args.warmup, path=path, headers=headers)
    phases = [closed_loop(f"{label}, 1 client", base, pid, payloads, 1, requests=args.single, path=path,
                          headers=headers, timings=timings)]
    for n in args.clients:
        phases.append(closed_loop(f"{label}, {n} clients", base, pid, payloads, n, seconds=args.load_seconds,
                                  path=path, headers=headers, timings=timings))
    return phases


def _rate_limit_demo(env: dict, log: Path) -> str:
    """A server with a low limit answers 429 with Retry-After, and stays healthy."""
    server, base, _ = start([RAG, "serve"], env | {"RAG_RATE_LIMIT_PER_MINUTE": "10"}, log)
    try:
        statuses, retry_after = [], None
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {SLOW_KEY}"}, timeout=60) as client:
            for _ in range(15):
                response = client.post("/ask", json={"question": REPEATED})
                statuses.append(response.status_code)
                retry_after = response.headers.get("retry-after", retry_after)
        healthy = httpx.get(f"{base}/healthz", timeout=5).status_code
        other = httpx.post(f"{base}/ask", json={"question": REPEATED},
                           headers={"Authorization": f"Bearer {KEY}"}, timeout=60).status_code
    finally:
        stop(server)
    ok = statuses.count(200) == 10 and statuses.count(429) == 5 and retry_after and healthy == other == 200
    return (f"Rate limit 10/min, 15 quick requests with one key: {statuses.count(200)}×200, "
            f"{statuses.count(429)}×429 (Retry-After {retry_after} s); afterwards /healthz {healthy}, "
            f"another key's /ask {other}: {'as expected' if ok else '**not as expected**'}.")


def run(args: argparse.Namespace, emit) -> None:
    load = os.getloadavg()
    emit(f"# Service benchmark, {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}\n")
    emit(f"- command: `{shlex.join(['python', '-m', 'eval.bench_service', *sys.argv[1:]])}`")
    emit(f"- machine: {os.cpu_count()} cores; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    log = tmp / "servers.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_DATA_DIR=str(tmp / "data"), RAG_MODEL_DIR=str(REPO_ROOT / "data" / "models"),
               RAG_API_KEYS=f"bench:{KEY},slow:{SLOW_KEY}", RAG_CORS_ORIGINS=ORIGIN,
               RAG_RATE_LIMIT_PER_MINUTE="0", RAG_ANSWER_CACHE_SIZE="0", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1")
    env.update(args.setting)
    chosen = "".join(f", `{name}={value}`" for name, value in args.setting)
    emit(f"- server: `rag serve`, other settings at their defaults; API keys and CORS on, "
         f"`RAG_RATE_LIMIT_PER_MINUTE=0`, `RAG_ANSWER_CACHE_SIZE=0` (but in the cache phase){chosen}")
    emit(f"- server output: {log}")

    t0 = time.perf_counter()
    built = subprocess.run([RAG, "index", "--quiet"], env=env, capture_output=True, text=True, check=True)
    emit(f"- index of the sample corpus built in {time.perf_counter() - t0:.1f} s "
         f"(model load included): {built.stdout.strip().splitlines()[-1]}")

    headers = {"Authorization": f"Bearer {KEY}", "Origin": ORIGIN}
    payloads = _payloads()
    server, base, started = start([RAG, "serve"], env, log)
    try:
        ours = _measure("rag", base, server.pid, args, payloads, "/ask?debug=true", headers, True)
        rss = peak_rss_mb(server.pid)
    finally:
        stop(server)
    emit(f"- server start (model and index load): {started:.1f} s; peak RSS after the load phases: {rss:.0f} MB")

    bare_server, bare_base, _ = start(BARE, env, log)
    try:
        bare = _measure("bare", bare_base, bare_server.pid, args, payloads, "/ask", headers, False)
    finally:
        stop(bare_server)

    cached_server, cached_base, _ = start([RAG, "serve"], env | {"RAG_ANSWER_CACHE_SIZE": "1024"}, log)
    try:
        repeated = [json.dumps({"question": REPEATED, "top_k": 5}).encode()]
        pid = cached_server.pid
        cached = [closed_loop(f"cache on, 1 client, {REPEATED}", cached_base, pid, repeated, 1,
                              requests=args.cache_requests, path="/ask?debug=true", headers=headers, timings=True),
                  closed_loop("cache on, 8 clients, same question", cached_base, pid, repeated, 8,
                              seconds=args.cache_seconds, path="/ask?debug=true", headers=headers, timings=True)]
    finally:
        stop(cached_server)

    emit("\n## Closed-loop /ask over loopback\n")
    emit(_table(PHASE_HEADER, _phase_rows(ours + bare + cached)))
    emit("\nCPU cores: CPU seconds per wall second during the phase, of the server process, of this "
         "benchmark process (the clients) and of everything else on the machine.")
    emit("\n## Ours against the bare endpoint (ratio = rag / bare)\n")
    emit(_table(["clients", "questions/s ratio", "p50 ratio", "p99 ratio", "bare p50 ms", "bare questions/s"],
                [[o.clients, f"{o.rate / b.rate:.3f}", f"{o.p(50) / b.p(50):.1f}", f"{o.p(99) / b.p(99):.1f}",
                  b.p(50), b.rate] for o, b in zip(ours, bare, strict=True)]))
    emit("\n## Per-stage medians (server `timings_ms`, ms)\n")
    emit(_table(["phase", "embed", "retrieve", "answer", "pipeline total", "latency (client)",
                 "rest: HTTP, framework, queueing, client"], _stage_rows(ours)))
    emit("\n## Targets (issue 11)\n")
    eight = next((p for p in ours if p.clients == 8), None)
    emit(_table(["target", "goal", "measured", ""], _targets(ours[0], eight)))
    emit("\n## Rate limit\n")
    emit(_rate_limit_demo(env | {"RAG_ANSWER_CACHE_SIZE": "0"}, log))
    load = os.getloadavg()
    emit(f"\nLoad average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def _setting(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.startswith("RAG_"):
        raise argparse.ArgumentTypeError(f"a setting is RAG_NAME=VALUE (for example RAG_QUERY_PRECISION=fp32), "
                                         f"got {text!r}")
    return name, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=200, help="questions of the one-client phase (200)")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32], help="clients of the load phases (8 32)")
    parser.add_argument("--load-seconds", type=float, default=10, help="length of each load phase (10 s)")
    parser.add_argument("--warmup", type=int, default=20, help="questions asked before measuring (20)")
    parser.add_argument("--cache-requests", type=int, default=100, help="repeated questions, cache on (100)")
    parser.add_argument("--cache-seconds", type=float, default=3, help="8 clients, cache on (3 s)")
    parser.add_argument("--setting", type=_setting, action="append", default=[], metavar="RAG_NAME=VALUE",
                        help="a server setting for every phase, repeatable (compare two in one session)")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args()
    emit = Markdown()

    run(args, emit)
    emit.save(args.out)


if __name__ == "__main__":
    main()
