"""Shared fixtures: the real converted model and a real index, each built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from embeddings import build_embedder
from embeddings.base import EmbedderWrapper
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR, Settings
from rag.pipeline import QAPipeline
from service.app import create_app
from service.writes import DocumentWriter
from tests.floors import VARIED_FLOOR, index_paths

# The converted model is kept between runs (it is derived data, ignored by git) so that
# only the first run pays for the conversion.
MODEL_DIR = REPO_ROOT / "data" / "models"


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(**{"_env_file": None, "data_dir": data_dir, "model_dir": MODEL_DIR, **overrides})


class MemoEmbedder(EmbedderWrapper):
    """The real embedder, remembering the vectors it computed in this test session.

    Many tests build small indexes of the same sample documents; the model is real, only repeated
    work is skipped. ``computed`` counts the texts the model actually embedded.
    """

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self._memo: dict[tuple[str, str], np.ndarray] = {}
        self.computed = 0

    def _encode(self, texts: list[str], task: str) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if (task, t) not in self._memo))
        if missing:
            encode = self.inner.encode_query if task == "query" else self.inner.encode_document
            self._memo.update(zip(((task, t) for t in missing), encode(missing), strict=True))
            self.computed += len(missing)
        return np.stack([self._memo[(task, t)] for t in texts]) if texts else np.zeros((0, self.dimension),
                                                                                        np.float32)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "document")


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    # No answer cache for the shared pipeline: tests that count pipeline stages ask the same questions
    # again (tests/test_batching.py tests the cache on a pipeline of its own).
    return make_settings(tmp_path_factory.mktemp("data"), answer_cache_size=0)


@pytest.fixture(scope="session")
def embedder(settings) -> MemoEmbedder:
    """The configured encoder (as `rag serve` and the CLI build it), so in-process and CLI indexes agree."""
    embedder = build_embedder(settings.embedding_model, settings.models_dir, settings.encoder,
                              document_precision=settings.document_precision,
                              query_precision=settings.query_precision, query_threads=settings.query_threads)
    embedder.warm_up()
    return MemoEmbedder(embedder)


@pytest.fixture(scope="session")
def st_embedder(settings) -> SentenceTransformerEmbedder:
    """The sentence-transformers (torch) embedder: the reference the conversion and ONNX are checked against."""
    embedder = SentenceTransformerEmbedder(settings.embedding_model, settings.models_dir)
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def pipeline(settings, embedder) -> QAPipeline:
    pipeline = QAPipeline(settings, embedder=embedder)
    pipeline.warm_up(build_if_missing=True)
    yield pipeline
    pipeline.close()


@pytest.fixture(scope="session")
def writer(settings) -> DocumentWriter:
    """One write worker process for the session, shared by the apps of the tests: a process per app would
    load the model again for each (it keeps one pipeline per index, so apps on other data folders work)."""
    writer = DocumentWriter(settings)
    yield writer
    writer.close()


@pytest.fixture(scope="session")
def client(settings, pipeline, writer) -> TestClient:
    with TestClient(create_app(settings, pipeline=pipeline, writer=writer), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))


class BackgroundIndex:
    """`rag index` of the sample corpus and the varied documents the suite's floors ask about, run in a niced
    process beside the rest of the suite.

    That index (376 documents in session 48, tests/floors.py; all 609 with ``RAG_TEST_FLOORS=all``) is most of
    the suite's CPU time: about 1.8 million model tokens of float32 embedding. The other tests leave about one of the
    two cores idle (waiting on servers, worker processes, browsers); built beside them, at low priority so that their
    timing barely moves, it is mostly ready when the tests that read it run last (``pytest_collection_modifyitems``).
    """

    def __init__(self, data_dir: Path, log_path: Path, paths: list[Path]) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_MODEL_DIR": str(MODEL_DIR)}
        nice = [shutil.which("nice"), "-n", "15"] if shutil.which("nice") else []
        command = [*nice, sys.executable, "-m", "service.cli", "index", "--quiet", str(SAMPLE_CORPUS_DIR),
                   *map(str, paths)]
        with log_path.open("wb") as log:  # the child keeps its own handle
            # cwd: the data folder, so that no .env of the checkout applies to this index and not to the tests
            self.process = subprocess.Popen(command, env=env, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT)

    def wait(self, timeout_s: float = 3600) -> Path:
        """The data folder once the index is built; the test fails with the log's end if the build failed."""
        code = self.process.wait(timeout=timeout_s)
        if code != 0:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"rag index of the varied corpus exited with {code}:\n{tail}")
        return self.data_dir

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _uses_varied_index(item: pytest.Item) -> bool:
    return "varied_pipeline" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on the varied index run last, so that its background build has the whole suite's time."""
    items.sort(key=_uses_varied_index)  # stable: every other test keeps its order


@pytest.fixture(scope="session", autouse=True)
def varied_index(request, tmp_path_factory):
    """Starts the varied index's build when the session's first test sets up, if any test will read it."""
    if not any(_uses_varied_index(item) for item in request.session.items):
        yield None
        return
    request.getfixturevalue("embedder")  # the model is converted and exported once, before the build reads it
    background = BackgroundIndex(tmp_path_factory.mktemp("varied"), tmp_path_factory.mktemp("logs") / "varied.log",
                                 index_paths(VARIED_FLOOR))
    yield background
    background.stop()


@pytest.fixture(scope="session")
def varied_pipeline(varied_index: BackgroundIndex, embedder) -> QAPipeline:
    """The sample corpus with the floored sets' varied documents (all of eval/corpus/varied with
    ``RAG_TEST_FLOORS=all``, as `rag eval` reads it)."""
    pipeline = QAPipeline(make_settings(varied_index.wait()), embedder=embedder)
    pipeline.warm_up()
    yield pipeline
    pipeline.close()
