"""Changing the corpus over HTTP and the CLI: formats, upload/update/delete, bad input, and crashes."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.config import SAMPLE_CORPUS_DIR
from rag.pipeline import QAPipeline
from service.app import create_app

from .conftest import make_settings
from .test_cli import RAG, _env
from .test_formats import sample_docx, sample_pdf, zip_bytes
from .test_index import _chunk_ids

SAMPLE = SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt"
HTML = Path(__file__).parent / "fixtures" / "formats" / "kjt_jl_gov_cn_003.html"
QUESTION = "概念验证花了多少钱？"
SECTION = ["二、关于“加快概念验证中心建设，促进科研人员踏出科技成果转化的‘关键一步’”的建议。"]


@pytest.fixture
def fresh(tmp_path, embedder, writer):
    """A server on an index of two sample documents, in a data folder of its own."""
    # No rate limit: a test that asks in a loop while an ingest runs would otherwise meet the 429 of the
    # 121st question in a minute once answers are fast (rate limits are tested in test_security.py).
    settings = make_settings(tmp_path / "data", max_upload_mb=1, rate_limit_per_minute=0)
    pipeline = QAPipeline(settings, embedder=embedder)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_0bd37d7d743fadf3.txt", "001_472a90031f177f14.txt"):
        (corpus / name).write_bytes((SAMPLE_CORPUS_DIR / name).read_bytes())
    pipeline.index_paths([corpus])
    with TestClient(create_app(settings, pipeline=pipeline, writer=writer), raise_server_exceptions=False) as client:
        yield settings, pipeline, client
    pipeline.close()


def _version(pipeline) -> str:
    return pipeline.stats().version


def _concept_passage(client, filters_doc: str) -> dict:
    only = {"conditions": [{"name": "id", "comparison_operator": "is", "value": filters_doc}]}
    body = client.post("/ask", json={"question": QUESTION, "top_k": 3, "filters": only}).json()
    return next(p for p in body["passages"] if "近400万元" in p["text"])


FORMATS = {
    "003.txt": lambda: SAMPLE.read_bytes(),
    "003-gbk.txt": lambda: SAMPLE.read_text(encoding="utf-8").encode("gbk"),
    "003.docx": sample_docx,
    "003.pdf": sample_pdf,
    "003.html": lambda: HTML.read_bytes(),
}


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_gives_the_same_cited_passage(fresh, name):
    _settings, _pipeline, client = fresh
    response = client.post("/documents", files=[("files", (name, FORMATS[name](), "application/octet-stream"))])
    assert response.status_code == 201, response.text
    entry = response.json()["documents"][0]
    assert entry["status"] == "added" and entry["doc_number"] == "吉科发成〔2024〕87号"
    assert entry["date"] == "2024-05-29" and entry["chunk_count"] > 5
    passage = _concept_passage(client, entry["id"])
    assert passage["section"] == SECTION
    assert "共支持8个项目，近400万元" in passage["text"]
    text = client.get(f"/documents/{entry['id']}").json()["text"]
    assert text[passage["char_start"] : passage["char_end"]] == passage["text"]


def test_upload_update_delete_and_no_op(fresh, tmp_path):
    _, pipeline, client = fresh
    original = SAMPLE.read_bytes()
    first = client.post("/documents", files=[("files", ("采购答复.txt", original, "text/plain"))]).json()
    doc_id = first["documents"][0]["id"]
    assert doc_id.startswith("doc-")  # Chinese file names get a stable hashed id
    version = _version(pipeline)

    again = client.post("/documents", files=[("files", ("采购答复.txt", original, "text/plain"))])
    assert again.status_code == 201 and again.json()["documents"][0]["status"] == "unchanged"
    assert again.json()["index_version"] is None and _version(pipeline) == version

    ids_before = _chunk_ids(pipeline, doc_id)
    changed = original.decode("utf-8").replace("近400万元", "近500万元").encode("utf-8")
    put = client.put(f"/documents/{doc_id}", files={"file": ("新版本.txt", changed, "text/plain")})
    assert put.status_code == 200 and put.json()["documents"][0]["status"] == "updated"
    ids_after = _chunk_ids(pipeline, doc_id)
    assert len(ids_before - ids_after) <= 2 and len(ids_before & ids_after) > 5  # only the edited chunk changed
    assert "近500万元" in _concept_passage_text(client, doc_id)

    assert client.delete(f"/documents/{doc_id}").status_code == 200
    assert client.get(f"/documents/{doc_id}").status_code == 404
    assert not _chunk_ids(pipeline, doc_id)
    assert client.delete(f"/documents/{doc_id}").status_code == 404
    assert client.put("/documents/nope", files={"file": ("a.txt", original, "text/plain")}).status_code == 404


def _concept_passage_text(client, doc_id: str) -> str:
    only = {"conditions": [{"name": "id", "comparison_operator": "is", "value": doc_id}]}
    body = client.post("/ask", json={"question": QUESTION, "top_k": 3, "filters": only}).json()
    return " ".join(p["text"] for p in body["passages"])


BAD_UPLOADS = {
    "empty file": [("empty.txt", b"")],
    "over the size limit": [("big.txt", ("吉林省科学技术厅。" * 80_000).encode("utf-8"))],
    "path in the name": [("../../etc/evil.txt", SAMPLE.read_bytes())],
    "zip bomb as docx": [("bomb.docx", zip_bytes({"word/document.xml": b"\0" * (60 * 1024 * 1024)}))],
    "malformed pdf": [("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")],
    "same file twice": [("a.txt", SAMPLE.read_bytes()), ("a.txt", SAMPLE.read_bytes())],
    "unknown encoding": [("sjis.txt", "東京都の科学技術振興について".encode("shift_jis") * 20)],
    "one bad among good": [("good.txt", SAMPLE.read_bytes()), ("bad.pdf", b"not a pdf")],
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_uploads_are_refused_and_change_nothing(fresh, case):
    _, pipeline, client = fresh
    version, docs = _version(pipeline), {d["id"] for d in client.get("/documents").json()}
    files = [("files", (name, data, "application/octet-stream")) for name, data in BAD_UPLOADS[case]]
    response = client.post("/documents", files=files)
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert body["error"] in ("bad_document", "payload_too_large") and body["message"]
    assert "Traceback" not in response.text
    assert _version(pipeline) == version
    assert {d["id"] for d in client.get("/documents").json()} == docs


def test_chinese_file_names_are_fine(fresh):
    _, _, client = fresh
    upload = ("关于概念验证的答复.txt", SAMPLE.read_bytes(), "text/plain")
    response = client.post("/documents", files=[("files", upload)])
    assert response.status_code == 201
    assert response.json()["documents"][0]["file"] == "关于概念验证的答复.txt"


def test_cli_summary_with_refusals_and_remove(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "letter.txt").write_bytes(SAMPLE.read_bytes())
    (corpus / "letter-copy.docx").write_bytes(sample_docx())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "garbage.pdf").write_bytes(os.urandom(2048))
    env = _env(tmp_path / "data")
    result = subprocess.run([RAG, "index", str(corpus), "--quiet"], env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert "2 added, 0 updated, 0 unchanged, 0 removed, 2 refused" in result.stdout
    assert "empty.txt" in result.stderr and "garbage.pdf" in result.stderr and "Traceback" not in result.stderr
    again = subprocess.run([RAG, "index", str(corpus / "letter.txt"), "--quiet"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert "0 added, 0 updated, 1 unchanged" in again.stdout and "index unchanged" in again.stdout
    removed = subprocess.run([RAG, "remove", "letter"], env=env, capture_output=True, text=True, timeout=600)
    assert removed.returncode == 0 and "removed letter" in removed.stdout
    missing = subprocess.run([RAG, "remove", "letter"], env=env, capture_output=True, text=True, timeout=600)
    assert missing.returncode == 2 and "no document with id 'letter'" in missing.stderr


def test_queries_are_answered_from_the_old_version_while_an_ingest_runs(fresh):
    _, pipeline, client = fresh
    before = {d["id"] for d in client.get("/documents").json()}
    done = threading.Event()
    outcome: dict = {}

    def ingest() -> None:
        try:
            outcome["report"] = pipeline.add_files([("letter.txt", SAMPLE.read_bytes())])
        finally:
            done.set()

    worker = threading.Thread(target=ingest)
    worker.start()
    answered = 0
    while not done.is_set() or answered == 0:
        response = client.post("/ask", json={"question": "高新技术企业有多少户？", "top_k": 3})
        assert response.status_code == 200
        docs = {p["doc"]["id"] for p in response.json()["passages"]}
        assert docs <= before | {"letter"}  # one version or the other, whole
        answered += 1
    worker.join()
    assert answered >= 1 and [d.id for d in outcome["report"].added] == ["letter"]
    assert "letter" in {d["id"] for d in client.get("/documents").json()}


def test_server_follows_changes_made_by_the_cli(fresh, tmp_path):
    """`rag index` and `rag remove` in another process: the running server answers from the new version at once."""
    settings, _, client = fresh
    before = client.get("/healthz").json()["index_version"]
    env = _env(settings.data_dir)
    added = subprocess.run([RAG, "index", str(SAMPLE), "--quiet"], env=env, capture_output=True, text=True,
                           timeout=600)
    assert added.returncode == 0, added.stderr
    health = client.get("/healthz").json()
    assert health["index_version"] != before and health["documents"] == 3
    body = client.post("/ask", json={"question": QUESTION, "top_k": 3}).json()
    # Two documents state 近400万元 (the reply on 000's proposal too); the one just added must be served at once.
    assert body["answer"]["text"] == "近400万元"
    assert "003_c810537c447ba574" in {p["doc"]["id"] for p in body["passages"]}
    removed = subprocess.run([RAG, "remove", "003_c810537c447ba574"], env=env, capture_output=True, text=True,
                             timeout=600)
    assert removed.returncode == 0, removed.stderr
    assert client.get("/healthz").json()["documents"] == 2
    assert all(p["doc"]["id"] != "003_c810537c447ba574"
               for p in client.post("/ask", json={"question": QUESTION, "top_k": 5}).json()["passages"])


def test_a_file_read_under_older_rules_is_read_again_without_embedding_again(fresh, tmp_path, monkeypatch):
    _, pipeline, _ = fresh
    corpus = tmp_path / "corpus"
    unchanged = pipeline.index_paths([corpus])
    assert len(unchanged.unchanged) == 2 and not unchanged.updated
    monkeypatch.setattr("rag.documents.parse.READING_RULES", "a later version")
    again = pipeline.index_paths([corpus])
    assert len(again.updated) == 2 and again.embedded == 0  # the same passages: their vectors are kept
    assert not pipeline.index_paths([corpus]).updated
