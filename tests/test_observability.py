"""Request ids, JSON access logs, Prometheus metrics and ?debug=1 timings (service/observability.py)."""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.observability import observe_ask

from .conftest import make_settings

STAGES = {"embed", "retrieve", "answer", "total"}


@pytest.fixture
def make_client(settings, pipeline):
    def build(**overrides) -> TestClient:
        app = create_app(make_settings(settings.data_dir, **overrides), pipeline=pipeline)
        return TestClient(app, raise_server_exceptions=False)

    return build


@pytest.fixture
def client(make_client):
    """A fresh app per test, so that its metrics start from zero."""
    with make_client() as client:
        yield client


ACCESS_FIELDS = ("request_id", "method", "route", "path", "status", "duration_ms", "client", "key", "subject")


def access_lines(caplog) -> list[dict]:
    return [{f: getattr(r, f) for f in ACCESS_FIELDS} for r in caplog.records if r.name == "rag.access"]


def sample(metrics_text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus text format, or None when absent."""
    for line in metrics_text.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if found == labels:
            return float(match.group(3))
    return None


# -- request ids -------------------------------------------------------------------------------
def test_request_id_is_echoed_when_sane(client):
    assert client.get("/healthz", headers={"X-Request-ID": "portal-42.a_b"}).headers["x-request-id"] == "portal-42.a_b"


@pytest.mark.parametrize("incoming", [None, "", "x" * 65, "bad id", "id;drop", "中文"])
def test_request_id_is_generated_otherwise(client, incoming):
    headers = {} if incoming is None else {"X-Request-ID": incoming.encode()}
    returned = client.get("/healthz", headers=headers).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", returned)


def test_request_ids_differ_and_mark_errors_too(make_client):
    with make_client(api_keys="k:secret-key-1") as client:
        first, second = client.get("/documents"), client.get("/nowhere")
        assert first.status_code == 401 and second.status_code == 401
        assert first.headers["x-request-id"] != second.headers["x-request-id"]


# -- access log --------------------------------------------------------------------------------
def test_one_json_access_line_per_request(make_client, caplog):
    caplog.set_level(logging.INFO, logger="rag.access")
    with make_client(api_keys="portal:secret-key-1") as client:
        caplog.clear()
        ok = client.get("/documents/000_0bd37d7d743fadf3", headers={"Authorization": "Bearer secret-key-1",
                                                                   "X-Request-ID": "req-1"})
        assert ok.status_code == 200
        client.get("/documents", headers={"Authorization": "Bearer wrong"})
    lines = access_lines(caplog)
    assert len(lines) == 2
    first, second = lines
    assert first["request_id"] == "req-1"
    assert first["method"] == "GET"
    assert first["route"] == "/documents/{doc_id}"
    assert first["status"] == 200
    assert first["key"] == "portal"
    assert first["client"] == "testclient"
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert second["status"] == 401 and second["key"] is None and second["route"] == "/documents"
    assert "secret-key-1" not in caplog.text and "wrong" not in caplog.text


def test_access_log_names_the_token_subject(make_client, caplog):
    caplog.set_level(logging.INFO, logger="rag.access")
    with make_client(api_keys="portal:secret-key-1") as client:
        minted = client.post("/auth/token", json={"user": "li.si", "origin": "http://testserver"},
                             headers={"Authorization": "Bearer secret-key-1"})
        caplog.clear()
        client.post("/ask", json={"question": "概念验证", "top_k": 1},
                    headers={"Authorization": f"Bearer {minted.json()['token']}", "Origin": "http://testserver"})
    (line,) = access_lines(caplog)
    assert (line["key"], line["subject"]) == ("portal", "li.si")
    assert minted.json()["token"] not in caplog.text


# -- metrics -----------------------------------------------------------------------------------
def test_metrics_after_a_few_questions(client):
    for question in ("概念验证花了多少钱？", "How much was spent on concept verification?", "高新技术企业数量"):
        assert client.post("/ask", json={"question": question}).status_code == 200
    client.get("/documents/000_0bd37d7d743fadf3")
    client.get("/documents/no-such-doc")
    client.get("/no/such/path")
    client.post("/ask", json={})

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert sample(text, "rag_http_requests_total", method="POST", route="/ask", status="200") == 3
    assert sample(text, "rag_http_requests_total", method="POST", route="/ask", status="422") == 1
    assert sample(text, "rag_http_requests_total", method="GET", route="/documents/{doc_id}", status="200") == 1
    assert sample(text, "rag_http_requests_total", method="GET", route="/documents/{doc_id}", status="404") == 1
    assert sample(text, "rag_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert "no-such-doc" not in text  # labels are route templates, never raw paths
    for stage in STAGES:
        assert sample(text, "rag_pipeline_stage_seconds_count", stage=stage) == 3
        assert sample(text, "rag_pipeline_stage_seconds_bucket", stage=stage, le="+Inf") == 3
    assert sample(text, "rag_http_request_duration_seconds_count", method="POST", route="/ask") == 4
    assert (sample(text, "rag_answers_total", outcome="answered") or 0) + (
        sample(text, "rag_answers_total", outcome="no_answer") or 0) == 3


def test_each_app_has_its_own_registry(make_client):
    with make_client() as first, make_client() as second:
        first.post("/ask", json={"question": "概念验证花了多少钱？"})
        assert sample(second.get("/metrics").text, "rag_pipeline_stage_seconds_count", stage="total") is None
        assert sample(first.get("/metrics").text, "rag_pipeline_stage_seconds_count", stage="total") == 1


def test_observe_ask_without_metrics_is_a_no_op(pipeline):
    bare_request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace()))
    observe_ask(bare_request, pipeline.ask("概念验证花了多少钱？"))


# -- debug timings -----------------------------------------------------------------------------
def test_debug_adds_timings(client):
    plain = client.post("/ask", json={"question": "概念验证花了多少钱？"}).json()
    assert plain.get("timings_ms") is None
    debug = client.post("/ask?debug=1", json={"question": "概念验证花了多少钱？"}).json()
    timings = debug["timings_ms"]
    assert set(timings) >= STAGES
    assert all(isinstance(v, float) and v >= 0 for v in timings.values())
    assert timings["total"] >= timings["retrieve"]
    assert [p["id"] for p in debug["passages"]] == [p["id"] for p in plain["passages"]]
    assert client.post("/ask?debug=0", json={"question": "概念验证花了多少钱？"}).json().get("timings_ms") is None
