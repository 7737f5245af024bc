"""API keys, widget tokens, rate limits, CORS, body limits and settings validation (service/security.py)."""

from __future__ import annotations

import logging
import types
from contextlib import contextmanager

import limits.storage.memory
import pytest
from fastapi.testclient import TestClient
from limits import RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from pydantic import ValidationError

from rag.config import Settings
from service import rate_store, security
from service.access import Access
from service.app import create_app
from service.security import RateLimiter, authenticate

from .conftest import make_settings

KEYS = "portal:s3cret-portal-key,ops:s3cret-ops-key"
PORTAL = {"Authorization": "Bearer s3cret-portal-key"}
OPS = {"Authorization": "Bearer s3cret-ops-key"}
PORTAL_ORIGIN = "https://portal.example.org"
QUESTION = {"question": "概念验证花了多少钱？", "top_k": 1}


@pytest.fixture
def make_client(settings, pipeline):
    """Build an app on the session's pipeline (no model reload) with some settings overridden."""

    @contextmanager
    def build(**overrides):
        app = create_app(make_settings(settings.data_dir, **overrides), pipeline=pipeline)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client

    return build


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def assert_json_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] == code
    assert body["message"]
    assert "Traceback" not in response.text and "/work/" not in response.text


# -- API keys ----------------------------------------------------------------------------------
def test_keys_off_everything_is_open(make_client):
    with make_client() as client:
        assert client.get("/documents").status_code == 200
        assert client.get("/documents", headers={"Authorization": "Bearer whatever"}).status_code == 200


def test_keys_on_require_a_bearer_key(make_client):
    with make_client(api_keys=KEYS) as client:
        missing = client.get("/documents")
        assert_json_error(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        for header in ("Bearer wrong-key", "Basic s3cret-portal-key", "s3cret-portal-key", "Bearer ", "Bearer s3cret"):
            response = client.get("/documents", headers={"Authorization": header})
            assert_json_error(response, 401, "unauthorized")
            assert response.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/documents", headers=PORTAL).status_code == 200
        assert client.get("/documents", headers=OPS).status_code == 200
        assert client.get("/documents", headers={"Authorization": "bearer  s3cret-ops-key "}).status_code == 200
        assert_json_error(client.post("/ask", json={"question": "概念验证"}), 401, "unauthorized")


def test_bare_keys_work_too(make_client):
    with make_client(api_keys="just-a-key") as client:
        assert client.get("/documents", headers={"Authorization": "Bearer just-a-key"}).status_code == 200
        assert client.get("/documents").status_code == 401


def test_public_paths_need_no_key(make_client):
    with make_client(api_keys=KEYS) as client:
        for path in ("/healthz", "/openapi.json", "/docs", "/metrics"):
            assert client.get(path).status_code == 200, path
        # Only reads are public: other methods on a public path still need a key.
        assert client.post("/healthz").status_code == 401
        # Dify's route answers its own auth errors, in Dify's format.
        response = client.post("/retrieval", json={})
        assert response.json().get("error") != "unauthorized"


def test_metrics_can_be_protected(make_client):
    with make_client(api_keys=KEYS, metrics_public=False) as client:
        assert_json_error(client.get("/metrics"), 401, "unauthorized")
        assert client.get("/metrics", headers=OPS).status_code == 200


def test_authenticate_names_the_key_and_its_role():
    on = Settings(_env_file=None, api_keys=KEYS + ",bare-key-123,boss:s3cret-boss-key:admin")
    assert authenticate(on, "Bearer s3cret-ops-key").name == "ops"
    assert authenticate(on, "Bearer s3cret-portal-key").access == Access.READ
    assert authenticate(on, "Bearer bare-key-123").name.startswith("key-")
    assert authenticate(on, "Bearer s3cret-boss-key").access == Access.ADMIN
    assert authenticate(on, "Bearer nope") is None
    assert authenticate(on, None) is None
    assert authenticate(on, "Bearer " + "x" * 10_000) is None
    off = authenticate(Settings(_env_file=None), None)
    assert off.name == security.ANONYMOUS and off.access == Access.ADMIN  # keys off: open, as the README says


# -- tokens ------------------------------------------------------------------------------------
def test_token_is_minted_and_used_in_place_of_a_key(make_client):
    with make_client(api_keys=KEYS, token_secret="a-secret-of-16-chars-or-more", cors_origins=PORTAL_ORIGIN) as client:
        assert_json_error(client.post("/auth/token", json={}), 401, "unauthorized")
        minted = client.post("/auth/token", json={"user": "zhang.san", "ttl_seconds": 120},
                             headers={**PORTAL, "Origin": PORTAL_ORIGIN})
        assert minted.status_code == 200, minted.text
        body = minted.json()
        assert body["expires_in"] == 120 and body["expires_at"].endswith("Z") and body["origin"] == PORTAL_ORIGIN
        token = {"Authorization": f"Bearer {body['token']}", "Origin": PORTAL_ORIGIN}
        assert client.post("/ask", json=QUESTION, headers=token).status_code == 200
        # A widget token asks questions only: no documents, no new tokens.
        assert_json_error(client.get("/documents", headers=token), 403, "forbidden")
        assert_json_error(client.post("/auth/token", json={}, headers=token), 403, "forbidden")
        # Tampering breaks the signature.
        forged = body["token"][:-2] + ("AA" if not body["token"].endswith("AA") else "BB")
        assert_json_error(client.post("/ask", json=QUESTION, headers={**token, "Authorization": f"Bearer {forged}"}),
                          401, "unauthorized")
        # Minting without a body uses the defaults (and the Origin header).
        assert client.post("/auth/token", headers={**PORTAL, "Origin": PORTAL_ORIGIN}).json()["expires_in"] == 600


@pytest.mark.parametrize("payload", [{"ttl_seconds": 0}, {"ttl_seconds": 3601}, {"user": ""}, {"user": "a\nb"}])
def test_token_request_is_validated(make_client, payload):
    with make_client(api_keys=KEYS) as client:
        assert client.post("/auth/token", json=payload, headers=PORTAL).status_code == 422


def test_token_expires(make_client, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(security, "clock", clock)
    with make_client(api_keys=KEYS, cors_origins=PORTAL_ORIGIN) as client:
        token = client.post("/auth/token", json={"ttl_seconds": 60, "origin": PORTAL_ORIGIN},
                            headers=PORTAL).json()["token"]
        auth = {"Authorization": f"Bearer {token}", "Origin": PORTAL_ORIGIN}
        clock.now += 59
        assert client.post("/ask", json=QUESTION, headers=auth).status_code == 200
        clock.now += 1
        assert_json_error(client.post("/ask", json=QUESTION, headers=auth), 401, "unauthorized")


def test_token_dies_with_its_key_and_its_secret():
    settings = Settings(_env_file=None, api_keys=KEYS, token_secret="first-secret-0123456789")
    token, _ = security.mint_token(settings, "portal", "someone", PORTAL_ORIGIN, 60)
    principal = security.verify_token(settings, token, PORTAL_ORIGIN)
    assert principal == security.Principal(name="portal", via="token", access=Access.WIDGET, subject="someone",
                                           origin=PORTAL_ORIGIN)
    assert authenticate(settings, f"Bearer {token}", PORTAL_ORIGIN).name == "portal"
    assert security.verify_token(settings, token, "https://elsewhere.example.org") is None
    assert security.verify_token(settings, token, None) is None
    revoked = Settings(_env_file=None, api_keys="ops:s3cret-ops-key", token_secret="first-secret-0123456789")
    assert security.verify_token(revoked, token, PORTAL_ORIGIN) is None
    rotated = Settings(_env_file=None, api_keys=KEYS, token_secret="second-secret-0123456789")
    assert security.verify_token(rotated, token, PORTAL_ORIGIN) is None
    for junk in ("", "v1", "v1.abc", "a.b.c", "v1.!!.??", token + "x"):
        assert security.verify_token(settings, junk, PORTAL_ORIGIN) is None


# -- rate limits -------------------------------------------------------------------------------
@pytest.fixture
def fake_time(monkeypatch) -> FakeClock:
    """One clock for the limits library's window and for Retry-After."""
    clock = FakeClock()
    monkeypatch.setattr(security, "clock", clock)
    monkeypatch.setattr(limits.storage.memory, "time", types.SimpleNamespace(time=clock))
    return clock


def test_rate_limit_per_key_with_retry_after_and_recovery(make_client, fake_time):
    with make_client(api_keys=KEYS, rate_limit_per_minute=3) as client:
        for _ in range(3):
            assert client.get("/documents", headers=PORTAL).status_code == 200
            fake_time.now += 10
        limited = client.get("/documents", headers=PORTAL)
        assert_json_error(limited, 429, "rate_limited")
        assert limited.headers["retry-after"] == "31"  # the first of the three leaves the window after 60 s
        # Other keys have their own window; public paths are not counted.
        assert client.get("/documents", headers=OPS).status_code == 200
        assert client.get("/healthz").status_code == 200
        fake_time.now += 31
        assert client.get("/documents", headers=PORTAL).status_code == 200
        assert client.get("/documents", headers=PORTAL).status_code == 429
        fake_time.now += 61  # a whole window later
        assert [client.get("/documents", headers=PORTAL).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_tokens_count_against_the_key_that_minted_them(make_client, fake_time):
    with make_client(api_keys=KEYS, rate_limit_per_minute=3, cors_origins=PORTAL_ORIGIN) as client:
        token = client.post("/auth/token", json={"origin": PORTAL_ORIGIN}, headers=PORTAL).json()["token"]  # 1
        auth = {"Authorization": f"Bearer {token}", "Origin": PORTAL_ORIGIN}
        assert client.post("/ask", json=QUESTION, headers=auth).status_code == 200  # 2
        assert client.get("/documents", headers=PORTAL).status_code == 200  # 3
        assert client.post("/ask", json=QUESTION, headers=auth).status_code == 429


def test_rate_limit_by_client_when_keys_are_off(make_client, fake_time):
    with make_client(rate_limit_per_minute=2) as client:
        assert [client.get("/documents").status_code for _ in range(3)] == [200, 200, 429]


def test_rate_limit_zero_is_off():
    limiter = RateLimiter(0)
    assert all(limiter.acquire("x") is None for _ in range(1000))


def test_sqlite_rate_counts_are_shared_by_everyone_who_opens_the_file(tmp_path, monkeypatch):
    """Serving processes (RAG_WORKERS) each open the file: a hit in any of them counts in one window."""
    clock = FakeClock()
    monkeypatch.setattr(security, "clock", clock)
    monkeypatch.setattr(rate_store, "time", types.SimpleNamespace(time=clock))
    uri = f"sqlite:///{tmp_path / 'state' / 'ratelimit.sqlite3'}"
    first, second = RateLimiter(3, uri), RateLimiter(3, uri)  # two connections, as two processes have
    assert [first.acquire("portal"), second.acquire("portal")] == [None, None]
    clock.now += 10
    assert first.acquire("portal") is None
    assert second.acquire("portal") == pytest.approx(50)  # the first hit leaves the window 60 s after it
    assert first.acquire("ops") is None  # other identities have their own window
    clock.now += 50.5
    assert [second.acquire("portal"), first.acquire("portal"), second.acquire("portal")] == [None, None, 9.5]
    # The fixed-window strategy works on the same storage.
    fixed = FixedWindowRateLimiter(storage_from_string(uri))
    item = RateLimitItemPerSecond(2)
    assert [fixed.hit(item, "x") for _ in range(3)] == [True, True, False]
    clock.now += 1.01
    assert fixed.hit(item, "x")
    storage = storage_from_string(uri)
    storage.clear(RateLimitItemPerMinute(3).key_for("portal"))
    assert first.acquire("portal") is None and storage.check()
    assert storage.reset() == 3  # portal's and ops' windows, x's counter


def test_several_workers_share_rate_counts_or_refuse(tmp_path):
    one = Settings(_env_file=None, data_dir=tmp_path)
    assert one.shared_rate_limit_storage == "memory://"
    two = Settings(_env_file=None, data_dir=tmp_path, workers=2)
    assert two.shared_rate_limit_storage == f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}"
    assert Settings(_env_file=None, workers=2, rate_limit_storage="redis://cache:6379").shared_rate_limit_storage \
        == "redis://cache:6379"
    assert Settings(_env_file=None, workers=2, rate_limit_per_minute=0, rate_limit_storage="memory://").workers == 2
    with pytest.raises(ValidationError, match="memory:// counts in one process"):
        Settings(_env_file=None, workers=2, rate_limit_storage="memory://")
    with pytest.raises(ValidationError, match="locks its folder"):
        Settings(_env_file=None, workers=2, backend="qdrant")


# -- CORS --------------------------------------------------------------------------------------
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}


def test_cors_allowlist(make_client):
    with make_client(api_keys=KEYS, cors_origins=f"{PORTAL_ORIGIN}, http://intranet:8080") as client:
        allowed = client.get("/documents", headers={**PORTAL, "Origin": PORTAL_ORIGIN})
        assert allowed.headers["access-control-allow-origin"] == PORTAL_ORIGIN
        assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
        # Errors carry the header too, so the widget can read them.
        denied = client.get("/documents", headers={"Origin": PORTAL_ORIGIN})
        assert denied.status_code == 401 and denied.headers["access-control-allow-origin"] == PORTAL_ORIGIN
        other = client.get("/documents", headers={**PORTAL, "Origin": "https://evil.example.com"})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers

        preflight = client.options("/ask", headers={**PREFLIGHT, "Origin": PORTAL_ORIGIN})  # no key needed
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == PORTAL_ORIGIN
        allowed_headers = preflight.headers["access-control-allow-headers"].lower().split(", ")
        assert {"authorization", "content-type"} <= set(allowed_headers)
        bad = client.options("/ask", headers={**PREFLIGHT, "Origin": "https://evil.example.com"})
        assert bad.status_code >= 400 and "access-control-allow-origin" not in bad.headers


def test_no_cross_origin_access_by_default(make_client):
    with make_client() as client:
        response = client.get("/documents", headers={"Origin": PORTAL_ORIGIN})
        assert "access-control-allow-origin" not in response.headers
        preflight = client.options("/ask", headers={**PREFLIGHT, "Origin": PORTAL_ORIGIN})
        assert "access-control-allow-origin" not in preflight.headers


def test_cors_star_is_allowed_with_a_warning(make_client, caplog):
    with caplog.at_level(logging.WARNING, logger="service.security"), make_client(cors_origins="*") as client:
        response = client.get("/documents", headers={"Origin": "https://anywhere.example"})
        assert response.headers["access-control-allow-origin"] == "*"
    assert any("RAG_CORS_ORIGINS" in r.getMessage() for r in caplog.records)


# -- body size ---------------------------------------------------------------------------------
def test_body_limit_on_content_length(make_client):
    with make_client(max_body_bytes=1000) as client:
        body = b'{"question": "' + b"x" * 2000 + b'"}'
        assert_json_error(client.post("/ask", content=body, headers={"Content-Type": "application/json"}),
                          413, "payload_too_large")
        small = client.post("/ask", json={"question": "x" * 500})
        assert small.status_code == 200


def test_body_limit_without_content_length(make_client):
    def chunks():
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 200
        yield b'"}'

    with make_client(max_body_bytes=1000) as client:
        response = client.post("/ask", content=chunks(), headers={"Content-Type": "application/json"})
        assert "content-length" not in response.request.headers
        assert_json_error(response, 413, "payload_too_large")


def test_body_limit_when_content_length_lies(make_client):
    body = b'{"question": "' + b"x" * 2000 + b'"}'
    with make_client(max_body_bytes=1000) as client:
        lying = {"Content-Type": "application/json", "Content-Length": "20"}
        response = client.post("/ask", content=body, headers=lying)
        assert_json_error(response, 413, "payload_too_large")


# -- settings ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RAG_RATE_LIMIT_PER_MINUTE", "-1"),
        ("RAG_MAX_BODY_BYTES", "0"),
        ("RAG_MAX_CHAT_MESSAGES", "0"),
        ("RAG_CORS_ORIGINS", "example.com"),
        ("RAG_CORS_ORIGINS", "https://ok.example.org,ftp://files.example.org"),
        ("RAG_CORS_ORIGINS", "https://portal.example.org/"),
        ("RAG_API_KEYS", "a:zzone,a:zztwo"),
        ("RAG_API_KEYS", "bad name:zzkey"),
        ("RAG_API_KEYS", "name:"),
        ("RAG_API_KEYS", "name:zzkey:owner"),
        ("RAG_API_KEYS", "name:zz:key:admin"),
        ("RAG_RATE_LIMIT_STORAGE", "zzmemory"),
        ("RAG_TOKEN_SECRET", "zzshort"),
    ],
)
def test_bad_settings_fail_fast_naming_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None)
    assert variable in str(raised.value)
    assert "zz" not in str(raised.value)  # secrets are never echoed


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAG_API_KEYS", "portal:k1, k2")
    monkeypatch.setenv("RAG_CORS_ORIGINS", "https://Portal.Example.org, http://10.0.0.5:8080")
    monkeypatch.setenv("RAG_METRICS_PUBLIC", "false")
    s = Settings(_env_file=None)
    assert s.api_key_map["portal"].key == "k1" and s.api_key_map["portal"].role == "read"
    assert [k.role for k in s.api_key_map.values() if k.key == "k2"] == ["read"]
    assert s.cors_origins == ["https://portal.example.org", "http://10.0.0.5:8080"]
    assert s.metrics_public is False
    assert (s.rate_limit_per_minute, s.max_body_bytes, s.max_chat_messages) == (120, 1024 * 1024, 50)
    assert "k1" not in repr(s)
