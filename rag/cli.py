"""The ``rag`` command: index, ask, serve."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path

from pydantic import ValidationError

from rag.config import SAMPLE_CORPUS_DIR, Settings
from rag.errors import RagError
from rag.pipeline import MAX_TOP_K, AskResult, QAPipeline


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"RAG_{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        raise RagError(f"invalid configuration: {problems}") from exc


def _cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    pipeline = QAPipeline(_settings())
    paths = [Path(p) for p in args.paths] or [SAMPLE_CORPUS_DIR]
    bar = tqdm(total=0, unit="text", desc="embedding", disable=args.quiet)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        report = pipeline.index_paths(paths, progress=progress, rebuild=args.rebuild)
    finally:
        bar.close()
    print(f"files: {report.summary()}")
    for doc in report.added + report.updated:
        state = "added" if doc in report.added else "updated"
        print(f"  {state} {doc.id}  {doc.file}  {doc.header.doc_number or ''}")
    for name, reason in report.refused:
        print(f"refused {name}: {reason}", file=sys.stderr)
    if report.build:
        b = report.build
        print(f"index: {b.documents} documents, {b.chunks} chunks, {b.sentences} sentences, {b.clauses} clauses "
              f"in {b.seconds:.1f}s ({b.embedded} texts embedded, the rest from cache); version {b.version}")
    else:
        print("index unchanged")
    pipeline.close()
    return 1 if report.refused and not (report.added or report.updated or report.unchanged) else 0


def _cmd_remove(args: argparse.Namespace) -> int:
    pipeline = QAPipeline(_settings())
    report = pipeline.remove_document(args.doc_id)
    print(f"removed {args.doc_id}; index: {report.build.documents} documents, {report.build.chunks} chunks")
    return 0


def _format_human(result: AskResult) -> str:
    lines = []
    if result.answer:
        lines += [f"Answer: {result.answer.text}", ""]
    else:
        lines += ["No answer found.", ""]
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
    pipeline = QAPipeline(_settings())
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
    import uvicorn

    from service.app import create_app

    settings = _settings()
    host = args.host or settings.host
    port = args.port or settings.port
    # Load (or build) before the server starts, so that a missing model or a mismatched index is one
    # clear message here rather than a traceback from inside the server's startup.
    pipeline = QAPipeline(settings)
    pipeline.warm_up(build_if_missing=True)
    try:
        uvicorn.run(create_app(settings, pipeline=pipeline), host=host, port=port, log_level="info")
    finally:
        pipeline.close()
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    import tempfile

    from eval.dataset import load_dataset
    from eval.report import compare, load_run, metrics_table
    from eval.runner import http_asker, in_process_asker, pipeline_config, run_questions, save_run

    dataset = load_dataset(Path(args.questions))
    name = args.name or f"{dataset.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    out_dir = Path(args.out) if args.out else Path("eval") / "runs" / name
    previous = load_run(Path(args.compare) if Path(args.compare).exists() else Path("eval") / "runs" / args.compare) \
        if args.compare else None
    pipeline = None
    if args.url:
        ask, config = http_asker(args.url), {"mode": "http", "url": args.url}
    else:
        settings = _settings()
        if dataset.beir_corpus:  # evaluate BEIR on an index of its own corpus, not on the configured one
            tmp = Path(tempfile.mkdtemp(prefix="rag-beir-"))
            for doc_id, doc in dataset.beir_corpus.items():
                (tmp / "corpus").mkdir(exist_ok=True)
                (tmp / "corpus" / f"{doc_id}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
            settings = settings.model_copy(update={"data_dir": tmp / "data", "model_dir": settings.models_dir})
            pipeline = QAPipeline(settings)
            pipeline.index_paths([tmp / "corpus"])  # an index of its own corpus, not the configured one
        else:
            pipeline = QAPipeline(settings)
            pipeline.warm_up()
        ask, config = in_process_asker(pipeline), pipeline_config(pipeline)
    config.update(questions=str(args.questions), top_k=args.top_k)
    judgements = run_questions(dataset, ask, args.top_k, progress=not args.quiet)
    results = save_run(judgements, out_dir, name, config)
    print(metrics_table(results["metrics"]))
    print(f"\nresults: {out_dir / 'results.json'}\nreport:  {out_dir / 'report.md'}")
    if previous:
        print()
        print(compare(results, previous))
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited question answering over official documents.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="add or update documents (default: the built-in sample corpus)")
    p.add_argument("paths", nargs="*", help="files or folders (.txt .md .html .docx .pdf); added or updated by content")
    p.add_argument("--rebuild", action="store_true", help="rebuild even if nothing changed (after a settings change)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_index)

    p = sub.add_parser("remove", help="remove a document and all its chunks")
    p.add_argument("doc_id", help="document id (see GET /documents)")
    p.set_defaults(func=_cmd_remove)

    p = sub.add_parser("ask", help="ask a question against the index")
    p.add_argument("question")
    p.add_argument("--top-k", type=_top_k, default=5)
    p.add_argument("--json", action="store_true", help="print the same JSON as POST /ask")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("eval", help="evaluate on a question set (JSONL or a BEIR folder)")
    p.add_argument("questions", help="JSONL question file or BEIR folder")
    p.add_argument("--url", help="evaluate a running server through POST /ask instead of in-process")
    p.add_argument("--top-k", type=_top_k, default=10)
    p.add_argument("--name", help="run name (default: dataset name and time)")
    p.add_argument("--out", help="output folder (default: eval/runs/NAME)")
    p.add_argument("--compare", help="an earlier run (name under eval/runs, folder or results.json)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("serve", help="serve HTTP (builds the index on first start)")
    p.add_argument("--host", default=None, help="default: RAG_HOST or 127.0.0.1")
    p.add_argument("--port", type=_port, default=None, help="default: RAG_PORT or 8000")
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", category=FutureWarning)
    try:
        return args.func(args)
    except RagError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
