"""Property-based run over every operation in the app's OpenAPI schema: no input may cause a 5xx.

The operations are read from create_app's schema when the tests are collected (building the app
loads nothing; only its lifespan does), so routes added later are covered without changes here.
The app under test gets its own copy of the session's index, so that generated writes (uploads,
deletions) cannot change what other tests see; it shares the session's loaded model.

schemathesis' own pytest plugin (``schema.parametrize``) breaks on pytest 9, so the cases are drawn
from each operation's Hypothesis strategy directly.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from rag.pipeline import QAPipeline
from service.app import create_app

from .conftest import make_settings

MAX_EXAMPLES = 30  # per operation and generation mode


def _documented_operations() -> list[tuple[str, str]]:
    app = create_app(make_settings(Path(tempfile.gettempdir()) / "rag-schema-only"))
    return [
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch", "head", "options"}
    ]


OPERATIONS = _documented_operations()


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, settings, embedder, pipeline, writer):
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(settings.data_dir, data_dir)  # the index the session's pipeline built
    # Keys off (the default) and no rate limit: every generated request reaches its route.
    fuzz_settings = make_settings(data_dir, rate_limit_per_minute=0)
    own = QAPipeline(fuzz_settings, embedder=embedder)
    own.warm_up()
    app = create_app(fuzz_settings, pipeline=own, writer=writer)
    with TestClient(app):  # runs the lifespan, which the schema's own client would not
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
    own.close()


def test_schema_lists_the_core_routes():
    assert {("POST", "/ask"), ("GET", "/documents"), ("GET", "/healthz"), ("POST", "/auth/token")} <= set(OPERATIONS)


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_errors(api_schema, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call()
        assert response.status_code < 500, f"{response.status_code} {response.text[:500]}\n{case.as_curl_command()}"

    try:
        check()
    except Unsatisfiable:
        if mode.is_positive:
            raise
        pytest.skip("no part of this operation's input can be made invalid")
