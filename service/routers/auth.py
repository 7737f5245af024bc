"""POST /auth/token (a short-lived widget token, so that a portal page never holds an API key) and GET /auth/me
(who the credentials belong to). How keys and tokens are checked: service/security.py."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

from service.access import Access, Principal, requires, route_path
from service.errors import error_response
from service.schemas import ErrorBody
from service.security import MAX_TOKEN_TTL_SECONDS, mint_token


class TokenRequest(BaseModel):
    user: str | None = Field(
        default=None, min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Who the portal signed in (carried in the token and the access log).",
    )
    origin: str | None = Field(
        default=None, max_length=256,
        description="The portal origin the widget runs on (https://portal.example.org): one of RAG_CORS_ORIGINS, "
                    "or this service's own origin for /embed. Default: the request's Origin header.",
    )
    ttl_seconds: int = Field(default=600, ge=1, le=MAX_TOKEN_TTL_SECONDS, description="Lifetime of the token.")


class TokenResponse(BaseModel):
    token: str = Field(description="Send as Authorization: Bearer <token> from the bound origin until it expires.")
    origin: str = Field(description="The origin the token is bound to.")
    expires_at: str = Field(description="Expiry, ISO 8601 UTC.")
    expires_in: int = Field(description="Seconds until expiry.")


router = APIRouter(tags=["auth"])


def _invalid(request: Request, message: str) -> JSONResponse:
    return error_response(route_path(request.scope), 422, "invalid_request", message)


def allowed_origins(request: Request) -> set[str]:
    """Origins a widget token may be bound to: the CORS allowlist and this service's own origin."""
    own = str(request.base_url).rstrip("/").lower()
    return {*request.app.state.settings.cors_origins, own}


@router.post(
    "/auth/token",
    response_model=TokenResponse,
    dependencies=[requires(Access.READ)],
    responses={401: {"model": ErrorBody, "description": "No valid API key"},
               403: {"model": ErrorBody, "description": "Called with a token instead of an API key"},
               422: {"model": ErrorBody, "description": "No origin, or an origin that is not allowed"}},
)
def issue_token(request: Request, body: TokenRequest | None = None) -> TokenResponse | JSONResponse:
    """Mint a short-lived widget token, so the portal page never holds an API key.

    The token answers questions (POST /ask, POST /chat) only, only from the origin it is bound to,
    and counts against the rate limit of the key that minted it.
    """
    body = body or TokenRequest()
    principal: Principal = request.state.principal
    origin = (body.origin or request.headers.get("origin") or "").strip().lower().rstrip("/")
    allowed = allowed_origins(request)
    if not origin:
        return _invalid(request, "origin is required: the portal origin the widget runs on")
    if origin not in allowed and "*" not in allowed:
        return _invalid(request, f"origin {origin[:100]!r} is neither in RAG_CORS_ORIGINS nor this service's own "
                                 "origin")
    token, expires = mint_token(request.app.state.settings, principal.name, body.user, origin, body.ttl_seconds)
    expires_at = datetime.fromtimestamp(expires, UTC).isoformat().replace("+00:00", "Z")
    return TokenResponse(token=token, origin=origin, expires_at=expires_at, expires_in=body.ttl_seconds)


class Me(BaseModel):
    name: str = Field(description="The key's name (a token's minting key), or anonymous when keys are off.")
    via: str = Field(description="key, token or anonymous")
    access: str = Field(description="widget, read or admin")


@router.get("/auth/me", response_model=Me, dependencies=[requires(Access.WIDGET)])
def who_am_i(request: Request) -> Me:
    """Who the credentials belong to and what they may do (the admin page checks it at login)."""
    principal: Principal = request.state.principal
    return Me(name=principal.name, via=principal.via, access=principal.access.name.lower())
