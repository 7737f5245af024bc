"""Access control for an intranet deployment: API keys with roles, widget tokens, rate limits, CORS, body limits
(the routes that mint a widget token and say who a caller is: service/routers/auth.py).

Everything is installed by :func:`install_security` as plain ASGI middleware. Authentication and the
route's declared access (service/access.py) are checked before the body is read, so a widget token
cannot even upload the bytes of a document. Errors are JSON bodies in the shape of service/errors.py.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import time
from collections.abc import Callable

import jwt
from fastapi import FastAPI
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.config import Settings
from service.access import ROLE_ACCESS, Access, Principal, required, route_path
from service.errors import error_response
from service.rate_store import SQLiteStorage  # noqa: F401  (defining it registers sqlite:// with limits)

log = logging.getLogger(__name__)

#: The caller's name when keys are off.
ANONYMOUS = "anonymous"
MAX_TOKEN_TTL_SECONDS = 3600
_MAX_CREDENTIAL_CHARS = 4096
_TOKEN_ISSUER = "official-docs-rag"
_TOKEN_ALGORITHM = "HS256"
# Generated once per process: tokens survive neither a restart nor a hop to another worker
# unless RAG_TOKEN_SECRET is set.
_PROCESS_SECRET = secrets.token_bytes(32)

#: Wall clock for token expiry; tests replace it.
clock: Callable[[], float] = time.time


# -- keys and tokens ---------------------------------------------------------------------------
def _signing_key(settings: Settings) -> bytes:
    secret = settings.token_secret.get_secret_value().encode() if settings.token_secret else _PROCESS_SECRET
    return hmac.new(secret, b"rag-widget-token/v2", hashlib.sha256).digest()


def mint_token(settings: Settings, key_name: str, subject: str | None, origin: str,
               ttl_seconds: int) -> tuple[str, int]:
    """A JWT (HS256) for the widget, bound to the portal ``origin`` (its audience), and its expiry."""
    now = int(clock())
    claims = {"iss": _TOKEN_ISSUER, "key": key_name, "sub": subject or "", "aud": origin, "iat": now,
              "exp": now + ttl_seconds}
    return jwt.encode(claims, _signing_key(settings), algorithm=_TOKEN_ALGORITHM), now + ttl_seconds


def verify_token(settings: Settings, token: str, origin: str | None) -> Principal | None:
    """The token's principal if its signature holds, it was minted for ``origin``, it has not expired
    and its key still exists."""
    if not origin:
        return None  # a widget token is only good on the page it was minted for, and browsers name it
    try:
        # Expiry is checked below against ``clock`` (which tests move); PyJWT checks the rest.
        claims = jwt.decode(token, _signing_key(settings), algorithms=[_TOKEN_ALGORITHM], audience=origin,
                            issuer=_TOKEN_ISSUER, options={"require": ["exp", "aud", "iss"], "verify_exp": False})
    except jwt.PyJWTError:
        return None
    name, expires = claims.get("key"), claims.get("exp")
    if not isinstance(name, str) or not isinstance(expires, int) or expires <= clock():
        return None
    keys = settings.api_key_map
    if keys and name not in keys:  # the minting key was revoked
        return None
    return Principal(name=name, via="token", access=Access.WIDGET, subject=claims.get("sub") or None, origin=origin)


def authenticate(settings: Settings, header_value: str | None, origin: str | None = None) -> Principal | None:
    """The caller behind an ``Authorization: Bearer`` value: an API key, or a token minted for ``origin``."""
    keys = settings.api_key_map
    if not keys:
        return Principal(name=ANONYMOUS, via="anonymous", access=Access.ADMIN)
    scheme, _, credential = (header_value or "").strip().partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential or len(credential) > _MAX_CREDENTIAL_CHARS:
        return None
    # Compare fixed-length digests against every key, without stopping at a match: the time taken
    # tells neither which key matched nor how much of one did.
    presented = hashlib.sha256(credential.encode()).digest()
    matched = None
    for key in keys.values():
        if hmac.compare_digest(presented, hashlib.sha256(key.key.encode()).digest()):
            matched = key
    if matched is not None:
        return Principal(name=matched.name, via="key", access=ROLE_ACCESS[matched.role])
    return verify_token(settings, credential, origin)


# -- rate limits -------------------------------------------------------------------------------
class RateLimiter:
    """``per_minute`` requests per identity in any moving 60-second window (the ``limits`` library).

    The storage is a ``limits`` URI: ``memory://`` in this process, ``sqlite:///path`` to share the counts
    between the workers of one machine (service.rate_store), or ``redis://host:6379`` between hosts.
    """

    def __init__(self, per_minute: int, storage: str = "memory://") -> None:
        self.per_minute = per_minute
        self._item = RateLimitItemPerMinute(max(per_minute, 1))
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage))

    def acquire(self, identity: str) -> float | None:
        """Count one request of ``identity``: None if allowed, else seconds until one is."""
        if self.per_minute <= 0 or self._limiter.hit(self._item, identity):
            return None
        reset = self._limiter.get_window_stats(self._item, identity).reset_time
        return max(reset - clock(), 0.0)


# -- middleware --------------------------------------------------------------------------------
def request_origin(scope: Scope) -> str | None:
    """The origin of the page that sent the request, as the browser states it.

    Browsers send ``Origin`` with cross-origin requests and with same-origin POSTs, but not with a
    same-origin GET; there ``Sec-Fetch-Site: same-origin`` (which no page can forge) says the page
    is this service's own (/embed), so its origin is this service's.
    """
    origin = _header(scope, b"origin")
    if origin:
        return origin.lower()
    if _header(scope, b"sec-fetch-site") == "same-origin":
        host = _header(scope, b"host")
        return f"{scope.get('scheme', 'http')}://{host}".lower() if host else None
    return None


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None,
           path: str = "") -> JSONResponse:
    return error_response(path, status, code, message, headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class AccessControlMiddleware:
    """401 without valid credentials, 403 below the route's declared access, then 429 past the rate limit.

    Stores the caller as ``request.state.principal`` for routes and the access log. A path or method
    that no route answers needs read access (so that an anonymous caller learns nothing of the routes).
    """

    def __init__(self, app: ASGIApp, settings: Settings, limiter: RateLimiter) -> None:
        self.app, self.settings, self.limiter = app, settings, limiter
        self.keys_on = bool(settings.api_key_map)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        declared = required(scope)
        access = declared.access if declared is not None else Access.READ
        if access == Access.PUBLIC or (declared is not None and declared.own_errors):
            await self.app(scope, receive, send)
            return
        header = _header(scope, b"authorization")
        principal = authenticate(self.settings, header, request_origin(scope))
        if principal is None:
            challenge = 'Bearer error="invalid_token"' if header else "Bearer"
            message = ("invalid API key or token (a widget token is valid only from the portal origin it was "
                       "minted for)") if header else "send Authorization: Bearer <API key or token>"
            await _error(401, "invalid_api_key" if path.startswith("/v1/") else "unauthorized", message,
                         {"WWW-Authenticate": challenge}, path)(scope, receive, send)
            return
        if principal.access < access:
            message = f"this route needs {access.name.lower()} access; the caller has {principal.access.name.lower()}"
            await _error(403, "forbidden", message, path=path)(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = principal
        client = scope.get("client")
        identity = principal.name if self.keys_on else f"ip:{client[0] if client else 'unknown'}"
        wait = self.limiter.acquire(identity)
        if wait is not None:
            seconds = math.floor(wait) + 1  # the window frees a request just after its reset time
            message = f"more than {self.limiter.per_minute} requests a minute; retry in {seconds} s"
            await _error(429, "rate_limit_exceeded" if path.startswith("/v1/") else "rate_limited", message,
                         {"Retry-After": str(seconds)}, path)(scope, receive, send)
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

    def _too_large(self, limit: int, path: str) -> JSONResponse:
        return _error(413, "payload_too_large", f"the request body is larger than {limit} bytes", path=path)

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
                await self._too_large(limit, route_path(scope))(scope, receive, send)
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
                    await self._too_large(limit, route_path(scope))(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not overflow:
                raise
            if not started:
                await self._too_large(limit, route_path(scope))(scope, receive, send)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add body limits, keys and rate limits, then CORS around them (so that 401/429 carry CORS headers).

    Starlette runs the middleware added last first.
    """
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.shared_rate_limit_storage)
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
        log.warning("RAG_API_KEYS is empty: anyone who can reach the API may change the documents")
