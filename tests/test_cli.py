"""The ``rag`` console script, run as a user runs it: index, ask, and serve on loopback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from rag.config import SAMPLE_CORPUS_DIR

from .conftest import MODEL_DIR
from .test_observability import sample

RAG = str(Path(sys.executable).parent / "rag")


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_DATA_DIR=str(data_dir), RAG_MODEL_DIR=str(MODEL_DIR), PYTHONUNBUFFERED="1")
    return env


def _rag(*args: str, data_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([RAG, *args], env=_env(data_dir), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder) -> Path:  # embedder: the model is converted before the CLI runs
    data_dir = tmp_path_factory.mktemp("cli-data")
    corpus = tmp_path_factory.mktemp("cli-corpus")
    for name in ("000_0bd37d7d743fadf3.txt", "003_c810537c447ba574.txt"):
        (corpus / name).write_bytes((SAMPLE_CORPUS_DIR / name).read_bytes())
    result = _rag("index", str(corpus), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "files: 2 added" in result.stdout and "index: 2 documents" in result.stdout
    assert "embedding" in result.stderr  # the progress bar
    return data_dir


def test_ask_human_output(indexed):
    result = _rag("ask", "概念验证花了多少钱？", "--top-k", "3", data_dir=indexed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Answer: ")
    assert out.count("section: ") == 3
    assert "吉科发成〔2024〕87号" in out or "吉科发高〔2024〕74号" in out
    assert "对省政协十三届二次会议第" in out
    assert "score " in out and "Answer: 近400万元" in out


def test_ask_without_an_answer_says_why(indexed):
    result = _rag("ask", "2022年概念验证花了多少钱？", "--top-k", "1", data_dir=indexed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No answer found (other_year: ") and "2022" in result.stdout.splitlines()[0]


def test_ask_json_matches_http_shape(indexed):
    result = _rag("ask", "How much was spent on concept verification?", "--json", data_dir=indexed)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert set(body) >= {"question", "answer", "no_answer", "passages"}
    assert len(body["passages"]) == 5
    assert any("近400万元" in p["text"] for p in body["passages"][:3])


def test_rebuild_from_a_cold_start_embeds_nothing_the_index_holds(indexed, tmp_path):
    """`rag index --rebuild` in a fresh process (the embedder warms up before the old index is read) re-reads the
    documents and takes every vector from the index it replaces."""
    copy = tmp_path / "data"
    shutil.copytree(indexed, copy, symlinks=True)
    result = _rag("index", "--rebuild", "--quiet", data_dir=copy)
    assert result.returncode == 0, result.stderr
    assert "2 rebuilt, " in result.stdout and "(0 of " in result.stdout
    assert _rag("ask", "概念验证花了多少钱？", data_dir=copy).stdout.startswith("Answer: 近400万元")


def test_ask_without_index_says_how_to_build_one(tmp_path):
    result = _rag("ask", "概念验证", data_dir=tmp_path)
    assert result.returncode == 2
    assert "rag index" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask", "   "), "question must be a non-empty string"),
        (("ask", "x", "--top-k", "0"), "--top-k must be from 1 to 50"),
        (("index", "/no/such/dir"), "/no/such/dir: no such file or directory"),
        (("eval", "q.jsonl", "--url", "http://127.0.0.1:9", "--workers", "2"), "--workers applies to an in-process"),
    ],
)
def test_bad_cli_input_is_a_clear_error(indexed, args, message):
    result = _rag(*args, data_dir=indexed)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_invalid_setting_is_reported(tmp_path):
    env = _env(tmp_path)
    env["RAG_CHUNK_MAX_TOKENS"] = "3"
    result = subprocess.run([RAG, "ask", "x"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "RAG_CHUNK_MAX_TOKENS" in result.stderr and "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """``rag serve ARGS`` writing to ``log``: a pipe that nobody reads during the test would fill with the access
    log (a line per request) and stall the server."""
    with log.open("w") as out:
        return subprocess.Popen([RAG, "serve", *args], env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 300
    while True:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not come up"
        time.sleep(0.5)


def test_serve_builds_the_index_on_first_start_and_answers(tmp_path, embedder):
    port, log = _free_port(), tmp_path / "serve.log"
    server = _serve(["--port", str(port)], _env(tmp_path), log)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(server, base, log)
        assert httpx.get(f"{base}/healthz").json()["documents"] == 5
        body = httpx.post(f"{base}/ask", json={"question": "概念验证花了多少钱？"}, timeout=30).json()
        assert any("近400万元" in p["text"] for p in body["passages"][:3])
        assert httpx.post(f"{base}/ask", json={"question": ""}, timeout=30).status_code == 422
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert (tmp_path / "index" / "live" / "index.sqlite").is_file()


def _workers_of(pid: int) -> list[int]:
    """The serving processes under ``rag serve --workers``'s supervisor (not multiprocessing's resource tracker)."""
    workers = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        if command and b"resource_tracker" not in command:  # a zombie has no command line
            workers.append(int(child))
    return workers


def _asks_per_process(metrics_dir: Path) -> dict[str, float]:
    """{pid: /ask requests it counted} from the files prometheus_client's multiprocess mode writes."""
    from prometheus_client.mmap_dict import MmapedDict

    counts = {}
    for path in metrics_dir.glob("counter_*.db"):
        if path.stat().st_size < 8:  # a process creating its file this instant has counted nothing yet
            continue
        values = MmapedDict.read_all_values_from_file(str(path))
        asks = sum(value for key, value, *_ in values
                   if json.loads(key)[1] == "rag_http_requests_total" and json.loads(key)[2].get("route") == "/ask")
        if asks:
            counts[path.stem.split("_")[-1]] = asks
    return counts


def test_workers_share_one_port_the_index_the_limits_and_the_metrics(indexed, tmp_path):
    """`rag serve --workers 2`: two processes answer on one port, and what a client sees (how many requests it may
    make, whether its widget token holds, the counts of /metrics, the documents it finds) does not depend on which
    of them it reaches; one that dies is replaced."""
    port, key, widget_key, origin = _free_port(), "portal-key-0123456789", "widget-key-0123456789", "http://portal.test"
    clerk = {"Authorization": "Bearer clerk-key-0123456789"}
    data_dir = tmp_path / "data"
    shutil.copytree(indexed, data_dir)  # this test adds a document
    env = _env(data_dir) | {"RAG_API_KEYS": f"portal:{key},widget:{widget_key},clerk:clerk-key-0123456789:admin",
                            "RAG_RATE_LIMIT_PER_MINUTE": "6", "RAG_CORS_ORIGINS": origin, "TMPDIR": str(tmp_path)}
    log = tmp_path / "serve.log"
    server = _serve(["--port", str(port), "--workers", "2"], env, log)
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {key}"}

    def ask(_: int) -> int:  # a new connection each time, so that either process may accept it
        question = {"question": "概念验证花了多少钱？"}
        return httpx.post(f"{base}/ask", json=question, headers=auth, timeout=60).status_code

    try:
        _wait_ready(server, base, log)
        (metrics_dir,) = tmp_path.glob("rag-metrics-*")
        statuses: list[int] = []
        with ThreadPoolExecutor(4) as pool:
            while len(statuses) < 12 or len(_asks_per_process(metrics_dir)) < 2:
                assert len(statuses) < 400, "one process answered every request"
                statuses += pool.map(ask, range(4))
        assert statuses.count(200) == 6 and statuses.count(429) == len(statuses) - 6, statuses
        for _ in range(3):  # whichever process answers /metrics counts every process's requests
            text = httpx.get(f"{base}/metrics", headers=auth).text
            asks = {status: sample(text, "rag_http_requests_total", method="POST", route="/ask", status=status)
                    for status in ("200", "429")}
            assert asks == {"200": 6, "429": len(statuses) - 6}
            assert sum(sample(text, "rag_answers_total", outcome=o) or 0 for o in ("answered", "no_answer")) == 6
        # A widget token minted by one process is good in the others (one secret for the run): the widget key's
        # other five requests of the minute, each on a new connection.
        minted = httpx.post(f"{base}/auth/token", headers={"Authorization": f"Bearer {widget_key}", "Origin": origin})
        token = {"Authorization": f"Bearer {minted.json()['token']}", "Origin": origin}
        for _ in range(5):
            asked = httpx.post(f"{base}/ask", json={"question": "概念验证花了多少钱？"}, headers=token, timeout=60)
            assert asked.status_code == 200, asked.text
        # A document uploaded through one process is answered by every process (each follows the index's commits).
        notice = "关于试验资金安排的通知\n\n一、总体情况\n2025年，某县投入试验资金1234万元，支持企业56家。\n"
        uploaded = httpx.post(f"{base}/documents", headers=clerk, files={"files": ("notice.txt", notice.encode())},
                              timeout=300)
        assert uploaded.status_code == 201, uploaded.text
        for _ in range(5):
            asked = httpx.post(f"{base}/ask", json={"question": "某县投入试验资金多少？"}, headers=clerk, timeout=60)
            assert asked.json()["answer"]["text"] == "1234万元", asked.text
        # A worker that dies is replaced by the supervisor; the other answers meanwhile.
        first, second = _workers_of(server.pid)
        os.kill(first, signal.SIGKILL)
        assert all(httpx.get(f"{base}/healthz", timeout=30).status_code == 200 for _ in range(4))
        deadline = time.monotonic() + 300
        while len(replaced := _workers_of(server.pid)) < 2 or first in replaced:
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            time.sleep(0.5)
        assert second in replaced
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert server.returncode == 0, log.read_text()
    assert not metrics_dir.exists()


def test_served_connections_do_not_wait_for_delayed_acks():
    """Without TCP_NODELAY on the listener, each keep-alive response waited ~40 ms (eval/bench_service.py)."""
    from service.serving import listen

    listener = listen("127.0.0.1", 0)
    try:
        with socket.create_connection(listener.getsockname()[:2]):
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        listener.close()
