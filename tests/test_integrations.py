"""The OpenAI-compatible API (driven by the real ``openai`` client), Dify's retrieval API, and LLM replies."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from rag.answer.generation import drop_invented_citations
from service.app import create_app

from .conftest import make_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, pipeline):
    """The real app on a loopback port, with API keys on."""
    settings = make_settings(tmp_path_factory.mktemp("live"), api_keys="portal:sk-test-123")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, pipeline=pipeline), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_openai_client_non_streaming(live_server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{live_server}/v1", api_key="sk-test-123")
    assert [m.id for m in client.models.list().data] == ["official-docs-rag"]
    completion = client.chat.completions.create(
        model="official-docs-rag", messages=[{"role": "user", "content": "概念验证花了多少钱？"}]
    )
    content = completion.choices[0].message.content
    assert "近400万元" in content and "[1]" in content and "来源：" in content
    citations = completion.model_extra["citations"]
    assert citations and any("近400万元" in c["text"] for c in citations)
    assert completion.usage.total_tokens > 0


def test_openai_client_streaming_with_history(live_server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{live_server}/v1", api_key="sk-test-123")
    stream = client.chat.completions.create(
        model="official-docs-rag",
        stream=True,
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "How much was spent on concept verification?"},
            {"role": "assistant", "content": "Answer: 近400万元 [1]"},
            {"role": "user", "content": "how many projects was that?"},
        ],
    )
    pieces, finish, citations = [], None, None
    for chunk in stream:
        choice = chunk.choices[0]
        if choice.delta.content:
            pieces.append(choice.delta.content)
        if choice.finish_reason:
            finish, citations = choice.finish_reason, chunk.model_extra.get("citations")
    text = "".join(pieces)
    assert finish == "stop" and "8个" in text and "Sources:" in text
    assert citations and any("8个项目" in c["text"] for c in citations)


def test_openai_client_with_a_wrong_key_gets_401(live_server):
    from openai import AuthenticationError, OpenAI

    client = OpenAI(base_url=f"{live_server}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(AuthenticationError):
        client.chat.completions.create(model="x", messages=[{"role": "user", "content": "概念验证"}])


def test_openai_client_shows_the_servers_own_messages(live_server):
    """OpenAI's error shape: the client shows the message for a bad request and an unknown model."""
    from openai import BadRequestError, NotFoundError, OpenAI

    client = OpenAI(base_url=f"{live_server}/v1", api_key="sk-test-123", max_retries=0)
    with pytest.raises(NotFoundError) as unknown:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "概念验证"}])
    assert unknown.value.code == "model_not_found" and "gpt-4o" in unknown.value.message
    assert "does not exist" in str(unknown.value)
    with pytest.raises(BadRequestError) as bad:
        client.chat.completions.create(model="official-docs-rag", messages=[{"role": "assistant", "content": "hi"}])
    assert "the last message must be a non-empty user message" in str(bad.value)
    with pytest.raises(BadRequestError) as long:
        client.chat.completions.create(model="official-docs-rag", messages=[{"role": "user", "content": "问" * 2001}])
    assert "at most 2000 characters" in str(long.value)
    assert client.models.retrieve("official-docs-rag").id == "official-docs-rag"
    with pytest.raises(NotFoundError, match="does not exist"):
        client.models.retrieve("gpt-4o")


def test_openai_lone_surrogate_is_a_clear_error_not_a_500(live_server):
    body = '{"model": "official-docs-rag", "messages": [{"role": "user", "content": "\\ud800 hi"}]}'
    response = httpx.post(f"{live_server}/v1/chat/completions", content=body, timeout=30,
                          headers={"Authorization": "Bearer sk-test-123", "Content-Type": "application/json"})
    assert response.status_code == 400 and "lone surrogate" in response.json()["error"]["message"]
    for path, payload in (("/ask", '{"question": "\\ud800 hi"}'),
                          ("/chat", '{"messages": [{"role": "user", "content": "\\ud800"}]}')):
        answer = httpx.post(f"{live_server}{path}", content=payload, timeout=30,
                            headers={"Authorization": "Bearer sk-test-123", "Content-Type": "application/json"})
        assert answer.status_code == 422, path


def test_openai_stream_ends_with_usage_when_asked(live_server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{live_server}/v1", api_key="sk-test-123")
    chunks = list(client.chat.completions.create(
        model="official-docs-rag", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "概念验证花了多少钱？"}]))
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > chunks[-1].usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])


DIFY_BODY = {
    "knowledge_id": "official-docs",
    "query": "概念验证花了多少钱？",
    "retrieval_setting": {"top_k": 3, "score_threshold": 0.2},
}


@pytest.fixture(scope="module")
def dify_client(tmp_path_factory, pipeline):
    settings = make_settings(tmp_path_factory.mktemp("dify"), api_keys="dify:dify-secret")
    with TestClient(create_app(settings, pipeline=pipeline)) as client:
        yield client


def test_dify_retrieval_shape(dify_client):
    response = dify_client.post("/retrieval", json=DIFY_BODY, headers={"Authorization": "Bearer dify-secret"})
    assert response.status_code == 200
    records = response.json()["records"]
    assert 1 <= len(records) <= 3
    for record in records:
        assert set(record) == {"content", "score", "title", "metadata"}
        assert isinstance(record["metadata"], dict) and 0.2 <= record["score"] <= 1
        assert record["metadata"]["doc_number"] and record["metadata"]["file"].endswith(".txt")
    assert any("近400万元" in r["content"] for r in records)
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True)


def test_dify_metadata_condition(dify_client):
    body = DIFY_BODY | {"metadata_condition": {"logical_operator": "and", "conditions": [
        {"name": "doc_number", "comparison_operator": "start with", "value": "吉科发成"},
        {"name": "date", "comparison_operator": "after", "value": "2024-01-01"}]}}
    auth = {"Authorization": "Bearer dify-secret"}
    records = dify_client.post("/retrieval", json=body, headers=auth).json()["records"]
    assert records and {r["metadata"]["doc_number"] for r in records} == {"吉科发成〔2024〕87号"}
    none = DIFY_BODY | {"metadata_condition": {"conditions": [
        {"name": "issuer", "comparison_operator": "is", "value": "某某局"}]}}
    assert dify_client.post("/retrieval", json=none, headers={"Authorization": "Bearer dify-secret"}).json() == {
        "records": []}


def test_dify_threshold_filters_records(dify_client):
    body = DIFY_BODY | {"retrieval_setting": {"top_k": 5, "score_threshold": 1.0}}
    assert dify_client.post("/retrieval", json=body, headers={"Authorization": "Bearer dify-secret"}).json() == {
        "records": []}


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 403, 1001),
        ({"Authorization": "dify-secret"}, 403, 1001),
        ({"Authorization": "Basic abc"}, 403, 1001),
        ({"Authorization": "Bearer nope"}, 403, 1002),
    ],
)
def test_dify_auth_errors(dify_client, headers, status, code):
    response = dify_client.post("/retrieval", json=DIFY_BODY, headers=headers)
    assert response.status_code == status
    assert response.json()["error_code"] == code and response.json()["error_msg"]


def test_dify_unknown_knowledge_base(dify_client):
    response = dify_client.post("/retrieval", json=DIFY_BODY | {"knowledge_id": "nope"},
                                headers={"Authorization": "Bearer dify-secret"})
    assert response.status_code == 404 and response.json()["error_code"] == 2001


class _FakeLLM(BaseHTTPRequestHandler):
    """A stand-in for an OpenAI-compatible LLM server (the LLM is outside the project)."""

    requests: ClassVar[list[dict]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.requests.append(body)
        prompt = body["messages"][-1]["content"]
        figure = "近400万元" if "近400万元" in prompt else "不详"
        reply = f"2023年概念验证共支持8个项目，{figure} [1]。另见 [7]。"
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def test_llm_writes_the_reply_and_invented_citations_are_dropped(tmp_path, pipeline):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLLM)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = make_settings(tmp_path, llm_base_url=f"http://127.0.0.1:{server.server_port}/v1",
                                 llm_model="fake", llm_api_key="k", llm_context_tokens=400)
        with TestClient(create_app(settings, pipeline=pipeline)) as client:
            body = client.post("/chat", json={"messages": [{"role": "user", "content": "概念验证花了多少钱？"}],
                                              "top_k": 5}).json()
    finally:
        server.shutdown()
    assert body["reply"].startswith("2023年概念验证共支持8个项目，近400万元 [1]")
    assert "[7]" not in body["reply"]
    sent = _FakeLLM.requests[-1]
    assert sent["model"] == "fake" and "[n]" in sent["messages"][0]["content"]
    numbered = re.findall(r"^\[(\d+)\] ", sent["messages"][1]["content"], re.M)
    assert numbered and len(numbered) < 5  # the 400-token budget cut the passages


def test_unreachable_llm_falls_back_to_the_extractive_reply(tmp_path, pipeline):
    settings = make_settings(tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_timeout_seconds=2)
    with TestClient(create_app(settings, pipeline=pipeline)) as client:
        body = client.post("/chat", json={"messages": [{"role": "user", "content": "概念验证花了多少钱？"}]}).json()
    assert body["reply"].startswith("答案：近400万元")


def test_drop_invented_citations():
    assert drop_invented_citations("甲 [1]，乙 [4]。丙 [2]", valid=2) == "甲 [1]，乙。丙 [2]"
