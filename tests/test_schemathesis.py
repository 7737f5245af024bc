"""Property-based run over every route in the app's OpenAPI schema: no input may cause a 5xx.

The schema is read from the app at run time, so routes added later are covered without changes here.
The app gets its own copy of the session's index, so that generated writes (uploads, deletions)
cannot change what the other tests see; it shares the session's loaded model.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from rag.pipeline import QAPipeline
from service.app import create_app

from .conftest import make_settings

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, settings, embedder, pipeline):
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(settings.data_dir, data_dir)
    # Keys off (the default) and no rate limit: every generated request reaches its route.
    fuzz_settings = make_settings(data_dir, rate_limit_per_minute=0)
    own = QAPipeline(fuzz_settings, embedder=embedder)
    own.warm_up()
    app = create_app(fuzz_settings, pipeline=own)
    with TestClient(app):  # runs the lifespan, which the schema's own client would not
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
    own.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, f"{response.status_code} {response.text[:500]}\n{case.as_curl_command()}"
