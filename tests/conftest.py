"""Shared fixtures: the real converted model and a real index, each built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR, Settings
from rag.pipeline import QAPipeline
from service.app import create_app

# The converted model is kept between runs (it is derived data, ignored by git) so that
# only the first run pays for the conversion.
MODEL_DIR = REPO_ROOT / "data" / "models"
# Vectors are cached by model fingerprint and text hash, so test indexes can share one cache safely.
CACHE_DIR = REPO_ROOT / "data" / "test-cache"


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(**{"_env_file": None, "data_dir": data_dir, "model_dir": MODEL_DIR,
                       "embedding_cache_dir": CACHE_DIR, **overrides})


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def embedder(settings) -> SentenceTransformerEmbedder:
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
def client(settings, pipeline) -> TestClient:
    with TestClient(create_app(settings, pipeline=pipeline), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))
