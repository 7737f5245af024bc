"""The postings cache on and off on one stand-in index, alternating in one process (session 58's table in
eval/bench_scale_results.md).

    python -m eval.bench_postings WORK_DIR [DOCS]

Builds DOCS (10,000) synthetic documents with the stand-in encoder as ``eval.bench_point`` does, then times
``eval.bench_point.ask_ms`` three times in each mode with a fresh row cache before each run. "Off" reads every
term's postings again (``RowCache.postings`` patched to load), as before the cache.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

from eval import bench_point
from rag.index.local import cache


def _read_again(self, terms, load, rows):
    return load(terms)


def main() -> None:
    work, docs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    point = bench_point.Point("standin", work, 0)
    point.ingest(docs)
    pipeline, texts, kept = point.pipeline, bench_point.questions(), cache.RowCache.postings
    runs: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
    for rep in range(3):
        for mode in ("off", "on") if rep % 2 == 0 else ("on", "off"):
            cache.RowCache.postings = kept if mode == "on" else _read_again
            snapshot = pipeline.backend._snapshot
            pipeline.backend._snapshot = dataclasses.replace(snapshot, cache=cache.RowCache(
                pipeline.backend.cache_chunks))
            wall, _ = bench_point.ask_ms(pipeline, texts)
            runs[mode].append((float(np.percentile(wall, 50)), float(np.percentile(wall, 95))))
    cache.RowCache.postings = kept
    pipeline.close()
    print("| run | without the postings cache, p50 (p95) | with it, p50 (p95) | ratio of p50 |")
    print("|---|---|---|---|")
    for rep, (off, on) in enumerate(zip(runs["off"], runs["on"], strict=True), 1):
        print(f"| {rep} | {off[0]:.1f} ms ({off[1]:.1f}) | {on[0]:.1f} ms ({on[1]:.1f}) | {on[0] / off[0]:.2f} |")


if __name__ == "__main__":
    main()
