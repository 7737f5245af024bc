"""GET /widget.js (the portal chat widget) and GET /embed (the same box as a page for an iframe).

Both are public and self-contained: no CDN, no fonts,
nothing outside service/static, so they work on a closed intranet.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

from service.access import Access, requires

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

#: Browsers revalidate the widget after this long; an unchanged file costs a 304.
WIDGET_MAX_AGE_SECONDS = 600

router = APIRouter(tags=["widget"], include_in_schema=False, dependencies=[requires(Access.PUBLIC)])


@cache
def _asset(name: str) -> tuple[bytes, str]:
    """The file's bytes and a strong ETag, read once per process."""
    body = (STATIC_DIR / name).read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return any(tag.strip() in (etag, "W/" + etag, "*") for tag in wanted.split(","))


def serve_static(request: Request, name: str, media_type: str, headers: dict[str, str]) -> Response:
    body, etag = _asset(name)
    headers = {**headers, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _frame_ancestors(request: Request) -> str:
    """Pages allowed to frame /embed: this origin and the portals in RAG_CORS_ORIGINS."""
    origins = request.app.state.settings.cors_origins
    if "*" in origins:
        return "*"
    return " ".join(["'self'", *origins])


@router.api_route("/widget.js", methods=["GET", "HEAD"])
def widget_js(request: Request) -> Response:
    """The script a portal includes: ``<script src=".../widget.js" data-token="..." defer></script>``."""
    return serve_static(request, "widget.js", "application/javascript; charset=utf-8", {
        "Cache-Control": f"public, max-age={WIDGET_MAX_AGE_SECONDS}",
        # Portals on other origins load it; allow that even on pages with Cross-Origin-Embedder-Policy.
        "Cross-Origin-Resource-Policy": "cross-origin",
    })


@router.api_route("/embed", methods=["GET", "HEAD"])
def embed(request: Request) -> Response:
    """The chat box as a whole page, for ``<iframe src=".../embed#token=...">``."""
    csp = "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        f"frame-ancestors {_frame_ancestors(request)}",
    ])
    return serve_static(request, "embed.html", "text/html; charset=utf-8", {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
    })
