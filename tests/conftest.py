"""Shared fixtures: the real converted model and a real index, each built once per session."""

from __future__ import annotations

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
                              document_precision=settings.document_precision)
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
