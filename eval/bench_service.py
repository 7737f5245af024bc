"""Service benchmark: index build, HTTP latency, peak memory, a load test, and rate limiting.

    python -m eval.bench_service [--requests 100] [--load-seconds 60] [--concurrency 4]

It builds a fresh index of the sample corpus in a temporary data folder (reusing the
converted model), starts ``rag serve`` on loopback with API keys and CORS on, and prints:
build time and chunk count; p50/p95 of sequential /ask requests; the server's peak RSS;
requests/s, p50/p95 and errors under concurrent load; then a burst past a low-limit key
to show 429 with Retry-After, and that /healthz still answers afterwards. All traffic
stays on 127.0.0.1 and every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from rag.config import REPO_ROOT

RAG = str(Path(sys.executable).parent / "rag")
KEY, SLOW_KEY = "bench-key-0123456789", "slow-key-0123456789"
ORIGIN = "http://portal.example.test"
QUESTIONS = REPO_ROOT / "eval" / "data" / "dev.jsonl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def _start_server(env: dict) -> tuple[subprocess.Popen, str]:
    """``rag serve`` on a free loopback port, once /healthz answers."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([RAG, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.perf_counter() + 300
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        if time.perf_counter() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("server did not start")
        time.sleep(0.2)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _questions() -> list[str]:
    return [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rate-limit", type=int, default=100_000, help="per-minute limit of the main key")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_DATA_DIR=str(data), RAG_MODEL_DIR=str(REPO_ROOT / "data" / "models"),
               RAG_API_KEYS=f"bench:{KEY},slow:{SLOW_KEY}", RAG_CORS_ORIGINS=ORIGIN,
               RAG_RATE_LIMIT_PER_MINUTE=str(args.rate_limit))

    started = time.perf_counter()
    built = subprocess.run([RAG, "index", "--quiet"], env=env, capture_output=True, text=True, check=True)
    print(f"index build (sample corpus, cold embedding cache, model load included): "
          f"{time.perf_counter() - started:.1f}s")
    print("  " + built.stdout.strip().splitlines()[-1])

    started = time.perf_counter()
    server, base = _start_server(env)
    try:
        print(f"server start (model + index load): {time.perf_counter() - started:.1f}s")
        headers = {"Authorization": f"Bearer {KEY}", "Origin": ORIGIN}
        questions = _questions()

        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            client.post("/ask", json={"question": "warm-up"})
            latencies = []
            for i in range(args.requests):
                t0 = time.perf_counter()
                response = client.post("/ask", json={"question": questions[i % len(questions)], "top_k": 5})
                latencies.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
            print(f"/ask over HTTP, {args.requests} sequential requests: p50 {_percentile(latencies, 50):.1f} ms, "
                  f"p95 {_percentile(latencies, 95):.1f} ms, mean {statistics.mean(latencies):.1f} ms")
            assert response.headers.get("access-control-allow-origin") == ORIGIN

        load_latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        stop_at = time.perf_counter() + args.load_seconds

        def worker(offset: int) -> None:
            nonlocal errors
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                i = offset
                while time.perf_counter() < stop_at:
                    t0 = time.perf_counter()
                    try:
                        ok = client.post("/ask", json={"question": questions[i % len(questions)]}).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    with lock:
                        load_latencies.append((time.perf_counter() - t0) * 1000)
                        errors += not ok
                    i += args.concurrency

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        print(f"load {args.load_seconds:.0f}s, {args.concurrency} clients, keys and CORS on: "
              f"{len(load_latencies) / elapsed:.1f} requests/s, p50 {_percentile(load_latencies, 50):.1f} ms, "
              f"p95 {_percentile(load_latencies, 95):.1f} ms, {errors} errors of {len(load_latencies)}")
        print(f"server peak RSS: {_peak_rss_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)

    _rate_limit_demo(env)


def _rate_limit_demo(env: dict) -> None:
    """A server with a low limit answers 429 with Retry-After, and stays healthy."""
    server, base = _start_server(env | {"RAG_RATE_LIMIT_PER_MINUTE": "10"})
    try:
        statuses, retry_after = [], None
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {SLOW_KEY}"}, timeout=60) as client:
            for _ in range(15):
                response = client.post("/ask", json={"question": "概念验证花了多少钱？"})
                statuses.append(response.status_code)
                retry_after = response.headers.get("retry-after", retry_after)
        healthy = httpx.get(f"{base}/healthz", timeout=5).status_code
        other = httpx.post(f"{base}/ask", json={"question": "概念验证花了多少钱？"},
                           headers={"Authorization": f"Bearer {KEY}"}, timeout=60).status_code
        print(f"rate limit 10/min, 15 quick requests with one key: {statuses.count(200)}x200, "
              f"{statuses.count(429)}x429 (Retry-After {retry_after}s); afterwards /healthz {healthy}, "
              f"another key's /ask {other}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
