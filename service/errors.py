"""Turn library exceptions and validation failures into JSON errors; never leak a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.chat import ChatError
from rag.errors import (
    DocumentError,
    DocumentNotFoundError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
    ModelUnavailableError,
    RagError,
)
from rag.index.filters import FilterError
from rag.ingest import IngestError
from rag.ingest.worker import WriterFailed
from rag.pipeline import QueryError
from service.schemas import ErrorBody

log = logging.getLogger(__name__)

# Index and model errors name server paths: clients get a plain message, the log keeps the detail.
_PUBLIC_MESSAGE = {
    IndexNotFoundError: "no index has been built yet; an operator must run `rag index`",
    IndexMismatchError: "the index was built with other model or chunker settings; "
                        "an operator must run `rag index --rebuild`",
    IndexCorruptError: "the index is damaged; an operator must run `rag index --rebuild`",
    ModelUnavailableError: "the embedding model is not available; see the server log",
}

_STATUS: list[tuple[type[RagError], int, str]] = [
    (DocumentNotFoundError, 404, "not_found"),
    (QueryError, 422, "invalid_request"),
    (FilterError, 422, "invalid_request"),
    (ChatError, 422, "invalid_request"),
    (IngestError, 400, "bad_document"),
    (DocumentError, 400, "bad_document"),
    (WriterFailed, 503, "writer_failed"),
    (IndexNotFoundError, 503, "index_missing"),
    (IndexMismatchError, 503, "index_mismatch"),
    (IndexCorruptError, 503, "index_corrupt"),
    (ModelUnavailableError, 503, "model_unavailable"),
]

ERROR_RESPONSES = {
    404: {"model": ErrorBody, "description": "Unknown id"},
    503: {"model": ErrorBody, "description": "Index or model not available"},
}


OPENAI_PREFIX = "/v1/"
# OpenAI's error type for each status (https://platform.openai.com/docs/guides/error-codes).
_OPENAI_TYPE = {401: "invalid_request_error", 403: "invalid_request_error", 404: "invalid_request_error",
                429: "rate_limit_error", 500: "server_error", 503: "server_error"}


class OpenAIError(Exception):
    """An error of the OpenAI-compatible routes, answered in OpenAI's shape."""

    def __init__(self, status: int, message: str, type_: str, code: str | None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type_, code, param


def error_response(path: str, status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   **extra) -> JSONResponse:
    """Our error body, ``{"error": code, "message": …}``, or OpenAI's under /v1/ (so its clients show the
    message): ``{"error": {"message", "type", "param", "code"}}``."""
    if path.startswith(OPENAI_PREFIX):
        body = {"message": message, "type": _OPENAI_TYPE.get(status, "invalid_request_error"),
                "param": extra.get("param"), "code": code}
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status, headers=headers)


class OwnFormatError(Exception):
    """Raised by a route (or its dependency) that answers errors in a client's own format (Dify's)."""

    def __init__(self, response: JSONResponse) -> None:
        super().__init__(response.status_code)
        self.response = response




def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
    return f"{where}: {error.get('msg', 'invalid value')}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        message = "; ".join(_describe(e) for e in errors)
        if request.url.path.startswith(OPENAI_PREFIX):  # OpenAI answers a malformed request with 400
            param = ".".join(str(p) for p in errors[0].get("loc", ()) if p != "body") if errors else None
            return error_response(request.url.path, 400, "invalid_request", message, param=param or None)
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
        return error_response(request.url.path, 422, "invalid_request", message, detail=details)

    @app.exception_handler(OpenAIError)
    async def _openai(_: Request, exc: OpenAIError) -> JSONResponse:
        body = {"message": exc.message, "type": exc.type, "param": exc.param, "code": exc.code}
        return JSONResponse({"error": body}, status_code=exc.status)

    @app.exception_handler(OwnFormatError)
    async def _own_format(_: Request, exc: OwnFormatError) -> JSONResponse:
        return exc.response

    @app.exception_handler(RagError)
    async def _library(request: Request, exc: RagError) -> JSONResponse:
        path = request.url.path
        for cls, status, code in _STATUS:
            if isinstance(exc, cls):
                extra = {"refused": [{"file": f, "reason": r} for f, r in exc.refused]} \
                    if isinstance(exc, IngestError) else {}
                if path.startswith(OPENAI_PREFIX) and status == 422:
                    status = 400
                if cls in _PUBLIC_MESSAGE:
                    log.error("%s: %s", code, exc)
                    return error_response(path, status, code, _PUBLIC_MESSAGE[cls])
                return error_response(path, status, code, str(exc), **extra)
        log.error("unhandled library error: %s", exc)
        return error_response(path, 500, "internal_error", "internal server error; the incident was logged")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(request.url.path, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request.url.path, 500, "internal_error", "internal server error; the incident was logged")
