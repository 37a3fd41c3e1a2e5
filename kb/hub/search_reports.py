"""Search events from the workstations, and the reports editors read from them.

Workstations upload their KB searches in idempotent batches (the event's UUID is the key: a
repeated upload stores nothing new). Editors read **search gaps** — normalized queries that found
nothing, or after which nothing was opened or copied — and the **most used** articles and replies.
Workstations read the **floor's search prior**: the most frequent (normalized query, opened
article) pairs of the last :data:`~kb.wire.search_events.PRIOR_DAYS` days with their counts —
nothing about who searched or for which caller — which their search learns from while a query is
being typed. It is computed again when this hub process stored new events or
:data:`PRIOR_TTL` seconds passed (another process stored some), and served with an ETag (an
unchanged prior answers 304).

Thread rule: the functions open their own connection (worker thread); handlers run on the loop.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kb.hub import db
from kb.hub.app import PREFIX, _guard, _int_param, _parse_json, _read_body
from kb.hub.service import Principal
from kb.wire.problems import RequestError
from kb.wire.search_events import (
    MAX_PRIOR_PAIRS,
    MIN_PRIOR_SEARCHES,
    MIN_PRIOR_UPLOADERS,
    PRIOR_DAYS,
    SearchEvent,
    SearchEventError,
    events_from_wire,
)

if TYPE_CHECKING:
    from kb.hub.app import Hub

MAX_REPORT_ROWS = 200
DAY = 86_400.0
PRIOR_TTL = 300.0  # seconds a computed floor prior is served before it is computed again


def store_events(engine: Engine, gate: Any, principal: Principal,
                 events: list[SearchEvent]) -> int:
    """Insert the events the hub does not have yet; returns how many were new."""
    if not events:
        return 0
    insert = (postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert)
    now = time.time()
    rows = [{**e.to_wire(), "uploaded_by": principal.name, "received_at": now} for e in events]
    statement = insert(db.search_events).on_conflict_do_nothing(
        index_elements=[db.search_events.c.uuid]).returning(db.search_events.c.uuid)
    with gate, engine.begin() as conn:
        return len(conn.execute(statement, rows).all())


def search_gaps(engine: Engine, days: int, now: float | None = None) -> list[dict[str, Any]]:
    """Queries that found nothing or led nowhere in the last ``days``, most searched first."""
    t = db.search_events
    nothing = sa.case((t.c.hits == 0, 1), else_=0)
    unused = sa.case((sa.and_(t.c.hits > 0, t.c.opened.is_(None), t.c.copied.is_(False)), 1),
                     else_=0)
    query = (
        sa.select(t.c.query, sa.func.count().label("searches"),
                  sa.func.sum(nothing).label("no_results"),
                  sa.func.sum(unused).label("no_open"),
                  sa.func.max(t.c.at).label("last_seen"))
        .where(t.c.at >= (now or time.time()) - days * DAY)
        .group_by(t.c.query)
        .having(sa.func.sum(nothing) + sa.func.sum(unused) > 0)
        .order_by(sa.desc("searches"), sa.desc("last_seen"), t.c.query)
        .limit(MAX_REPORT_ROWS)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{"query": r["query"], "searches": int(r["searches"]),
             "no_results": int(r["no_results"] or 0), "no_open": int(r["no_open"] or 0),
             "last_seen": float(r["last_seen"])} for r in rows]


def most_used(engine: Engine, days: int, now: float | None = None) -> dict[str, Any]:
    """Articles by how often a search led to them, and replies by how often they were copied."""
    t = db.search_events
    since = (now or time.time()) - days * DAY
    copies = sa.func.sum(sa.case((t.c.copied.is_(True), 1), else_=0))
    articles = (
        sa.select(t.c.opened, sa.func.count().label("opens"), copies.label("copies"))
        .where(t.c.at >= since, t.c.opened.is_not(None))
        .group_by(t.c.opened).order_by(sa.desc("opens"), t.c.opened).limit(MAX_REPORT_ROWS)
    )
    replies = (
        sa.select(t.c.opened, t.c.reply, sa.func.count().label("copies"))
        .where(t.c.at >= since, t.c.opened.is_not(None), t.c.reply.is_not(None))
        .group_by(t.c.opened, t.c.reply).order_by(sa.desc("copies"), t.c.opened, t.c.reply)
        .limit(MAX_REPORT_ROWS)
    )
    with engine.connect() as conn:
        used = conn.execute(articles).all()
        copied = conn.execute(replies).all()
    return {
        "articles": [{"slug": slug, "opens": int(opens), "copies": int(n or 0)}
                     for slug, opens, n in used],
        "replies": [{"slug": slug, "reply": int(reply), "copies": int(n)}
                    for slug, reply, n in copied],
    }


def floor_prior(engine: Engine, days: int = PRIOR_DAYS, limit: int = MAX_PRIOR_PAIRS,
                now: float | None = None) -> list[list[Any]]:
    """The most frequent [normalized query, opened slug, searches] of the last ``days``, searched
    at least :data:`MIN_PRIOR_SEARCHES` times from at least :data:`MIN_PRIOR_UPLOADERS` accounts
    (what one operator alone typed stays theirs: it may name a caller), at most ``limit``, most
    searched first."""
    t = db.search_events
    searches = sa.func.count().label("searches")
    query = (
        sa.select(t.c.query, t.c.opened, searches)
        .where(t.c.at >= (now or time.time()) - days * DAY, t.c.opened.is_not(None))
        .group_by(t.c.query, t.c.opened)
        .having(sa.func.count() >= MIN_PRIOR_SEARCHES,
                sa.func.count(sa.distinct(t.c.uploaded_by)) >= MIN_PRIOR_UPLOADERS)
        .order_by(sa.desc("searches"), t.c.query, t.c.opened)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [[q, slug, int(n)] for q, slug, n in conn.execute(query).all()]


class _PriorCache:
    """The floor prior's last answer (body and ETag) and when it was computed; thread-safe."""

    def __init__(self, engine: Engine, ttl: float = PRIOR_TTL) -> None:
        self.engine = engine
        self.ttl = ttl
        self._lock = threading.Lock()
        self._at = float("-inf")
        self._body = b""
        self._etag = ""

    def invalidate(self) -> None:
        """New events were stored: the next answer is computed again."""
        with self._lock:
            self._at = float("-inf")

    def get(self) -> tuple[bytes, str]:
        """Blocking (worker thread): the cached answer, computed again once it is older than
        the TTL (one computation at a time)."""
        with self._lock:
            if time.monotonic() - self._at >= self.ttl:
                pairs = floor_prior(self.engine)
                self._body = json.dumps({"days": PRIOR_DAYS, "pairs": pairs},
                                        ensure_ascii=False, separators=(",", ":")).encode()
                self._etag = '"' + hashlib.sha256(self._body).hexdigest()[:32] + '"'
                self._at = time.monotonic()
            return self._body, self._etag


def routes(hub: Hub) -> list[Route]:
    service = hub.service
    gate = service._gate
    prior_cache = _PriorCache(service.engine)

    async def upload(request: Request) -> Response:
        token = hub._bearer(request)
        raw = await _read_body(request)

        def work() -> dict[str, Any]:
            principal = hub._authorize(token, "agent")
            try:
                events, invalid = events_from_wire(_parse_json(raw))
            except SearchEventError as exc:
                raise RequestError(422, str(exc)) from None
            if invalid:
                raise RequestError(422, f"{len(invalid)} search event(s) are invalid; nothing "
                                        "was stored", invalid)
            stored = store_events(service.engine, gate, principal, events)
            if stored and any(e.opened for e in events):
                prior_cache.invalidate()
            return {"received": len(events), "stored": stored}

        return JSONResponse(await run_in_threadpool(work))

    async def gaps(request: Request) -> Response:
        await hub._principal(request, "editor")
        days = _int_param(request, "days", 30, 1, 366)
        return JSONResponse({"days": days, "gaps": await run_in_threadpool(
            search_gaps, service.engine, days)})

    async def used(request: Request) -> Response:
        await hub._principal(request, "editor")
        days = _int_param(request, "days", 30, 1, 366)
        return JSONResponse({"days": days, **await run_in_threadpool(
            most_used, service.engine, days)})

    async def prior(request: Request) -> Response:
        await hub._principal(request, "agent")
        body, etag = await run_in_threadpool(prior_cache.get)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in (request.headers.get("if-none-match") or "").split(", "):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    return [
        Route(f"{PREFIX}/kb/search-events", _guard(upload), methods=["POST"]),
        Route(f"{PREFIX}/kb/search-prior", _guard(prior), methods=["GET"]),
        Route(f"{PREFIX}/reports/search-gaps", _guard(gaps), methods=["GET"]),
        Route(f"{PREFIX}/reports/most-used", _guard(used), methods=["GET"]),
    ]
