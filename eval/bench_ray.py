"""Bulk embedding throughput: the single-process path against Ray Data on a local Ray instance, in one run.

``python -m eval.bench_ray [FOLDER…] [--cpus 2]`` takes the passage and sentence texts of the
folders (default: the sample corpus and eval/corpus/varied) that an empty index would embed, and
embeds them twice: in this process (rag.ingest.prepare's sorted batches, torch on every core),
then with ``map_batches`` on an actor pool of ``--cpus`` one-thread actors. The Ray figure counts
from handing over the texts to having every vector back: actor start-up and model loading
included, Ray's own start-up (``ray.init``) not. Also checks that both give the same vectors.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR, Settings
from rag.index import open_backend
from rag.ingest.prepare import embed_sorted
from rag.ingest.ray_embed import connect, embed_on_ray, texts_to_embed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_ray", description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", default=[str(SAMPLE_CORPUS_DIR), str(REPO_ROOT / "eval/corpus/varied")])
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="embed at most this many texts (0: all)")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)

    base = Settings()
    settings = base.model_copy(update={"data_dir": Path(tempfile.mkdtemp(prefix="rag-bench-ray-")),
                                       "model_dir": base.models_dir, "backend": "local"})
    backend = open_backend(settings)
    texts = texts_to_embed([Path(f) for f in args.folders], settings.chunker, backend, settings.max_upload_bytes)
    texts = texts[: args.limit] if args.limit else texts
    embedder = SentenceTransformerEmbedder(settings.embedding_model, settings.models_dir,
                                           batch_size=settings.embedding_batch_size)
    embedder.warm_up()
    embed_sorted(embedder, texts[:8], settings.embedding_batch_size)  # first-call costs out of the timing
    started = time.perf_counter()
    single = embed_sorted(embedder, texts, settings.embedding_batch_size)
    single_seconds = time.perf_counter() - started

    connect(None, num_cpus=args.cpus)
    vectors, run = embed_on_ray(texts, settings.embedding_model, settings.models_dir, embedder.dimension,
                                settings.embedding_batch_size, actors=args.cpus,
                                document_precision=settings.document_precision)
    difference = float(np.abs(vectors - single).max()) if len(texts) else 0.0
    figures = {"texts": len(texts), "single_process_seconds": round(single_seconds, 2),
               "single_process_texts_per_s": round(len(texts) / single_seconds, 2),
               "ray_seconds": round(run.seconds, 2), "ray_texts_per_s": round(run.per_second, 2),
               "ray_actors": run.actors, "ratio": round(single_seconds / run.seconds, 3),
               "max_abs_vector_difference": difference}
    print(f"{len(texts)} texts")
    print(f"single process: {single_seconds:7.1f}s  {figures['single_process_texts_per_s']:7.1f} texts/s")
    print(f"ray ({run.actors} actors): {run.seconds:7.1f}s  {figures['ray_texts_per_s']:7.1f} texts/s")
    print(f"ray / single-process throughput: {figures['ratio']:.3f} (target >= 0.85); "
          f"largest vector difference {difference:.2e}")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
