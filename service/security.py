"""Access control for an intranet deployment: API keys, widget tokens, rate limits, CORS and body limits.

Everything is installed by :func:`install_security` as plain ASGI middleware, so no router has to
remember to protect itself; the few routes reachable without credentials are listed once, below.
Errors are JSON bodies in the shape of service/errors.py: {"error": code, "message": ...}.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel, Field
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.config import Settings
from service.schemas import ErrorBody

log = logging.getLogger(__name__)

#: Reachable without credentials (GET/HEAD only) even when keys are on.
PUBLIC_PATHS = frozenset(
    {"/healthz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/widget.js", "/embed"}
)
#: Public unless RAG_METRICS_PUBLIC=false.
METRICS_PATH = "/metrics"
#: Routes that check credentials themselves and answer in their own format (Dify's), any method.
SELF_AUTHENTICATING_PATHS = frozenset({"/retrieval"})

#: The caller's name when keys are off.
ANONYMOUS = "anonymous"
MAX_TOKEN_TTL_SECONDS = 3600
_MAX_CREDENTIAL_CHARS = 4096
# Generated once per process: tokens survive neither a restart nor a hop to another worker
# unless RAG_TOKEN_SECRET is set.
_PROCESS_SECRET = secrets.token_bytes(32)

#: Wall clock for token expiry; tests replace it.
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key name (a token's minting key), the token's subject, and how they proved it."""

    name: str
    via: str  # "key", "token" or "anonymous"
    subject: str | None = None


def route_path(scope: Scope) -> str:
    """The path the app routes on, without the root path a reverse proxy mounted it under."""
    path, root = scope["path"], scope.get("root_path", "")
    return (path[len(root):] or "/") if root and path.startswith(root) else path


def is_public(settings: Settings, method: str, path: str) -> bool:
    if path in SELF_AUTHENTICATING_PATHS:
        return True
    if method not in ("GET", "HEAD"):
        return False
    return path in PUBLIC_PATHS or (path == METRICS_PATH and settings.metrics_public)


# -- keys and tokens ---------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signing_key(settings: Settings) -> bytes:
    secret = settings.token_secret.get_secret_value().encode() if settings.token_secret else _PROCESS_SECRET
    return hmac.new(secret, b"rag-widget-token/v1", hashlib.sha256).digest()


def mint_token(settings: Settings, key_name: str, subject: str | None, ttl_seconds: int) -> tuple[str, int]:
    """An HMAC-SHA256-signed ``v1.<payload>.<signature>`` token and its expiry (Unix seconds)."""
    expires = int(clock()) + ttl_seconds
    payload = _b64(json.dumps({"k": key_name, "sub": subject, "exp": expires}, separators=(",", ":")).encode())
    signed = f"v1.{payload}"
    signature = _b64(hmac.new(_signing_key(settings), signed.encode(), hashlib.sha256).digest())
    return f"{signed}.{signature}", expires


def verify_token(settings: Settings, token: str) -> Principal | None:
    """The token's principal if its signature holds, it has not expired and its key still exists."""
    version, _, rest = token.partition(".")
    payload, _, signature = rest.partition(".")
    if version != "v1" or not payload or not signature:
        return None
    expected = _b64(hmac.new(_signing_key(settings), f"v1.{payload}".encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    try:
        claims = json.loads(_unb64(payload))
        name, subject, expires = claims["k"], claims["sub"], claims["exp"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(expires, int) or expires <= clock():
        return None
    keys = settings.api_key_map
    if keys and name not in keys:  # the minting key was revoked
        return None
    return Principal(name=name, via="token", subject=subject)


def authenticate(settings: Settings, header_value: str | None) -> Principal | None:
    """The caller behind an ``Authorization: Bearer`` value: an API key or a token minted with one."""
    keys = settings.api_key_map
    if not keys:
        return Principal(name=ANONYMOUS, via="anonymous")
    scheme, _, credential = (header_value or "").strip().partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential or len(credential) > _MAX_CREDENTIAL_CHARS:
        return None
    # Compare fixed-length digests against every key, without stopping at a match: the time taken
    # tells neither which key matched nor how much of one did.
    presented = hashlib.sha256(credential.encode()).digest()
    matched = None
    for name, key in keys.items():
        if hmac.compare_digest(presented, hashlib.sha256(key.encode()).digest()):
            matched = name
    if matched is not None:
        return Principal(name=matched, via="key")
    return verify_token(settings, credential)


def verify_bearer(settings: Settings, header_value: str | None) -> str | None:
    """The key name behind an ``Authorization`` header value (a key or a token), or None if invalid.

    For routes that answer auth errors in their own format (Dify's /retrieval). When keys are off,
    every caller is accepted and the name is ``"anonymous"``.
    """
    principal = authenticate(settings, header_value)
    return principal.name if principal else None


# -- rate limits -------------------------------------------------------------------------------
class RateLimiter:
    """A token bucket per identity, in memory and thread-safe.

    Each identity may burst ``per_minute`` requests, then gets one more every 60/per_minute seconds.
    ``clock`` is monotonic; tests replace it.
    """

    _PRUNE_EVERY = 1024

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # identity -> (tokens left, when counted)
        self._lock = threading.Lock()
        self._calls = 0

    def acquire(self, identity: str) -> float | None:
        """Take one request from ``identity``'s bucket: None if allowed, else seconds until one is."""
        if self.per_minute <= 0:
            return None
        rate = self.per_minute / 60
        with self._lock:
            now = self.clock()
            tokens, counted = self._buckets.get(identity, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - counted) * rate)
            allowed = tokens >= 1
            self._buckets[identity] = (tokens - 1 if allowed else tokens, now)
            self._calls += 1
            if self._calls % self._PRUNE_EVERY == 0:
                self._prune(now, rate)
            return None if allowed else (1 - tokens) / rate

    def _prune(self, now: float, rate: float) -> None:
        """Forget full buckets, so that a stream of one-off client IPs cannot grow memory without end."""
        for identity, (tokens, counted) in list(self._buckets.items()):
            if tokens + (now - counted) * rate >= self.per_minute:
                del self._buckets[identity]


# -- middleware --------------------------------------------------------------------------------
def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class AccessControlMiddleware:
    """401 without a valid key or token (outside the public paths), then 429 past the rate limit.

    Stores the caller as ``request.state.principal`` for routes and the access log.
    """

    def __init__(self, app: ASGIApp, settings: Settings, limiter: RateLimiter) -> None:
        self.app, self.settings, self.limiter = app, settings, limiter
        self.keys_on = bool(settings.api_key_map)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_public(self.settings, scope["method"], route_path(scope)):
            await self.app(scope, receive, send)
            return
        header = _header(scope, b"authorization")
        principal = authenticate(self.settings, header)
        if principal is None:
            challenge = 'Bearer error="invalid_token"' if header else "Bearer"
            message = "invalid API key or token" if header else "send Authorization: Bearer <API key or token>"
            await _error(401, "unauthorized", message, {"WWW-Authenticate": challenge})(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = principal
        client = scope.get("client")
        identity = principal.name if self.keys_on else f"ip:{client[0] if client else 'unknown'}"
        wait = self.limiter.acquire(identity)
        if wait is not None:
            seconds = max(1, math.ceil(wait))
            message = f"more than {self.limiter.per_minute} requests a minute; retry in {seconds} s"
            await _error(429, "rate_limited", message, {"Retry-After": str(seconds)})(scope, receive, send)
            return
        await self.app(scope, receive, send)


UPLOAD_FILES_PER_REQUEST = 20


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies over ``max_bytes``: on a declared Content-Length, and on the bytes actually read.

    A body that grows past the limit while the app reads it makes ``receive`` raise; whatever the app
    then tries to answer (FastAPI turns the exception into a 400) is replaced by the 413.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int | None = None) -> None:
        self.app, self.default_bytes = app, max_bytes
        # Document uploads (POST/PUT /documents) carry files: their limit follows RAG_MAX_UPLOAD_MB.
        self.upload_bytes = max(max_bytes, upload_bytes or 0)

    def _too_large(self, limit: int) -> JSONResponse:
        return _error(413, "payload_too_large", f"the request body is larger than {limit} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        uploading = scope.get("method") in ("POST", "PUT") and scope.get("path", "").startswith("/documents")
        limit = self.upload_bytes if uploading else self.default_bytes
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not (declared.isascii() and declared.strip().isdigit()):
                await _error(400, "bad_request", "Content-Length is not a number")(scope, receive, send)
                return
            if int(declared) > limit:
                await self._too_large(limit)(scope, receive, send)
                return
        received = 0
        overflow = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflow = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if overflow and message["type"].startswith("http.response"):
                if not started:  # swap the app's answer for the 413
                    started = True
                    await self._too_large(limit)(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not overflow:
                raise
            if not started:
                await self._too_large(limit)(scope, receive, send)


# -- POST /auth/token --------------------------------------------------------------------------
class TokenRequest(BaseModel):
    user: str | None = Field(
        default=None, min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Who the portal signed in (carried in the token and the access log).",
    )
    ttl_seconds: int = Field(default=600, ge=1, le=MAX_TOKEN_TTL_SECONDS, description="Lifetime of the token.")


class TokenResponse(BaseModel):
    token: str = Field(description="Send as Authorization: Bearer <token> until it expires.")
    expires_at: str = Field(description="Expiry, ISO 8601 UTC.")
    expires_in: int = Field(description="Seconds until expiry.")


router = APIRouter(tags=["auth"])


@router.post(
    "/auth/token",
    response_model=TokenResponse,
    responses={401: {"model": ErrorBody, "description": "No valid API key"},
               403: {"model": ErrorBody, "description": "Called with a token instead of an API key"}},
)
def issue_token(request: Request, body: TokenRequest | None = None) -> TokenResponse | JSONResponse:
    """Mint a short-lived token for the portal widget, so the page never holds an API key.

    The token is accepted wherever keys are, and counts against the rate limit of the key that minted it.
    """
    body = body or TokenRequest()
    principal: Principal = getattr(request.state, "principal", None) or Principal(ANONYMOUS, "anonymous")
    if principal.via == "token":
        return _error(403, "forbidden", "a token cannot mint tokens; use an API key")
    token, expires = mint_token(request.app.state.settings, principal.name, body.user, body.ttl_seconds)
    expires_at = datetime.fromtimestamp(expires, UTC).isoformat().replace("+00:00", "Z")
    return TokenResponse(token=token, expires_at=expires_at, expires_in=body.ttl_seconds)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add body limits, keys and rate limits, then CORS around them (so that 401/429 carry CORS headers).

    Starlette runs the middleware added last first.
    """
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    # An upload may carry several files of up to RAG_MAX_UPLOAD_MB each (and multipart overhead).
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       upload_bytes=settings.max_upload_bytes * UPLOAD_FILES_PER_REQUEST + 64 * 1024)
    app.add_middleware(AccessControlMiddleware, settings=settings, limiter=app.state.rate_limiter)
    if settings.cors_origins:
        if "*" in settings.cors_origins:
            log.warning("RAG_CORS_ORIGINS is *: any web page may call this API from a browser")
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    if not settings.api_key_map:
        log.info("RAG_API_KEYS is empty: the API is open to anyone who can reach it")
    app.include_router(router)
