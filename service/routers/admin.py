"""GET /admin: the document admin page (list, upload, replace, delete, inspect), for a clerk's browser.

The page and its script are public and self-contained (no CDN, nothing from elsewhere); every call
they make needs an admin key, which the clerk types into the page.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from service.access import Access, requires
from service.routers.widget import serve_static

router = APIRouter(tags=["admin"], include_in_schema=False, dependencies=[requires(Access.PUBLIC)])

_ASSETS = {"admin.js": "application/javascript; charset=utf-8", "admin.css": "text/css; charset=utf-8"}
_CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
])


@router.get("/admin")
def admin_page(request: Request) -> Response:
    return serve_static(request, "admin.html", "text/html; charset=utf-8", {
        "Cache-Control": "no-cache", "Content-Security-Policy": _CSP, "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    })


@router.get("/admin/{name}")
def admin_asset(request: Request, name: str) -> Response:
    if name not in _ASSETS:
        raise HTTPException(404, f"no admin asset {name[:64]!r}")
    return serve_static(request, name, _ASSETS[name], {"Cache-Control": "no-cache"})
