"""The API's own documentation, offline: the OpenAPI schema, Swagger UI at /docs and ReDoc at /redoc.

FastAPI's default pages load Swagger UI and ReDoc from a CDN, which an intranet without internet
cannot reach. The assets come from the ``fastapi-offline`` package instead and are served here,
read once per process; the pages load nothing from elsewhere.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from service.access import Access, requires

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
_ASSETS = {
    "swagger-ui-bundle.js": "application/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "application/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
ASSETS_PATH = "/docs/assets"

router = APIRouter(include_in_schema=False, dependencies=[requires(Access.PUBLIC)])
# Only this service: ReDoc's footer would fetch a Redocly logo from its CDN; the policy stops that request
# (and ReDoc hides the missing image). The pages' own start-up scripts are inline.
_CSP = "; ".join([
    "default-src 'self'", "script-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "font-src 'self' data:",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
])


@cache
def _asset(name: str) -> tuple[bytes, str]:
    body = (ASSETS_DIR / name).read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@router.get("/openapi.json")
def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def swagger(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return _with_csp(get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json", title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
        swagger_ui_parameters={"persistAuthorization": True},
    ))


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return _with_csp(get_redoc_html(
        openapi_url=f"{root}/openapi.json", title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png", with_google_fonts=False,
    ))


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = _CSP
    return page


@router.get(ASSETS_PATH + "/{name}")
def asset(name: str, request: Request) -> Response:
    if name not in _ASSETS:
        raise HTTPException(404, f"no documentation asset {name[:64]!r}")
    body, etag = _asset(name)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=_ASSETS[name], headers=headers)
