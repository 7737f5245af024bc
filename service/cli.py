"""The ``rag`` command: index, ask, serve, eval. It sits beside the HTTP service, above the library."""

from __future__ import annotations

import os

# Before torch or FAISS load OpenMP: idle pool threads sleep instead of spinning, so the two cores
# are not fought over by waiting threads (several times slower requests when anything else runs).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import RagError
from rag.pipeline import MAX_TOP_K, AskResult, QAPipeline
from service import logs
from service.serving import serve, settings_from_environment


def _cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from rag.ingest import write_refusals

    settings = settings_from_environment()
    pipeline = QAPipeline(settings)
    paths = [Path(p) for p in args.paths] or ([] if args.rebuild else [SAMPLE_CORPUS_DIR])
    bar = tqdm(total=0, unit="doc", desc="indexing", disable=args.quiet, smoothing=0.1)
    started = time.perf_counter()
    try:
        if args.ray is not None:
            if args.rebuild:
                raise RagError("--ray and --rebuild do not go together: rebuild first, then index with --ray")
            try:
                from rag.ingest.ray_embed import index_on_ray
            except ImportError as exc:  # pragma: no cover - depends on the installed extras
                raise RagError(f"--ray needs ray: pip install '.[scale]' ({exc})") from exc
            report, ray_run = index_on_ray(pipeline, paths, args.ray or None, args.ray_actors, progress=bar.update,
                                           on_total=lambda n: bar.reset(total=n))
            print(f"ray: {ray_run.texts} texts embedded by {ray_run.actors} actors in {ray_run.seconds:.1f}s "
                  f"({ray_run.per_second:.1f} texts/s)")
        else:
            report = pipeline.index_paths(paths, progress=bar.update, on_total=lambda n: bar.reset(total=n),
                                          rebuild=args.rebuild)
    except KeyboardInterrupt:
        print("rag: interrupted; the batches committed so far are in the index: run the same command again to "
              "resume (committed documents are not embedded again)", file=sys.stderr)
        return 130
    finally:
        bar.close()
        pipeline.close()
    seconds = time.perf_counter() - started
    print(f"files: {report.summary()} in {seconds:.1f}s "
          f"({report.embedded} of {report.texts} texts embedded, the rest were already in the index)")
    for doc in (report.added + report.updated)[: args.list]:
        state = "added" if doc in report.added else "updated"
        print(f"  {state} {doc.id}  {doc.file}  {doc.header.doc_number or ''}")
    if report.refused:
        target = Path(args.report) if args.report else settings.data_dir / "last-index-refused.jsonl"
        write_refusals(report, target)
        for name, reason in report.refused[: args.list]:
            print(f"refused {name}: {reason}", file=sys.stderr)
        print(f"{len(report.refused)} refused file(s), with reasons: {target}", file=sys.stderr)
    if report.commit:
        c = report.commit
        print(f"index: {c.documents} documents, {c.chunks} chunks, {c.sentences} sentences; version {c.version}")
    else:
        print("index unchanged")
    return 1 if report.refused and not (report.added or report.updated or report.unchanged) else 0


def _cmd_remove(args: argparse.Namespace) -> int:
    pipeline = QAPipeline(settings_from_environment())
    report = pipeline.remove_document(args.doc_id)
    print(f"removed {args.doc_id}; index: {report.commit.documents} documents, {report.commit.chunks} chunks")
    pipeline.close()
    return 0


def _cmd_documents(args: argparse.Namespace) -> int:
    pipeline = QAPipeline(settings_from_environment())
    pipeline.warm_up()
    rows = pipeline.documents(args.offset, args.limit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for d in rows:
            print("\t".join(str(d[k] or "") for k in ("id", "doc_number", "date", "chunk_count", "title")))
        stats = pipeline.stats()
        print(f"{stats.documents} documents, {stats.chunks} chunks; version {stats.version}", file=sys.stderr)
    pipeline.close()
    return 0


def _cmd_compact(args: argparse.Namespace) -> int:
    pipeline = QAPipeline(settings_from_environment())
    pipeline.warm_up()
    merged = pipeline.compact(full=args.full)
    print("index compacted" if merged else "nothing to merge")
    pipeline.close()
    return 0


def _format_human(result: AskResult) -> str:
    lines = []
    if result.answer:
        lines += [f"Answer: {result.answer.text}", ""]
    else:
        why = result.no_answer_reason
        lines += [f"No answer found ({why.reason}: {why.detail})." if why else "No answer found.", ""]
    for rank, hit in enumerate(result.hits, 1):
        doc = result.documents[hit.chunk.doc_id]
        section = " > ".join(hit.chunk.section) or "(preamble)"
        lines.append(f"[{rank}] score {hit.score:.3f}  {doc['title'] or doc['file']}  {doc['doc_number'] or ''}")
        lines.append(f"    section: {section}")
        lines.append(f"    {doc['file']} chars {hit.chunk.char_start}-{hit.chunk.char_end}")
        lines.append(f"    {hit.chunk.text}")
        lines.append("")
    return "\n".join(lines).rstrip()


def _cmd_ask(args: argparse.Namespace) -> int:
    pipeline = QAPipeline(settings_from_environment())
    pipeline.warm_up()
    result = pipeline.ask(args.question, args.top_k)
    if args.json:
        from service.schemas import AskResponse

        print(json.dumps(AskResponse.from_result(result).model_dump(), ensure_ascii=False, indent=2))
    else:
        print(_format_human(result))
    pipeline.close()
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    if args.workers:
        os.environ["RAG_WORKERS"] = str(args.workers)  # worker processes read their settings from the environment
    return serve(settings_from_environment(), args.host, args.port)


def _eval_pipeline(args: argparse.Namespace, beir_corpus: dict) -> QAPipeline:
    """The pipeline to evaluate: the configured index, or a fresh one of the sample corpus plus ``--corpus``
    folders (or of a BEIR folder's own corpus), built in a temporary data folder with the configured model."""
    import tempfile

    settings = settings_from_environment()
    if not args.corpus and not beir_corpus:
        pipeline = QAPipeline(settings)
        pipeline.warm_up()
        return pipeline
    tmp = Path(tempfile.mkdtemp(prefix="rag-eval-"))
    folders = [SAMPLE_CORPUS_DIR, *map(Path, args.corpus)]
    if beir_corpus:
        folders = [tmp / "corpus"]
        folders[0].mkdir()
        for doc_id, doc in beir_corpus.items():
            (folders[0] / f"{doc_id}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
    settings = settings.model_copy(update={"data_dir": tmp / "data", "model_dir": settings.models_dir})
    pipeline = QAPipeline(settings)
    pipeline.index_paths(folders)
    return pipeline


def _cmd_eval(args: argparse.Namespace) -> int:
    from eval.dataset import load_dataset
    from eval.report import compare, earlier_run, held_out, load_run, metrics_table
    from eval.runner import http_asker, in_process_asker, pipeline_config, run_in_processes, run_questions, save_run

    if args.url and args.workers > 1:
        raise RagError("--workers applies to an in-process evaluation; with --url, the server's own workers answer")
    datasets = [load_dataset(Path(q)) for q in args.questions]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    pipeline = None
    if args.url:
        ask, config = http_asker(args.url), {"mode": "http", "url": args.url}
    else:
        beir = next((d.beir_corpus for d in datasets if d.beir_corpus), {})
        pipeline = _eval_pipeline(args, beir)
        config = pipeline_config(pipeline) | {"corpus": args.corpus, "workers": args.workers}
        ask = in_process_asker(pipeline)
    answered = run_in_processes(datasets, pipeline.settings, args.top_k, args.workers) if args.workers > 1 else None
    for n, (questions, dataset) in enumerate(zip(args.questions, datasets, strict=True)):
        name = args.name or f"{dataset.name}-{stamp}"
        if len(datasets) > 1:
            name = f"{name}-{dataset.name}" if args.name else name
        out_dir = Path(args.out) / dataset.name if args.out and len(datasets) > 1 else \
            Path(args.out) if args.out else Path("eval") / "runs" / name
        judgements = answered[n] if answered else run_questions(dataset, ask, args.top_k, progress=not args.quiet)
        results = save_run(judgements, out_dir, name, config | {"questions": str(questions), "top_k": args.top_k},
                           per_question=not held_out(dataset.name))
        print(f"\n== {dataset.name} ({len(dataset.questions)} questions)")
        print(metrics_table(results["metrics"]))
        print(f"results: {out_dir / 'results.json'}\nreport:  {out_dir / 'report.md'}")
        if args.compare:
            earlier = earlier_run(args.compare, dataset.name, several=len(datasets) > 1)
            print()
            if earlier is not None:
                print(compare(results, load_run(earlier), per_question=not held_out(dataset.name)))
            else:  # a set the earlier run did not have: the others still compare
                print(f"No earlier run of {dataset.name} in {args.compare} to compare with.")
    if pipeline:
        pipeline.close()
    return 0


def _top_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--top-k must be an integer, got {value!r}") from None
    if not 1 <= k <= MAX_TOP_K:
        raise argparse.ArgumentTypeError(f"--top-k must be from 1 to {MAX_TOP_K}, got {k}")
    return k


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be from 1 to 65535, got {value!r}")
    return int(value)


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"--workers must be from 1 to 64, got {value!r}")
    return int(value)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("official-docs-rag")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited question answering over official documents.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="add or update documents (default: the built-in sample corpus)")
    p.add_argument("paths", nargs="*", help="files or folders (.txt .md .html .docx .pdf); added or updated by content")
    p.add_argument("--rebuild", action="store_true",
                   help="re-index every stored document into a new index (after a change of model or chunker)")
    p.add_argument("--report", help="where to write the refused files (default: DATA_DIR/last-index-refused.jsonl)")
    p.add_argument("--list", type=int, default=50, help="how many added and refused files to print (default 50)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                   help="embed on a Ray cluster (ADDRESS, or 'auto'; none: a local Ray on this machine's CPUs); "
                        "needs the scale extra")
    p.add_argument("--ray-actors", type=int, default=None, help="embedding actors (default: one per CPU)")
    p.set_defaults(func=_cmd_index)

    p = sub.add_parser("documents", help="list the indexed documents (id, 文号, date, chunks, title)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_documents)

    p = sub.add_parser("compact", help="merge the index's small segments now (also done after each rag index)")
    p.add_argument("--full", action="store_true",
                   help="merge everything into one segment, then give back the database's free room (VACUUM)")
    p.set_defaults(func=_cmd_compact)

    p = sub.add_parser("remove", help="remove a document and all its chunks")
    p.add_argument("doc_id", help="document id (see GET /documents)")
    p.set_defaults(func=_cmd_remove)

    p = sub.add_parser("ask", help="ask a question against the index")
    p.add_argument("question")
    p.add_argument("--top-k", type=_top_k, default=5)
    p.add_argument("--json", action="store_true", help="print the same JSON as POST /ask")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("eval", help="evaluate on question sets (JSONL or a BEIR folder), one table per set")
    p.add_argument("questions", nargs="+", help="JSONL question files (splits) or a BEIR folder")
    p.add_argument("--corpus", action="append", default=[],
                   help="evaluate on a fresh index of the sample corpus plus this folder (repeatable)")
    p.add_argument("--url", help="evaluate a running server through POST /ask instead of in-process")
    p.add_argument("--top-k", type=_top_k, default=10)
    p.add_argument("--name", help="run name (default: dataset name and time)")
    p.add_argument("--out", help="output folder (default: eval/runs/NAME)")
    p.add_argument("--compare", help="an earlier run (name under eval/runs, folder or results.json; with several "
                                     "sets, a folder holding one sub-folder per set)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_workers, default=1,
                   help="processes that answer the questions, each with its own pipeline on the index (in-process "
                        "only; default 1). Answering is mostly one core's Python: use one per core")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("serve", help="serve HTTP (builds the index on first start)")
    p.add_argument("--host", default=None, help="default: RAG_HOST or 127.0.0.1")
    p.add_argument("--port", type=_port, default=None, help="default: RAG_PORT or 8000")
    p.add_argument("--workers", type=_workers, default=None, help="serving processes; default: RAG_WORKERS or 1")
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    try:
        logs.configure(settings_from_environment().log_level)
        return args.func(args)
    except RagError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
