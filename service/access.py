"""Who may call which route: every route declares the least access it needs, and nothing else decides.

Three principals: admin keys (everything), read keys (questions, the OpenAI API, Dify retrieval,
reading documents, minting widget tokens) and widget tokens (questions and chat only, short-lived,
bound to the portal origin they were minted for). With keys off every caller is an admin, as the
README says. A route declares its level with ``dependencies=[requires(Access.X)]``; the access
middleware (service/security.py) reads that declaration before the request body is read, and
:func:`check_declared` refuses to build an app with a route that declares nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Security
from fastapi.params import Depends as DependsParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import Scope


class Access(IntEnum):
    PUBLIC = 0  # no credentials: health, the widget's script, the API docs
    WIDGET = 1  # widget tokens and every key: ask and chat
    READ = 2  # read and admin keys
    ADMIN = 3  # admin keys: changes to the corpus


ROLE_ACCESS = {"admin": Access.ADMIN, "read": Access.READ}


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's name (a token's minting key), how they proved it, and what they may do."""

    name: str
    via: str  # "key", "token" or "anonymous"
    access: Access
    subject: str | None = None  # the portal user a widget token was minted for
    origin: str | None = None  # the portal origin a widget token is bound to


bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="bearerAuth",
    description="An API key (admin or read) or a widget token minted with POST /auth/token.",
)


class Requirement:
    """A route's declared access; as a dependency it also puts the Bearer scheme into the OpenAPI schema.

    The check here is a second line behind the middleware, which enforces the same declaration
    before the body is read.
    """

    def __init__(self, access: Access, own_errors: bool = False) -> None:
        self.access = access
        self.own_errors = own_errors  # the route answers auth errors in its own format (Dify's)

    # async: FastAPI runs a plain ``def`` dependency in its thread pool, a hop per request that this check
    # (it only reads what the middleware found) does not need. The same holds for the other dependencies.
    async def __call__(
        self, request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]
    ) -> Principal | None:
        principal: Principal | None = getattr(request.state, "principal", None)
        if not self.own_errors and (principal is None or principal.access < self.access):
            raise HTTPException(403, f"this route needs {self.access.name.lower()} access")
        return principal


class PublicRoute:
    """Declares a route open to anyone (no security scheme in the OpenAPI schema)."""

    access = Access.PUBLIC
    own_errors = False

    async def __call__(self) -> None:
        return None


_PUBLIC = PublicRoute()


def requires(access: Access, own_errors: bool = False) -> DependsParam:
    """The dependency that declares a route's access: ``dependencies=[requires(Access.READ)]``."""
    return Depends(_PUBLIC if access == Access.PUBLIC else Requirement(access, own_errors))


def routes(app_routes: list) -> Iterator[object]:
    """Routes flattened: FastAPI >= 0.16x keeps included routers as one entry with their own routes."""
    for route in app_routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if callable(contexts):
            yield from contexts()
        else:
            yield route


def declaration(route: object) -> Requirement | PublicRoute | None:
    for dependency in getattr(route, "dependencies", None) or []:
        if isinstance(dependency.dependency, Requirement | PublicRoute):
            return dependency.dependency
    return None


def route_path(scope: Scope) -> str:
    """The path the app routes on, without the root path a reverse proxy mounted it under."""
    path, root = scope["path"], scope.get("root_path", "")
    return (path[len(root):] or "/") if root and path.startswith(root) else path


def match(scope: Scope) -> tuple[object | None, object | None]:
    """(the route that would answer this request, a route of that path for another method)."""
    path, method, partial = route_path(scope), scope["method"], None
    app = scope.get("app")
    for route in routes(app.router.routes if app is not None else []):
        regex = getattr(route, "path_regex", None)
        if regex is None or not regex.match(path):
            continue
        methods = getattr(route, "methods", None)
        if not methods or method in methods or (method == "HEAD" and "GET" in methods):
            return route, partial
        partial = partial or route
    return None, partial


def required(scope: Scope) -> Requirement | PublicRoute | None:
    """What the request's route declares; None for a path or method no route answers."""
    route, _ = match(scope)
    return declaration(route) if route is not None else None


def check_declared(app: FastAPI) -> None:
    """Refuse an app in which any route leaves its access undeclared."""
    missing = [f"{sorted(getattr(r, 'methods', []) or [])} {getattr(r, 'path', r)}"
               for r in routes(app.router.routes) if declaration(r) is None]
    if missing:
        raise RuntimeError("routes without an access declaration (requires(Access.…)): " + "; ".join(missing))


def declared_routes(app: FastAPI) -> list[tuple[str, str, Access]]:
    """(method, path, access) of every route, for tests and the docs."""
    out = []
    for route in routes(app.router.routes):
        for method in sorted(getattr(route, "methods", None) or []):
            out.append((method, route.path, declaration(route).access))
    return out


def document_access(app: FastAPI) -> None:
    """Add each route's 401/403 answers and its access level to the OpenAPI schema."""
    build = app.openapi
    levels = {(m.lower(), path): access for m, path, access in declared_routes(app)}

    def openapi() -> dict:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                access = levels.get((method, path))
                if access is None or access == Access.PUBLIC:
                    continue
                operation["x-required-access"] = access.name.lower()
                responses = operation.setdefault("responses", {})
                responses.setdefault("401", {"description": "No valid API key or widget token", **error})
                responses.setdefault("403", {"description": f"Needs {access.name.lower()} access", **error})
        return schema

    app.openapi = openapi
