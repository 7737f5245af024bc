"""Helpers of ``eval.bench_service``: servers in subprocesses, closed-loop HTTP clients, CPU meters.

Also the bare endpoint the service is compared with, served exactly as ``rag serve`` serves
(one ``uvicorn.Server`` with the same ``Config`` options on a socket bound beforehand):

    python -m eval.bench_http --port 8001   # POST /ask returns a small JSON, GET /healthz
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

TICK = os.sysconf("SC_CLK_TCK")


class Markdown:
    """The report of a benchmark: each line printed as it comes, and kept to be written to ``--out``."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def save(self, path: Path | None) -> None:
        if path:
            path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def start(command: list[str], env: dict, log: Path, timeout: float = 300) -> tuple[subprocess.Popen, str, float]:
    """``command --port P`` on a free loopback port, once /healthz answers: (process, base URL, seconds).
    Its output goes to ``log`` (a pipe nobody reads would stall a chatty server)."""
    port, t0 = free_port(), time.perf_counter()
    base = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        server = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=out, stderr=out)
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base, time.perf_counter() - t0
        except httpx.TransportError:
            pass
        if time.perf_counter() - t0 > timeout or server.poll() is not None:
            server.kill()
            raise SystemExit(f"server did not start: {' '.join(command)}\n{log.read_text()[-2000:]}")
        time.sleep(0.1)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def processes(pid: int) -> list[int]:
    """``pid`` and its descendants (``rag serve --workers N``: the supervisor and its worker processes)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
    return found


def peak_rss_mb(pid: int) -> float:
    """The peak RSS of ``pid``, summed over it and its descendants (each process's own peak)."""
    total = 0.0
    for process in processes(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    return total or float("nan")


def _cpu_seconds(pid: int) -> tuple[float, float, float]:
    """CPU seconds used so far by the whole machine, by process ``pid`` and its descendants, and by this
    process (all threads)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    busy = (user + nice + system + irq + softirq + steal) / TICK
    server = 0.0
    for process in processes(pid):
        try:
            stat = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        server += (int(stat[11]) + int(stat[12])) / TICK
    me = resource.getrusage(resource.RUSAGE_SELF)
    return busy, server, me.ru_utime + me.ru_stime


@dataclass
class Phase:
    """One closed-loop run: latencies (ms), errors, wall seconds, CPU (cores busy) and load averages."""

    name: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    timings: list[dict] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float] = (0.0, 0.0)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)

    def stage(self, name: str) -> float:
        values = [t[name] for t in self.timings if name in t]
        return percentile(values, 50)


def closed_loop(name: str, base: str, pid: int, payloads: list[bytes], clients: int, *, requests: int = 0,
                seconds: float = 0.0, path: str = "/ask", headers: dict | None = None,
                timings: bool = False) -> Phase:
    """``clients`` threads, one keep-alive connection each, each sending its next request when the last is
    answered, for ``requests`` requests in all or for ``seconds``. With ``timings``, keep each response's
    ``timings_ms``. The client does as little as it can: payloads are encoded beforehand and a response is
    parsed only for its timings."""
    phase, lock = Phase(name, clients), threading.Lock()
    headers = {"content-type": "application/json", **(headers or {})}
    counter = iter(range(requests or 10**9))
    barrier = threading.Barrier(clients + 1)
    stop_at = [float("inf")]

    def worker(offset: int) -> None:
        lat, tim, err = [], [], 0
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            client.post(path, content=payloads[offset % len(payloads)])  # connect before the clock starts
            barrier.wait()
            i = offset
            while time.perf_counter() < stop_at[0]:
                with lock:
                    if next(counter, None) is None:
                        break
                t0 = time.perf_counter()
                try:
                    response = client.post(path, content=payloads[i % len(payloads)])
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                lat.append((time.perf_counter() - t0) * 1000)
                err += not ok
                if ok and timings:
                    tim.append((json.loads(response.content).get("timings_ms") or {}) | {"latency": lat[-1]})
                i += clients
        with lock:
            phase.latencies += lat
            phase.timings += tim
            phase.errors += err

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    load0 = os.getloadavg()[0]
    barrier.wait()
    t0, cpu0 = time.perf_counter(), _cpu_seconds(pid)
    if seconds:
        stop_at[0] = t0 + seconds
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - t0
    busy, server, me = (b - a for a, b in zip(cpu0, _cpu_seconds(pid), strict=True))
    phase.cpu = {"server": server / phase.seconds, "client": me / phase.seconds,
                 "others": max(0.0, busy - server - me) / phase.seconds}
    phase.load = (load0, os.getloadavg()[0])
    if name != "warm-up":
        print(f"  {name}: {phase.rate:.1f}/s, p50 {phase.p(50):.1f} ms, {phase.errors} errors", file=sys.stderr)
    return phase


# -- the bare endpoint ------------------------------------------------------------------------

class Question(BaseModel):
    question: str
    top_k: int = 5


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.post("/ask")
    def ask(body: Question) -> dict:  # a plain def, like the service's /ask: it runs in the thread pool too
        return {"question": body.question, "answer": {"text": "近400万元", "kind": "money"}, "hits": []}

    return app


def serve_bare(port: int) -> None:
    """As ``rag serve`` does (service/cli.py): bind first with the same ``listen``, then one uvicorn.Server
    with the same Config."""
    import uvicorn

    from service.serving import listen

    listener = listen("127.0.0.1", port)
    try:
        uvicorn.Server(uvicorn.Config(bare_app(), log_config=None, access_log=False,
                                      log_level="info")).run(sockets=[listener])
    finally:
        listener.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    serve_bare(parser.parse_args().port)
