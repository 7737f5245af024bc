"""Upload benchmark: /ask latency with one client, idle and while a large upload is ingested (issue 12, part 7).

    python -m eval.bench_upload [--idle-seconds 20] [--big-kb 100] [--more 4] [--no-baseline] [--out FILE]

It starts ``rag serve`` as the README does (the sample corpus indexed on first start, the converted model
from ``data/models``, nothing downloaded) in a temporary data folder on a free loopback port, with API keys
on, the rate limit and the answer cache off. One closed-loop client (one keep-alive connection, the next
dev-set question when the last is answered) measures /ask p50/p99 for ``--idle-seconds``, then again while
one POST /documents adds a ``--big-kb`` text of the corpus's genre (synthetic documents of eval/synthetic.py
under one header) and ``--more`` ordinary ones, until that upload returns. A small upload first starts the
write worker and loads its model, so that the phase measures ingest, not the worker's start.

The same is then measured with ``RAG_WRITE_WORKER=false`` (writes in the server's threads, as before the
write worker) unless ``--no-baseline``. The target: p99 during the upload at most 2× the idle p99.
The machine is shared: the load average is printed before and after; compare figures of one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eval import synthetic
from eval.bench_http import Markdown, peak_rss_mb, percentile, start, stop
from rag.config import REPO_ROOT

RAG = str(Path(sys.executable).parent / "rag")
ADMIN, READ = "bench-admin-0123456789", "bench-read-0123456789"
QUESTIONS = REPO_ROOT / "eval" / "data" / "dev.jsonl"
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(stat[11]) + int(stat[12])) / TICK


def _worker_pid(server: int) -> int | None:
    """The write worker: the server's child started by multiprocessing's spawn (not its resource tracker)."""
    for task in Path(f"/proc/{server}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"spawn_main" in command and b"resource_tracker" not in command:
                return int(child)
    return None


def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def start_server(env: dict, log: Path, timeout: float = 600) -> tuple[subprocess.Popen, str]:
    """``rag serve`` on a free port, once /healthz answers."""
    server, base, _ = start([RAG, "serve"], env, log, timeout)
    return server, base


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)


def ask_until(base: str, payloads: list[bytes], done) -> Phase:
    """One closed-loop client asking until ``done()``; latencies in ms."""
    phase = Phase()
    headers = {"content-type": "application/json", "Authorization": f"Bearer {READ}"}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        client.post("/ask", content=payloads[0])  # connect before the clock starts
        t0, i = time.perf_counter(), 0
        while not done():
            t = time.perf_counter()
            try:
                ok = client.post("/ask", content=payloads[i % len(payloads)]).status_code == 200
            except httpx.HTTPError:
                ok = False
            phase.latencies.append((time.perf_counter() - t) * 1000)
            phase.errors += not ok
            i += 1
        phase.seconds = time.perf_counter() - t0
    return phase


def _for(seconds: float):
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() > end


def upload_files(big_kb: int, more: int) -> list[tuple[str, bytes]]:
    """A ``big_kb`` KB text (synthetic documents of the genre under the first one's header) and ``more`` others."""
    parts, index = [], 1000
    while sum(len(p.encode()) for p in parts) < big_kb * 1000:
        parts.append(synthetic.document(index))
        index += 1
    files = [("large-reply.txt", "\n".join(parts).encode())]
    return files + [(synthetic.file_name(i), synthetic.document(i).encode()) for i in range(2000, 2000 + more)]


def _upload(base: str, files: list[tuple[str, bytes]]) -> httpx.Response:
    return httpx.post(f"{base}/documents", files=[("files", (n, d, "text/plain")) for n, d in files],
                      headers={"Authorization": f"Bearer {ADMIN}"}, timeout=1800)


def measure(label: str, env: dict, log: Path, args, payloads: list[bytes], files) -> dict:
    server, base = start_server(env, log)
    try:
        warm = _upload(base, [("warm-up.txt", synthetic.document(999).encode())])
        assert warm.status_code == 201, warm.text
        worker = _worker_pid(server.pid)
        ask_until(base, payloads, _for(3))  # warm-up questions
        load_idle = os.getloadavg()[0]
        idle = ask_until(base, payloads, _for(args.idle_seconds))
        outcome: dict = {}
        cpu0 = (_cpu_seconds(server.pid), _cpu_seconds(worker) if worker else float("nan"))

        def ingest() -> None:
            t0 = time.perf_counter()
            outcome["response"] = _upload(base, files)
            outcome["seconds"] = time.perf_counter() - t0

        uploader = threading.Thread(target=ingest)
        uploader.start()
        busy = ask_until(base, payloads, lambda: not uploader.is_alive())
        uploader.join()
        cpu = (_cpu_seconds(server.pid) - cpu0[0], _cpu_seconds(worker) - cpu0[1] if worker else float("nan"))
        response = outcome["response"]
        assert response.status_code == 201, response.text
        chunks = sum(d["chunk_count"] for d in response.json()["documents"])
        return {"label": label, "idle": idle, "busy": busy, "upload_s": outcome["seconds"], "chunks": chunks,
                "cpu": cpu, "nice": _nice(worker) if worker else None, "load": (load_idle, os.getloadavg()[0]),
                "rss": (peak_rss_mb(server.pid), peak_rss_mb(worker) if worker else None)}
    finally:
        stop(server)


def _row(r: dict) -> str:
    idle, busy = r["idle"], r["busy"]
    ratio = busy.p(99) / idle.p(99)
    worker = f"{r['cpu'][1]:.1f} s (nice {r['nice']})" if r["nice"] is not None else "–"
    rss = f"{r['rss'][0]:.0f}" + (f" / {r['rss'][1]:.0f}" if r["rss"][1] else "")
    cells = [r["label"], f"{idle.p(50):.1f}", f"{idle.p(99):.1f}", f"{busy.p(50):.1f}", f"{busy.p(99):.1f}",
             f"**{ratio:.2f}×**", "met" if ratio <= 2 else "**missed**",
             f"{len(idle.latencies)} / {len(busy.latencies)}", f"{idle.errors + busy.errors}",
             f"{r['upload_s']:.1f} s, {r['chunks']} chunks", f"{r['cpu'][0]:.1f} s", worker, rss,
             f"{r['load'][0]:.2f} → {r['load'][1]:.2f}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle-seconds", type=float, default=20, help="length of the idle phase (20 s)")
    parser.add_argument("--big-kb", type=int, default=100, help="size of the large document (100 KB)")
    parser.add_argument("--more", type=int, default=4, help="other documents in the same upload (4)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run with RAG_WRITE_WORKER=false")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args()
    emit = Markdown()

    load = os.getloadavg()
    emit(f"# Upload benchmark, {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}\n")
    emit(f"- command: `{shlex.join(['python', '-m', 'eval.bench_upload', *sys.argv[1:]])}`")
    emit(f"- machine: {os.cpu_count()} cores, shared; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="rag-bench-upload-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_MODEL_DIR=str(REPO_ROOT / "data" / "models"), RAG_API_KEYS=f"clerk:{ADMIN}:admin,portal:{READ}:read",
               RAG_RATE_LIMIT_PER_MINUTE="0", RAG_ANSWER_CACHE_SIZE="0", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    files = upload_files(args.big_kb, args.more)
    sizes = ", ".join(f"{len(d) / 1000:.0f} KB" for _, d in files)
    emit(f"- upload: one POST /documents of {len(files)} files ({sizes}); server log {tmp / 'server.log'}")
    emit("- `rag serve`, settings at their defaults but keys on, `RAG_RATE_LIMIT_PER_MINUTE=0`, "
         "`RAG_ANSWER_CACHE_SIZE=0`; one closed-loop /ask client\n")
    payloads = [json.dumps({"question": json.loads(line)["question"], "top_k": 5}).encode()
                for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    runs = [("write worker (default)", {})]
    if not args.no_baseline:
        runs.append(("in the server (`RAG_WRITE_WORKER=false`)", {"RAG_WRITE_WORKER": "false"}))
    results = []
    for n, (label, extra) in enumerate(runs):
        print(f"measuring: {label}", file=sys.stderr)
        results.append(measure(label, env | extra | {"RAG_DATA_DIR": str(tmp / f"data-{n}")}, tmp / "server.log",
                               args, payloads, files))
    emit("| writes | idle p50 ms | idle p99 ms | during upload p50 ms | during upload p99 ms | p99 ratio | "
         "target ≤ 2× | questions idle / during | errors | upload | server CPU during | worker CPU during | "
         "peak RSS MB server / worker | load 1 min |")
    emit("|" + "---|" * 14)
    for r in results:
        emit(_row(r))
    load = os.getloadavg()
    emit(f"\nLoad average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. CPU: seconds used by the server "
         "process and by the write worker while the upload ran; peak RSS over the whole run.")
    emit.save(args.out)


if __name__ == "__main__":
    main()
