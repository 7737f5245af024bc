"""Scale benchmark: synthetic documents of the corpus's genre, indexed through QAPipeline at growing sizes.

    python -m eval.bench_scale --docs 1000 10000 [--real-docs 1000] [--million] [--out FILE]

Each size is measured in a process of its own (eval.bench_point) on a cold data dir: first
build (``rag index`` of a folder, then ``rag compact --full``), adding one document, ``ask``
without the encoder (retrieval and answer extraction, the query vector precomputed), the
server's peak RSS with the real model loaded, the data dir, and ANN recall@10 against exact
search. Sizes beyond what the real model can embed here use a stand-in encoder
(eval.standin), and every figure it produced says so. ``--million`` grows the largest
stand-in index to a million chunks. Results are kept as JSON (``--json-dir``), so that
``--report`` can print the tables again without measuring.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from eval.bench_report import report
from rag.config import REPO_ROOT

MILLION = 1_000_000


def point(docs: int, encoder: str, seed: int, json_dir: Path, grow_to: int | None = None) -> list[dict]:
    """Measure one size in a fresh process on a fresh temporary data dir (deleted afterwards)."""
    out = json_dir / f"{encoder}-{docs}{'-grown' if grow_to else ''}.json"
    with tempfile.TemporaryDirectory(prefix=f"rag-scale-{encoder}-{docs}-") as work:
        command = [sys.executable, "-m", "eval.bench_point", "--docs", str(docs), "--encoder", encoder,
                   "--work", work, "--out", str(out), "--seed", str(seed)]
        if grow_to:
            command += ["--grow-to-chunks", str(grow_to)]
        started = time.perf_counter()
        subprocess.run(command, check=True)
        print(f"{encoder} {docs}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return json.loads(out.read_text(encoding="utf-8"))


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (other work goes on meanwhile)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()

    changed = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"{git('rev-parse', '--short', 'HEAD')} ({changed} tracked files changed in the working tree)"


def machine() -> str:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.rstrip()
    threads = {k: os.environ.get(k, "(unset)") for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return (f"nproc: {os.cpu_count()}; load average at the end: {os.getloadavg()}; threads: {threads}\n\n"
            f"```\n{free}\n```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="*", default=[1000, 10000], help="stand-in encoder sizes")
    parser.add_argument("--real-docs", type=int, default=1000, help="size of the real-encoder run (0: none)")
    parser.add_argument("--million", type=int, nargs="?", const=MILLION, metavar="CHUNKS",
                        help="grow the largest stand-in index to 1M chunks (or CHUNKS, for a trial)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json-dir", type=Path, default=REPO_ROOT / "eval" / "runs" / "scale")
    parser.add_argument("--report", action="store_true", help="print the tables of the JSON already there")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args()
    args.json_dir.mkdir(parents=True, exist_ok=True)
    started, code = datetime.now().astimezone(), code_version()
    if args.report:
        results = [r for path in sorted(args.json_dir.glob("*.json")) for r in json.loads(path.read_text("utf-8"))]
    else:
        results = [r for docs in sorted(args.docs) for r in point(
            docs, "standin", args.seed, args.json_dir, args.million if docs == max(args.docs) else None)]
        if args.real_docs:
            results += point(args.real_docs, "real", args.seed, args.json_dir)
    text = report(results)
    print(text)
    if args.out:
        header = (f"# Scale benchmark\n\nStarted {started:%Y-%m-%d %H:%M %Z}, finished "
                  f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}.\n\nCommand: `python -m eval.bench_scale "
                  f"{' '.join(sys.argv[1:])}`\n\nCode: {code} at the start, {code_version()} at the end.\n\n"
                  f"Machine: {machine()}\n\n")
        args.out.write_text(header + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
