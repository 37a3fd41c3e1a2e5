"""The floor's HTTP API under ``/api/v1/floor/``: events in, the live stream, the board,
raised hands, callbacks, groups and the manager's reports. See ``docs/supervisor.md``.

Roles: agents upload their own events, read the stream of their own alerts and callbacks and
claim unclaimed callbacks; supervisors (and above) read the whole floor, answer alerts,
reassign callbacks and read reports; admins set groups and the floor's time zone.

Thread rule: handlers run on the event loop; database work goes to Starlette's thread pool.
The stream is an async generator fed by :class:`~kb.hub.floor_bus.FloorBus`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from kb.hub import report_render
from kb.hub.app import PREFIX, _float_param, _guard, _parse_json, _read_body, _read_json
from kb.hub.floor import FloorService
from kb.hub.floor_bus import RESYNC, sse_event
from kb.hub.reports import build_report
from kb.hub.validation import USER_NAME_RE
from kb.wire.floor import (
    AlertState,
    CallbackState,
    FloorError,
    check_ack,
    check_assignee,
    check_batch,
    check_uuid,
)
from kb.wire.problems import RequestError

if TYPE_CHECKING:
    from kb.hub.app import Hub

PING_SECONDS = 15.0
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
FORMATS = {"json", "csv", "html", "svg"}


def _id(request: Request, what: str) -> str:
    try:
        return check_uuid(what, request.path_params["id"])
    except FloorError:
        raise RequestError(404, f"no {what} {str(request.path_params['id'])[:60]!r}") from None


def _enum_param(request: Request, name: str, kind: Any) -> Any:
    raw = request.query_params.get(name)
    if raw in (None, "", "all"):
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise RequestError(400, f"'{name}' must be one of {allowed} or all") from None


def _date_param(request: Request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise RequestError(400, f"'{name}' must be a date like 2026-03-31") from None


def report_response(floor: FloorService, request: Request, first: dt.date, last: dt.date
                    ) -> Response:
    """Blocking (database): the report in the asked format."""
    fmt = request.query_params.get("format", "json")
    if fmt not in FORMATS:
        raise RequestError(400, f"'format' must be one of {', '.join(sorted(FORMATS))}")
    lang = "ru" if request.query_params.get("lang") == "ru" else "en"
    group = request.query_params.get("group") or None
    try:
        report = build_report(floor.engine, first, last, floor.zone(), group)
    except ValueError as exc:
        raise RequestError(400, str(exc)) from None
    name = f"floor-{first.isoformat()}" + ("" if first == last else f"-{last.isoformat()}")
    if fmt == "csv":
        return Response(report_render.report_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "html":
        return Response(report_render.report_html(report, lang),
                        media_type="text/html; charset=utf-8")
    if fmt == "svg":
        made = report_render.charts(report, lang)
        chart = request.query_params.get("chart", "calls")
        if chart not in made:
            raise RequestError(400, f"'chart' must be one of {', '.join(sorted(made))}")
        return Response(made[chart], media_type="image/svg+xml")
    return JSONResponse(report.to_json())


def routes(hub: Hub) -> list[Route]:
    """The floor's routes, bound to ``hub``'s database (and its notes upload, for callbacks)."""
    floor = FloorService(hub.service.engine)
    hub.note_hooks.append(lambda principal, uploads, results: floor.note_callbacks(
        principal, uploads, {r["uuid"]: r["revision"] for r in results}))

    async def upload(request: Request) -> Response:
        received = time.time()  # before any queueing here: the clock check compares with it
        token = hub._bearer(request)
        raw = await _read_body(request)

        def work() -> dict[str, Any]:
            principal = hub._authorize(token, "agent")
            return floor.store_events(principal, check_batch(_parse_json(raw)), received)

        return JSONResponse(await run_in_threadpool(work))

    async def stream(request: Request) -> Response:
        principal = await hub._principal(request, "agent")
        subscription = floor.bus.subscribe(principal.name, principal.role)
        wide = subscription.sees_all

        def snapshot() -> str:
            if wide:
                return sse_event("board", floor.board())
            return sse_event("mine", floor.mine(principal))

        try:
            first = await run_in_threadpool(snapshot)
        except BaseException:
            floor.bus.unsubscribe(subscription)
            raise

        async def events() -> AsyncIterator[str]:
            try:
                yield first
                while True:
                    try:
                        text = await asyncio.wait_for(subscription.queue.get(), PING_SECONDS)
                    except TimeoutError:
                        yield ": ping\n\n"
                        continue
                    yield await run_in_threadpool(snapshot) if text == RESYNC else text
            finally:
                floor.bus.unsubscribe(subscription)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers=STREAM_HEADERS)

    async def board(request: Request) -> Response:
        await hub._principal(request, "supervisor")
        return JSONResponse(await run_in_threadpool(floor.board))

    async def mine(request: Request) -> Response:
        principal = await hub._principal(request, "agent")
        return JSONResponse(await run_in_threadpool(floor.mine, principal))

    async def alerts(request: Request) -> Response:
        await hub._principal(request, "supervisor")
        state = _enum_param(request, "state", AlertState)
        since = _float_param(request, "since")
        return JSONResponse({"alerts": await run_in_threadpool(floor.alerts, state, since)})

    async def acknowledge(request: Request) -> Response:
        principal = await hub._principal(request, "supervisor")
        alert_id = _id(request, "alert")
        ack = check_ack(await _read_json(request))
        return JSONResponse(await run_in_threadpool(floor.acknowledge, alert_id, principal, ack))

    async def close_alert(request: Request) -> Response:
        principal = await hub._principal(request, "supervisor")
        alert_id = _id(request, "alert")
        return JSONResponse(await run_in_threadpool(floor.close_alert, alert_id, principal))

    async def callbacks(request: Request) -> Response:
        principal = await hub._principal(request, "agent")
        state = _enum_param(request, "state", CallbackState) \
            if "state" in request.query_params else CallbackState.OPEN
        operator = request.query_params.get("operator") or None
        if not principal.allows("supervisor"):
            operator = principal.name  # an operator sees their own and the unclaimed ones
        due_before = _float_param(request, "due_before")
        return JSONResponse({"callbacks": await run_in_threadpool(
            floor.callbacks, state, operator, due_before)})

    async def assign(request: Request) -> Response:
        await hub._principal(request, "supervisor")
        callback_id = _id(request, "callback")
        to = check_assignee(await _read_json(request))
        return JSONResponse(await run_in_threadpool(floor.assign, callback_id, to))

    async def claim(request: Request) -> Response:
        principal = await hub._principal(request, "agent")
        callback_id = _id(request, "callback")
        return JSONResponse(await run_in_threadpool(floor.claim, callback_id, principal))

    async def groups(request: Request) -> Response:
        await hub._principal(request, "supervisor")
        return JSONResponse({"groups": await run_in_threadpool(floor.groups)})

    async def set_group(request: Request) -> Response:
        await hub._principal(request, "admin")
        operator = str(request.path_params["operator"])
        if not USER_NAME_RE.match(operator):
            raise RequestError(404, f"no operator {operator[:60]!r}")
        body = await _read_json(request)
        group = body.get("group") if isinstance(body, dict) else None
        if not isinstance(group, str) or len(group) > 100:
            raise RequestError(422, "'group' must be a text of at most 100 characters")
        await run_in_threadpool(floor.set_group, operator, group.strip())
        return JSONResponse({"operator": operator, "group": group.strip()})

    async def settings(request: Request) -> Response:
        await hub._principal(request, "supervisor")
        return JSONResponse({"timezone": await run_in_threadpool(floor.timezone)})

    async def set_settings(request: Request) -> Response:
        await hub._principal(request, "admin")
        body = await _read_json(request)
        name = body.get("timezone") if isinstance(body, dict) else None
        if not isinstance(name, str):
            raise RequestError(422, "'timezone' must be a time zone name (e.g. Europe/Moscow)")
        await run_in_threadpool(floor.set_timezone, name)
        return JSONResponse({"timezone": name})

    def report(pick: Callable[[Request, dt.date], tuple[dt.date, dt.date]]
               ) -> Callable[[Request], Any]:
        async def handler(request: Request) -> Response:
            await hub._principal(request, "supervisor")

            def work() -> Response:
                today = dt.datetime.now(floor.zone()).date()
                first, last = pick(request, today)
                return report_response(floor, request, first, last)

            return await run_in_threadpool(work)
        return handler

    def daily(request: Request, today: dt.date) -> tuple[dt.date, dt.date]:
        day = _date_param(request, "date", today)
        return day, day

    def ranged(request: Request, today: dt.date) -> tuple[dt.date, dt.date]:
        last = _date_param(request, "to", today)
        return _date_param(request, "from", last - dt.timedelta(days=6)), last

    base = f"{PREFIX}/floor"
    return [
        Route(f"{base}/events", _guard(upload), methods=["POST"]),
        Route(f"{base}/stream", _guard(stream), methods=["GET"]),
        Route(f"{base}/board", _guard(board), methods=["GET"]),
        Route(f"{base}/mine", _guard(mine), methods=["GET"]),
        Route(f"{base}/alerts", _guard(alerts), methods=["GET"]),
        Route(f"{base}/alerts/{{id}}/ack", _guard(acknowledge), methods=["POST"]),
        Route(f"{base}/alerts/{{id}}/close", _guard(close_alert), methods=["POST"]),
        Route(f"{base}/callbacks", _guard(callbacks), methods=["GET"]),
        Route(f"{base}/callbacks/{{id}}/assign", _guard(assign), methods=["POST"]),
        Route(f"{base}/callbacks/{{id}}/claim", _guard(claim), methods=["POST"]),
        Route(f"{base}/groups", _guard(groups), methods=["GET"]),
        Route(f"{base}/groups/{{operator}}", _guard(set_group), methods=["PUT"]),
        Route(f"{base}/settings", _guard(settings), methods=["GET"]),
        Route(f"{base}/settings", _guard(set_settings), methods=["PUT"]),
        Route(f"{base}/reports/daily", _guard(report(daily)), methods=["GET"]),
        Route(f"{base}/reports/range", _guard(report(ranged)), methods=["GET"]),
    ]

