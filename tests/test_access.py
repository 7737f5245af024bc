"""Roles on every route: each route of the OpenAPI schema, called by every principal and by none."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from service.access import Access, declared_routes
from service.app import create_app

from .conftest import make_settings

PORTAL_ORIGIN = "https://portal.example.org"
KEYS = "clerk:admin-key-0001:admin,portal:read-key-0002:read,legacy:legacy-key-0003"
ADMIN = {"Authorization": "Bearer admin-key-0001"}
READ = {"Authorization": "Bearer read-key-0002"}
LEGACY = {"Authorization": "Bearer legacy-key-0003"}  # written without a role: read
# The least each route needs; a route added without a line here fails test_every_route_is_listed.
EXPECTED = {
    ("POST", "/ask"): Access.WIDGET,
    ("POST", "/chat"): Access.WIDGET,
    ("POST", "/v1/chat/completions"): Access.READ,
    ("GET", "/v1/models"): Access.READ,
    ("GET", "/v1/models/{model_id}"): Access.READ,
    ("POST", "/retrieval"): Access.READ,
    ("GET", "/documents"): Access.READ,
    ("GET", "/documents/{doc_id}"): Access.WIDGET,  # the widget opens the cited document
    ("GET", "/documents/{doc_id}/passages"): Access.READ,
    ("POST", "/auth/token"): Access.READ,
    ("GET", "/auth/me"): Access.WIDGET,
    ("POST", "/documents"): Access.ADMIN,
    ("PUT", "/documents/{doc_id}"): Access.ADMIN,
    ("DELETE", "/documents/{doc_id}"): Access.ADMIN,
}
# Bodies that pass validation where that matters (so that a 422 cannot hide a missing check).
BODIES = {
    "/ask": {"question": "概念验证花了多少钱？", "top_k": 1},
    "/chat": {"messages": [{"role": "user", "content": "概念验证花了多少钱？"}], "top_k": 1},
    "/v1/chat/completions": {"model": "official-docs-rag", "messages": [{"role": "user", "content": "概念验证"}]},
    "/retrieval": {"knowledge_id": "official-docs", "query": "概念验证", "retrieval_setting": {"top_k": 1,
                                                                                        "score_threshold": 0}},
    "/auth/token": {"origin": PORTAL_ORIGIN},
}
PATH_VALUES = {"doc_id": "no-such-document", "name": "favicon.png", "model_id": "official-docs-rag"}


@pytest.fixture(scope="module")
def client(settings, pipeline, tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("access"), api_keys=KEYS, cors_origins=PORTAL_ORIGIN,
                                   rate_limit_per_minute=0), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def widget(client) -> dict:
    minted = client.post("/auth/token", json={"user": "portal-user", "origin": PORTAL_ORIGIN}, headers=READ)
    assert minted.status_code == 200, minted.text
    return {"Authorization": f"Bearer {minted.json()['token']}", "Origin": PORTAL_ORIGIN}


def _call(client: TestClient, method: str, path: str, headers: dict):
    url = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
    body = BODIES.get(path)
    return client.request(method, url, json=body, headers=headers) if body is not None \
        else client.request(method, url, headers=headers)


def test_every_route_is_listed(client):
    """Every route of the app declares an access level, and the protected ones are the expected ones."""
    declared = {(m, p): a for m, p, a in declared_routes(client.app) if m != "HEAD"}
    protected = {k: a for k, a in declared.items() if a != Access.PUBLIC}
    assert protected == EXPECTED
    assert all(p in ("/healthz", "/metrics", "/widget.js", "/embed", "/admin", "/openapi.json", "/docs", "/redoc")
               or p.startswith(("/docs/assets/", "/admin/")) for (_, p), a in declared.items() if a == Access.PUBLIC)


def test_routes_refuse_every_lesser_principal(client, widget):
    principals = [("nobody", {}, Access.PUBLIC), ("widget", widget, Access.WIDGET), ("read", READ, Access.READ),
                  ("legacy read", LEGACY, Access.READ), ("admin", ADMIN, Access.ADMIN)]
    failures = []
    for method, path, access in declared_routes(client.app):
        for name, headers, level in principals:
            status = _call(client, method, path, headers).status_code
            allowed = level >= access
            if allowed and status in (401, 403):
                failures.append(f"{name} refused on {method} {path}: {status}")
            if not allowed and status not in (401, 403):
                failures.append(f"{name} let through on {method} {path}: {status}")
    assert not failures, "\n".join(failures)


def test_widget_token_gets_401_or_403_on_every_write(client, widget):
    for method, path, _ in declared_routes(client.app):
        if method in ("POST", "PUT", "DELETE") and path not in ("/ask", "/chat"):
            assert _call(client, method, path, widget).status_code in (401, 403), (method, path)
    # The documents are still there: nothing was written.
    assert len(client.get("/documents", headers=READ).json()) >= 5


def test_widget_token_is_bound_to_its_origin(client, widget):
    question = BODIES["/ask"]
    assert client.post("/ask", json=question, headers=widget).status_code == 200
    no_origin = {"Authorization": widget["Authorization"]}
    assert client.post("/ask", json=question, headers=no_origin).status_code == 401
    elsewhere = {**widget, "Origin": "https://evil.example.com"}
    assert client.post("/ask", json=question, headers=elsewhere).status_code == 401


def test_token_origin_must_be_allowed(client):
    refused = client.post("/auth/token", json={"origin": "https://evil.example.com"}, headers=READ)
    assert refused.status_code == 422 and "RAG_CORS_ORIGINS" in refused.json()["message"]
    assert client.post("/auth/token", json={}, headers=READ).status_code == 422  # no origin at all
    # The Origin header names it too; and the service's own origin is allowed (for /embed).
    assert client.post("/auth/token", json={}, headers={**READ, "Origin": PORTAL_ORIGIN}).status_code == 200
    own = client.post("/auth/token", json={"origin": "http://testserver"}, headers=ADMIN)
    assert own.status_code == 200 and own.json()["origin"] == "http://testserver"


def test_openapi_declares_the_bearer_scheme_and_the_refusals(client):
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["bearerAuth"][
            "description"]}
    for (method, path), access in EXPECTED.items():
        operation = schema["paths"][path][method.lower()]
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        assert {"401", "403"} <= set(operation["responses"]), (method, path)
        assert operation["x-required-access"] == access.name.lower()
    assert "security" not in schema["paths"]["/healthz"]["get"]


def test_same_origin_page_reads_with_its_token(client):
    """/embed is served from this origin; browsers send no Origin with its GETs, but Sec-Fetch-Site."""
    token = client.post("/auth/token", json={"origin": "http://testserver"}, headers=READ).json()["token"]
    doc_id = client.get("/documents", headers=READ).json()[0]["id"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/documents/{doc_id}", headers={**auth, "Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.get(f"/documents/{doc_id}", headers=auth).status_code == 401
    assert client.get(f"/documents/{doc_id}", headers={**auth, "Sec-Fetch-Site": "cross-site"}).status_code == 401
