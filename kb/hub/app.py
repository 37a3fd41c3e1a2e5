"""The hub's HTTP API (Starlette): ``/api/v1/...``; see ``docs/notes-and-hub.md``.

Every endpoint checks a bearer token and its role (agents upload notes and read the KB, editors
also publish, admins manage users); bodies are capped at 1 MiB, batches at 500 notes; malformed
input gets a 4xx with a clear message and nothing stored. No state lives in the process besides the
database engine and the signing key, so any number of instances can serve one PostgreSQL database.

Thread rule: the event loop only parses and answers; database work runs in Starlette's thread pool.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from kb.hub import db, validation
from kb.hub.openapi import openapi_schema
from kb.hub.service import HubService, Principal
from kb.version import version
from kb.wire import notes, signing
from kb.wire.jsonio import MAX_REQUEST_BYTES, JsonError, parse_json
from kb.wire.problems import RequestError

log = logging.getLogger("kb.hub")
PREFIX = "/api/v1"
DB_URL_ENV = "SUFLER_HUB_DB"
KEY_FILE_ENV = "SUFLER_HUB_SIGNING_KEY"

Handler = Callable[[Request], Awaitable[Response]]


def _error(status: int, message: str, details: list[dict[str, Any]] | None = None,
           headers: dict[str, str] | None = None,
           extra: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if details:
        body["details"] = details
    body.update(extra or {})
    return JSONResponse(body, status_code=status, headers=headers)


async def _read_json(request: Request) -> Any:
    """The body as JSON, refusing more than 1 MiB (by header or as it streams) and non-JSON."""
    return _parse_json(await _read_body(request))


async def _read_body(request: Request) -> bytes:
    """The raw body, refusing more than 1 MiB (by header or as it streams) and non-JSON types."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise RequestError(400, "invalid Content-Length")
        if int(declared) > MAX_REQUEST_BYTES:
            raise RequestError(413, f"the body is larger than {MAX_REQUEST_BYTES} bytes")
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in ("application/json", ""):
        raise RequestError(415, "the body must be application/json")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise RequestError(413, f"the body is larger than {MAX_REQUEST_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(raw: bytes) -> Any:
    try:
        return parse_json(raw)
    except JsonError as exc:
        raise RequestError(400, f"the body is not valid JSON: {exc}") from None


def _int_param(request: Request, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RequestError(400, f"'{name}' must be a whole number") from None
    if not minimum <= value <= maximum:
        raise RequestError(400, f"'{name}' must be between {minimum} and {maximum}")
    return value


def _float_param(request: Request, name: str) -> float | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RequestError(400, f"'{name}' must be seconds since the epoch") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise RequestError(400, f"'{name}' must be a finite number")
    return value


class Hub:
    """The endpoints, bound to one :class:`HubService`."""

    def __init__(self, service: HubService) -> None:
        self.service = service
        # Called after each notes upload with (principal, uploads, results): the floor's
        # callbacks come from notes.
        self.note_hooks: list[Callable[[Principal, list[Any], list[dict[str, Any]]], object]] = []

    @staticmethod
    def _bearer(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise RequestError(401, "a bearer token is required")
        return token.strip()

    def _authorize(self, token: str, role: str) -> Principal:
        """Blocking (database): call on a worker thread."""
        principal = self.service.authenticate(token)
        if principal is None:
            raise RequestError(401, "the token is unknown or revoked")
        if not principal.allows(role):
            raise RequestError(403, f"this needs the {role} role (the token is {principal.role})")
        return principal

    async def _principal(self, request: Request, role: str) -> Principal:
        return await run_in_threadpool(self._authorize, self._bearer(request), role)

    async def health(self, request: Request) -> Response:
        revision = await run_in_threadpool(self.service.latest_revision)
        schema = await run_in_threadpool(self.service.schema_revision)
        return JSONResponse({"status": "ok", "kb_revision": revision, "version": version(),
                             "schema": schema})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_schema())

    # The two hot paths make one trip to the thread pool: authorise, then the work.

    async def upload_notes(self, request: Request) -> Response:
        token = self._bearer(request)
        raw = await _read_body(request)

        def work() -> list[dict[str, Any]]:
            principal = self._authorize(token, "agent")
            items = notes.check_batch(_parse_json(raw))
            results = self.service.store_notes(principal, items)
            for hook in self.note_hooks:
                hook(principal, items, results)
            return results

        return JSONResponse({"results": await run_in_threadpool(work)})

    async def kb_changes(self, request: Request) -> Response:
        token = self._bearer(request)

        def work() -> dict[str, Any]:
            self._authorize(token, "agent")
            since = _int_param(request, "since", 0, 0, 2**31 - 1)
            limit = _int_param(request, "limit", 20, 1, 100)
            return self.service.changes(since, limit)

        return JSONResponse(await run_in_threadpool(work))

    async def enroll(self, request: Request) -> Response:
        """A one-time code for a token (no bearer: the code is the credential)."""
        from kb.hub import enrollment

        body = await _read_json(request)
        code = body.get("code") if isinstance(body, dict) else None
        if not isinstance(code, str) or not 8 <= len(code) <= 64:
            raise RequestError(422, "the body must be an object with the enrollment 'code'")
        result = await run_in_threadpool(enrollment.redeem, self.service, code)
        if self.service.signing_key is not None:
            public = self.service.signing_key.public_key()
            result["public_key"] = signing.public_key_text(public)
            result["key_id"] = signing.key_id(public)
        return JSONResponse(result, headers={"Cache-Control": "no-store"})

    async def public_key(self, request: Request) -> Response:
        await self._principal(request, "agent")
        if self.service.signing_key is None:
            raise RequestError(503, "this hub has no signing key")
        public = self.service.signing_key.public_key()
        return JSONResponse({"algorithm": signing.ALGORITHM,
                             "public_key": signing.public_key_text(public),
                             "key_id": signing.key_id(public)})

    async def site_profile(self, request: Request) -> Response:
        from kb.hub.site_profile import current_profile

        token = self._bearer(request)

        def work() -> dict[str, Any]:
            self._authorize(token, "agent")
            return current_profile(self.service)

        return JSONResponse(await run_in_threadpool(work))

    async def publish(self, request: Request) -> Response:
        from kb.hub.editing import read_publication

        principal = await self._principal(request, "editor")
        change = await read_publication(request)
        result = await run_in_threadpool(
            lambda: self.service.publish(principal, change.upserts, change.deletions,
                                         bases=change.bases, synonym_sets=change.synonym_sets,
                                         synonyms_base=change.synonyms_base))
        return JSONResponse(result, status_code=201)

    async def list_users(self, request: Request) -> Response:
        await self._principal(request, "admin")
        return JSONResponse({"users": await run_in_threadpool(self.service.list_users)})

    async def add_user(self, request: Request) -> Response:
        await self._principal(request, "admin")
        name, role = validation.new_user(await _read_json(request))
        token = await run_in_threadpool(self.service.add_user, name, role)
        return JSONResponse({"name": name, "role": role, "token": token}, status_code=201)

    @staticmethod
    def _user_name(request: Request) -> str:
        name = str(request.path_params["name"])
        if not validation.USER_NAME_RE.match(name):
            raise RequestError(404, f"no user {name!r}")
        return name

    async def issue_token(self, request: Request) -> Response:
        await self._principal(request, "admin")
        name = self._user_name(request)
        token = await run_in_threadpool(self.service.issue_token, name)
        return JSONResponse({"name": name, "token": token}, status_code=201)

    async def revoke_tokens(self, request: Request) -> Response:
        await self._principal(request, "admin")
        name = self._user_name(request)
        count = await run_in_threadpool(self.service.revoke_tokens, name)
        return JSONResponse({"name": name, "revoked": count})

    async def export_csv(self, request: Request) -> Response:
        await self._principal(request, "editor")
        since, until = _float_param(request, "since"), _float_param(request, "until")
        chunks = self.service.export_csv(since, until)
        first = await run_in_threadpool(next, chunks)  # runs the query: errors are still 4xx/5xx

        def body() -> Iterator[bytes]:  # Starlette iterates it on a worker thread
            yield first.encode("utf-8")
            for chunk in chunks:
                yield chunk.encode("utf-8")

        return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="notes.csv"'})


def _guard(handler: Handler) -> Handler:
    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except RequestError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return _error(exc.status, exc.message, exc.details, headers,
                          getattr(exc, "extra", None))
        except sa_exc.IntegrityError:
            return _error(409, "a concurrent change conflicted with this one; try again")
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            log.error("database unavailable: %s", type(exc.orig).__name__ if exc.orig else exc)
            return _error(503, "the hub's database is unavailable; try again later",
                          headers={"Retry-After": "5"})

    return guarded


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, str(exc.detail),
                  headers=dict(exc.headers) if exc.headers else None)


def create_app(service: HubService) -> Starlette:
    from kb.hub import editing, floor_api, search_reports

    hub = Hub(service)
    routes = [
        Route(f"{PREFIX}/health", _guard(hub.health), methods=["GET"]),
        Route(f"{PREFIX}/openapi.json", _guard(hub.openapi), methods=["GET"]),
        Route(f"{PREFIX}/notes", _guard(hub.upload_notes), methods=["POST"]),
        Route(f"{PREFIX}/notes/export.csv", _guard(hub.export_csv), methods=["GET"]),
        Route(f"{PREFIX}/kb/changes", _guard(hub.kb_changes), methods=["GET"]),
        Route(f"{PREFIX}/kb/articles", _guard(hub.publish), methods=["POST"]),
        Route(f"{PREFIX}/kb/public-key", _guard(hub.public_key), methods=["GET"]),
        Route(f"{PREFIX}/site-profile", _guard(hub.site_profile), methods=["GET"]),
        Route(f"{PREFIX}/enroll", _guard(hub.enroll), methods=["POST"]),
        Route(f"{PREFIX}/users", _guard(hub.list_users), methods=["GET"]),
        Route(f"{PREFIX}/users", _guard(hub.add_user), methods=["POST"]),
        Route(f"{PREFIX}/users/{{name}}/tokens", _guard(hub.issue_token), methods=["POST"]),
        Route(f"{PREFIX}/users/{{name}}/tokens", _guard(hub.revoke_tokens), methods=["DELETE"]),
        *editing.routes(hub),
        *search_reports.routes(hub),
        *floor_api.routes(hub),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: _http_error})


def app_from_env() -> Starlette:
    """The uvicorn factory (``kb.hub.app:app_from_env``): configured by the serve command."""
    url = os.environ.get(DB_URL_ENV)
    if not url:
        raise RuntimeError(f"{DB_URL_ENV} is not set; start the hub with `python -m kb.hub serve`")
    key_file = os.environ.get(KEY_FILE_ENV)
    key = signing.load_or_create_private_key(Path(key_file)) if key_file else None
    engine = db.create_hub_engine(url)
    return create_app(HubService(engine, key))
