"""Ingest benchmark: documents/s and chunks/s per format, and recovery time after a kill -9.

    python -m eval.bench_ingest

Each format gets the five sample documents converted to it (txt, GB18030 txt, html, docx, pdf)
and a fresh data folder *and* embedding cache, so the figures include embedding. The model
is loaded once beforehand and not counted. Recovery: an ingest is killed with SIGKILL after
it has written a new version but before publishing it; the time is what a restarting server
spends on the index (debris removal, load and consistency check), model load excluded.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR, Settings
from rag.pipeline import QAPipeline

RAG = str(Path(sys.executable).parent / "rag")
MODELS = REPO_ROOT / "data" / "models"


def _html(text: str) -> bytes:
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    page = (f"<html><head><meta charset='utf-8'><title>答复</title></head><body><nav>首页 | 政务公开</nav>"
            f"<div class='article'>{body}</div><footer>版权所有 吉林省科学技术厅</footer></body></html>")
    return page.encode("utf-8")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    _, height = A4
    y, size, per_line = height - 60, 11, 40
    for line in text.splitlines():
        line = line.strip()
        pieces = [line[i : i + per_line] for i in range(0, len(line), per_line)] or [""]
        for n, piece in enumerate(pieces):
            if y < 60:
                page.showPage()
                y = height - 60
            page.setFont("STSong-Light", size)
            page.drawString(60 + (22 if n == 0 and piece else 0), y, piece)
            y -= size * 1.6
        y -= size * 0.8
    page.save()
    return out.getvalue()


FORMATS = {
    "txt": (".txt", lambda text: text.encode("utf-8")),
    "gb18030-txt": (".txt", lambda text: text.encode("gb18030")),  # GBK cannot encode the \xa0 in 001
    "html": (".html", _html),
    "docx": (".docx", _docx),
    "pdf": (".pdf", _pdf),
}


def _settings(root: Path) -> Settings:
    return Settings(_env_file=None, data_dir=root / "data", model_dir=MODELS)


def main() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))}
    embedder = QAPipeline(_settings(Path(tempfile.mkdtemp()))).embedder
    embedder.warm_up()
    for name, (suffix, convert) in FORMATS.items():
        root = Path(tempfile.mkdtemp(prefix=f"rag-ingest-{name}-"))
        folder = root / "corpus"
        folder.mkdir()
        for stem, text in texts.items():
            (folder / f"{stem}{suffix}").write_bytes(convert(text))
        pipeline = QAPipeline(_settings(root), embedder=embedder)
        started = time.perf_counter()
        report = pipeline.index_paths([folder])
        seconds = time.perf_counter() - started
        commit = report.commit
        print(f"{name:8s} {len(report.added)} docs, {commit.chunks} chunks, {report.embedded} texts embedded in "
              f"{seconds:.1f}s: {len(report.added) / seconds:.2f} docs/s, {commit.chunks / seconds:.1f} chunks/s"
              + (f" (refused: {report.refused})" if report.refused else ""))
        pipeline.close()
    _recovery()


def _recovery() -> None:
    root = Path(tempfile.mkdtemp(prefix="rag-recovery-"))
    settings = _settings(root)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_DATA_DIR=str(settings.data_dir), RAG_MODEL_DIR=str(MODELS), PYTHONUNBUFFERED="1")
    subprocess.run([RAG, "index", str(SAMPLE_CORPUS_DIR / "000_0bd37d7d743fadf3.txt"), "--quiet"], env=env,
                   check=True, capture_output=True)
    process = subprocess.Popen([RAG, "index", str(SAMPLE_CORPUS_DIR), "--quiet"],
                               env=env | {"RAG_INGEST_PAUSE_AT": "segment-written"}, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if "paused at" in line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    pipeline = QAPipeline(settings)
    pipeline.embedder.warm_up()  # model load is not part of the recovery
    started = time.perf_counter()
    removed = pipeline.backend.recover()
    pipeline.backend.open(pipeline.manifest())
    seconds = time.perf_counter() - started
    print(f"recovery after kill -9 mid-ingest: {seconds * 1000:.0f} ms (removed {len(removed)} unregistered "
          f"segment file(s); serving {pipeline.stats().documents} document(s), the state before the ingest)")


if __name__ == "__main__":
    main()
