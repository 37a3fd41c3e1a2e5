"""FloorService: the floor's events, board, raised hands and callbacks in the hub's database.

Events are stored once by UUID (``ON CONFLICT DO NOTHING``); only the ones this upload stored
for the first time change the board, raise an alert or record a callback outcome, all in the
same transaction, so an upload repeated after a lost answer changes nothing. Each change
becomes a :class:`~kb.hub.floor_bus.Message` for the live streams.

Callbacks come from notes: a note whose callback form is filled becomes an item of the floor's
due list (keyed by the note's UUID), promised by and assigned to the note's uploader; a newer
revision of the note moves it, and a note whose form was cleared cancels it.

Thread rule: thread-safe; every method opens its own connection and transaction (the ASGI app
calls them from its thread pool).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from kb.hub import floor_tables as ft
from kb.hub.db import WriteGate
from kb.hub.floor_board import apply_event, seen
from kb.hub.floor_bus import FloorBus, Message
from kb.hub.group_commit import GroupCommit, gated
from kb.hub.service import Principal
from kb.wire.floor import (
    Acknowledgement,
    AlertState,
    CallbackOutcome,
    CallbackState,
    EventBatch,
    EventKind,
    FloorEvent,
    LiveCall,
    Presence,
    clock_offset,
)
from kb.wire.notes import Upload
from kb.wire.problems import RequestError

log = logging.getLogger("kb.hub.floor")
MAX_LIST = 1000
TIMEZONE_KEY = "timezone"
MAX_COMMENT = 500
SEEN_WRITE_SECONDS = 30.0  # a heartbeat within this of the last write is not written


def system_timezone() -> str:
    """The hub machine's zone name (``TZ``, ``/etc/timezone`` or ``/etc/localtime``), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    for name in candidates:
        if name and valid_timezone(name):
            return name
    return "UTC"


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def alert_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "operator": row.operator, "station": row.station,
            "raised_at": row.raised_at, "text": row.text, "article": row.article,
            "call": row.call_key, "call_s": row.call_s, "on_hold": bool(row.on_hold),
            "held_since": row.held_since, "state": row.state, "ack_kind": row.ack_kind,
            "ack_line": row.ack_line, "ack_by": row.ack_by, "ack_at": row.ack_at,
            "closed_by": row.closed_by, "closed_at": row.closed_at}


def callback_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "number": row.number, "due_at": row.due_at, "comment": row.comment,
            "promised_by": row.promised_by, "assigned_to": row.assigned_to, "state": row.state,
            "outcome": row.outcome, "attempts": row.attempts,
            "last_attempt_at": row.last_attempt_at, "closed_by": row.closed_by,
            "closed_at": row.closed_at, "promised_at": row.promised_at}


def _alert_message(row: Any) -> Message:
    return Message("alert", alert_json(row), frozenset({row.operator}))


def _callback_message(row: Any) -> Message:
    audience = {row.promised_by, row.assigned_to} - {None}
    return Message("callback", callback_json(row), frozenset(audience))


def _presence_json(presence: Presence) -> dict[str, Any]:
    return presence.to_json()


def due_time(form: dict[str, Any], fallback: float, zone: ZoneInfo) -> float:
    """When a callback is due: the form's ``at`` (seconds), or ``when`` / ``due_at`` (seconds
    or ISO 8601; a time without a zone is the floor's), else ``fallback``."""
    for key in ("at", "due_at", "when"):
        value = form.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
        if isinstance(value, str) and value.strip():
            try:
                parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=zone)
            return parsed.timestamp()
    return fallback


@dataclass(frozen=True, slots=True)
class _Upload:
    """One workstation's checked batch, its times on the hub's clock."""

    operator: str
    station: str
    events: list[FloorEvent]
    now: float


class FloorService:
    """The floor's part of the hub; see the module docstring."""

    def __init__(self, engine: Engine, bus: FloorBus | None = None) -> None:
        self.engine = engine
        self.bus = bus or FloorBus(engine)
        self._gate = WriteGate(engine)
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if self._postgres else sqlite.insert
        self._writer: GroupCommit[_Upload] = GroupCommit(
            lambda: gated(self._gate, self.engine.begin), self._store_upload, self._committed,
            order=lambda upload: upload.operator)
        self._store_events = (self._insert(ft.floor_events)
                              .on_conflict_do_nothing(index_elements=[ft.floor_events.c.uuid])
                              .returning(ft.floor_events.c.uuid))

    def _publish(self, conn: Connection, messages: list[Message]) -> None:
        self.bus.notify_in(conn, messages)

    def _row(self, conn: Connection, table: sa.Table, key: str, what: str,
             open_states: tuple[str, ...] | None = None) -> Any:
        """The row ``key`` of ``table`` (its ``id``), locked for this transaction on
        PostgreSQL; 404 when there is none, 409 when its state is not one of ``open_states``."""
        query = sa.select(table).where(table.c.id == key)
        row = conn.execute(query.with_for_update() if self._postgres else query).first()
        if row is None:
            raise RequestError(404, f"no {what} {key}")
        if open_states is not None and row.state not in open_states:
            raise RequestError(409, f"the {what} is already {row.state}")
        return row

    # -- events ----------------------------------------------------------------------------

    def store_events(self, principal: Principal, batch: EventBatch,
                     now: float | None = None) -> dict[str, Any]:
        """Store a checked batch (an empty one is a heartbeat); answer how many were new.

        Uploads that arrive together share one transaction (:class:`GroupCommit`); a heartbeat
        from a workstation heard from in the last :data:`SEEN_WRITE_SECONDS` writes nothing."""
        now = time.time() if now is None else now
        offset = clock_offset(batch.sent_at, now)
        events = [e.shifted(offset) for e in batch.events]
        if not events and self._heard_lately(principal.name, batch.station, now):
            return {"received": 0, "stored": 0, "now": now}
        stored, _messages = self._writer.run(_Upload(principal.name, batch.station, events, now))
        return {"received": len(events), "stored": stored, "now": now}

    def _heard_lately(self, operator: str, station: str, now: float) -> bool:
        t = ft.floor_presence
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.c.station, t.c.last_seen)
                               .where(t.c.operator == operator)).first()
        return row is not None and row.station == station \
            and now - row.last_seen < SEEN_WRITE_SECONDS

    def _store_upload(self, conn: Connection, upload: _Upload) -> tuple[int, list[Message]]:
        """One upload inside a (shared) transaction: the events new to the hub change the
        board, raise alerts and record callback outcomes."""
        rows = [{"uuid": e.uuid, "operator": upload.operator, "station": upload.station,
                 "seq": e.seq, "at": e.at, "kind": e.kind.value,
                 "payload": json.dumps(e.fields, ensure_ascii=False, separators=(",", ":")),
                 "received_at": upload.now} for e in upload.events]
        stored: set[str] = set()
        if rows:
            stored = set(conn.execute(self._store_events, rows).scalars().all())
        fresh = sorted((e for e in upload.events if e.uuid in stored),
                       key=lambda e: (e.at, e.seq))
        messages = self._update_presence(conn, upload.operator, upload.station, fresh,
                                         upload.now)
        for event in fresh:
            if event.kind is EventKind.ALERT:
                messages.append(self._raise_alert(conn, upload.operator, upload.station,
                                                  event))
            elif event.kind is EventKind.CALLBACK:
                messages += self._callback_attempt(conn, upload.operator, event)
        self._publish(conn, messages)
        return len(stored), messages

    def _committed(self, results: list[tuple[int, list[Message]]]) -> None:
        self.bus.committed([m for _stored, messages in results for m in messages])

    def _presence_row(self, conn: Connection, operator: str) -> Presence | None:
        query = sa.select(ft.floor_presence).where(ft.floor_presence.c.operator == operator)
        if self._postgres:
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is None:
            return None
        return Presence(operator=row.operator, station=row.station, state=row.state,
                        reason=row.reason, state_since=row.state_since,
                        calls=tuple(LiveCall.from_json(c) for c in json.loads(row.calls)),
                        waiting=row.waiting, last_seen=row.last_seen, seq=row.seq)

    def _locked_presence(self, conn: Connection, operator: str, station: str) -> Presence:
        presence = self._presence_row(conn, operator)
        if presence is not None:
            return presence
        fresh = Presence(operator=operator, station=station)
        conn.execute(self._insert(ft.floor_presence).values(**self._presence_values(fresh))
                     .on_conflict_do_nothing(index_elements=[ft.floor_presence.c.operator]))
        return self._presence_row(conn, operator) or fresh

    @staticmethod
    def _presence_values(presence: Presence) -> dict[str, Any]:
        return {"operator": presence.operator, "station": presence.station,
                "state": presence.state, "reason": presence.reason,
                "state_since": presence.state_since,
                "calls": json.dumps([c.to_json() for c in presence.calls]),
                "waiting": presence.waiting, "last_seen": presence.last_seen,
                "seq": presence.seq}

    def _update_presence(self, conn: Connection, operator: str, station: str,
                         events: list[FloorEvent], now: float) -> list[Message]:
        before = self._locked_presence(conn, operator, station)
        after = before
        for event in events:
            after = apply_event(after, event)
        after = seen(after, station, now)
        values = self._presence_values(after)
        conn.execute(ft.floor_presence.update()
                     .where(ft.floor_presence.c.operator == operator).values(**values))
        came_back = not before.online(now)
        changed = {**self._presence_values(before), "last_seen": 0} != {**values, "last_seen": 0}
        if not (changed or came_back):
            return []
        group = conn.execute(sa.select(ft.floor_groups.c.grp)
                             .where(ft.floor_groups.c.operator == operator)).scalar()
        return [Message("presence", {**after.to_json(), "group": group or ""})]

    def _raise_alert(self, conn: Connection, operator: str, station: str,
                     event: FloorEvent) -> Message:
        f = event.fields
        conn.execute(ft.floor_alerts.insert().values(
            id=event.uuid, operator=operator, station=station, raised_at=event.at,
            text=str(f.get("text") or ""), article=str(f.get("article") or ""),
            call_key=str(f.get("call") or ""), call_s=f.get("call_s"),
            on_hold=bool(f.get("on_hold")), held_since=f.get("held_since"),
            state=AlertState.OPEN.value))
        row = conn.execute(sa.select(ft.floor_alerts)
                           .where(ft.floor_alerts.c.id == event.uuid)).one()
        return _alert_message(row)

    def _callback_attempt(self, conn: Connection, operator: str,
                          event: FloorEvent) -> list[Message]:
        t = ft.floor_callbacks
        callback_id = str(event.fields["callback"])
        query = sa.select(t).where(t.c.id == callback_id)
        row = conn.execute(query.with_for_update() if self._postgres else query).first()
        if row is None or row.state != CallbackState.OPEN:
            log.info("callback outcome for %s ignored: %s", callback_id,
                     "unknown callback" if row is None else f"it is {row.state}")
            return []
        outcome = CallbackOutcome(event.fields["outcome"])
        values: dict[str, Any] = {"attempts": row.attempts + 1, "last_attempt_at": event.at,
                                  "outcome": outcome.value, "updated_at": time.time()}
        if outcome.closes:
            values.update(state=CallbackState.DONE.value, closed_at=event.at,
                          closed_by=operator)
        conn.execute(t.update().where(t.c.id == callback_id).values(**values))
        return [_callback_message(conn.execute(query).one())]

    # -- the board -------------------------------------------------------------------------

    def board(self, now: float | None = None) -> dict[str, Any]:
        """Every operator's row, open and acknowledged alerts, open callbacks."""
        p, g = ft.floor_presence, ft.floor_groups
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(p, g.c.grp).select_from(
                p.outerjoin(g, g.c.operator == p.c.operator)).order_by(p.c.operator)).all()
            alerts = self._alerts(conn, (AlertState.OPEN, AlertState.ACKNOWLEDGED), None)
            callbacks = self._callbacks(conn, CallbackState.OPEN, None)
        operators = [{"operator": r.operator, "group": r.grp or "", "station": r.station,
                      "state": r.state, "reason": r.reason, "state_since": r.state_since,
                      "calls": json.loads(r.calls), "waiting": r.waiting,
                      "last_seen": r.last_seen, "seq": r.seq} for r in rows]
        return {"now": time.time() if now is None else now, "operators": operators,
                "alerts": alerts, "callbacks": callbacks}

    def mine(self, principal: Principal) -> dict[str, Any]:
        """An operator's own open alerts and the callbacks assigned to them (or unclaimed)."""
        with self.engine.connect() as conn:
            alerts = self._alerts(conn, (AlertState.OPEN, AlertState.ACKNOWLEDGED),
                                  principal.name)
            callbacks = self._callbacks(conn, CallbackState.OPEN, principal.name)
        return {"now": time.time(), "operator": principal.name, "alerts": alerts,
                "callbacks": callbacks}

    # -- alerts ----------------------------------------------------------------------------

    @staticmethod
    def _alerts(conn: Connection, states: Iterable[AlertState], operator: str | None
                ) -> list[dict[str, Any]]:
        t = ft.floor_alerts
        query = (sa.select(t).where(t.c.state.in_([s.value for s in states]))
                 .order_by(t.c.raised_at.desc()).limit(MAX_LIST))
        if operator is not None:
            query = query.where(t.c.operator == operator)
        return [alert_json(r) for r in conn.execute(query)]

    def alerts(self, state: AlertState | None = None, since: float | None = None
               ) -> list[dict[str, Any]]:
        t = ft.floor_alerts
        query = sa.select(t).order_by(t.c.raised_at.desc()).limit(MAX_LIST)
        if state is not None:
            query = query.where(t.c.state == state.value)
        if since is not None:
            query = query.where(t.c.raised_at >= since)
        with self.engine.connect() as conn:
            return [alert_json(r) for r in conn.execute(query)]

    def _change_alert(self, alert_id: str, values: dict[str, Any],
                      allowed: tuple[AlertState, ...]) -> dict[str, Any]:
        t = ft.floor_alerts
        with self._gate, self.engine.begin() as conn:
            self._row(conn, t, alert_id, "alert", tuple(s.value for s in allowed))
            conn.execute(t.update().where(t.c.id == alert_id).values(**values))
            message = _alert_message(conn.execute(sa.select(t).where(t.c.id == alert_id))
                                     .one())
            self._publish(conn, [message])
        self.bus.committed([message])
        return message.data

    def acknowledge(self, alert_id: str, principal: Principal,
                    ack: Acknowledgement) -> dict[str, Any]:
        """The supervisor answers a raised hand (again, to change the answer)."""
        return self._change_alert(alert_id, {
            "state": AlertState.ACKNOWLEDGED.value, "ack_kind": ack.kind.value,
            "ack_line": ack.line, "ack_by": principal.name, "ack_at": time.time()},
            (AlertState.OPEN, AlertState.ACKNOWLEDGED))

    def close_alert(self, alert_id: str, principal: Principal) -> dict[str, Any]:
        return self._change_alert(alert_id, {
            "state": AlertState.CLOSED.value, "closed_by": principal.name,
            "closed_at": time.time()}, (AlertState.OPEN, AlertState.ACKNOWLEDGED))

    # -- callbacks -------------------------------------------------------------------------

    @staticmethod
    def _callbacks(conn: Connection, state: CallbackState | None, operator: str | None,
                   due_before: float | None = None) -> list[dict[str, Any]]:
        t = ft.floor_callbacks
        query = sa.select(t).order_by(t.c.due_at, t.c.id).limit(MAX_LIST)
        if state is not None:
            query = query.where(t.c.state == state.value)
        if operator is not None:
            query = query.where(sa.or_(t.c.assigned_to == operator, t.c.assigned_to.is_(None)))
        if due_before is not None:
            query = query.where(t.c.due_at < due_before)
        return [callback_json(r) for r in conn.execute(query)]

    def callbacks(self, state: CallbackState | None = CallbackState.OPEN,
                  operator: str | None = None, due_before: float | None = None
                  ) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return self._callbacks(conn, state, operator, due_before)

    def _change_callback(self, callback_id: str, change: Any) -> dict[str, Any]:
        """``change(row) -> values`` inside the callback's transaction (raise to refuse)."""
        t = ft.floor_callbacks
        with self._gate, self.engine.begin() as conn:
            row = self._row(conn, t, callback_id, "callback", (CallbackState.OPEN.value,))
            query = sa.select(t).where(t.c.id == callback_id)
            old_audience = {row.assigned_to, row.promised_by} - {None}
            conn.execute(t.update().where(t.c.id == callback_id)
                         .values(**change(row), updated_at=time.time()))
            message = _callback_message(conn.execute(query).one())
            # The operator it was taken from learns that too.
            message = Message(message.topic, message.data,
                              message.audience | frozenset(old_audience))
            self._publish(conn, [message])
        self.bus.committed([message])
        return message.data

    def assign(self, callback_id: str, to: str | None) -> dict[str, Any]:
        """Give a callback to ``to`` (a supervisor's decision), or to nobody (``None``)."""
        if to is not None:
            from kb.hub import db

            with self.engine.connect() as conn:
                known = conn.execute(sa.select(db.users.c.id)
                                     .where(db.users.c.name == to)).first()
            if known is None:
                raise RequestError(404, f"no user {to!r}")
        return self._change_callback(callback_id, lambda _row: {"assigned_to": to})

    def claim(self, callback_id: str, principal: Principal) -> dict[str, Any]:
        """An operator takes an unclaimed callback."""

        def change(row: Any) -> dict[str, Any]:
            if row.assigned_to not in (None, principal.name):
                raise RequestError(409, f"the callback is assigned to {row.assigned_to}")
            return {"assigned_to": principal.name}

        return self._change_callback(callback_id, change)

    def note_callbacks(self, principal: Principal, uploads: list[Upload],
                       stored: dict[str, int]) -> int:
        """Bring the due list up to the notes just stored (only the revisions the hub now
        holds); answers how many callbacks changed."""
        relevant = [u for u in uploads if stored.get(u.uuid) == u.revision
                    and (u.note.content.get("callback") or u.revision > 1)]
        if not relevant:
            return 0
        t = ft.floor_callbacks
        zone = self.zone()
        now = time.time()
        messages: list[Message] = []
        with self._gate, self.engine.begin() as conn:
            query = sa.select(t).where(t.c.id.in_([u.uuid for u in relevant]))
            existing = {r.id: r for r in conn.execute(
                query.with_for_update() if self._postgres else query)}
            for upload in relevant:
                values = self._callback_values(upload, zone, now)
                row = existing.get(upload.uuid)
                if row is not None and row.note_revision >= upload.revision:
                    continue
                if row is None:
                    if values is None:
                        continue
                    conn.execute(t.insert().values(
                        id=upload.uuid, note_revision=upload.revision,
                        promised_by=principal.name, assigned_to=principal.name,
                        state=CallbackState.OPEN.value, attempts=0, updated_at=now, **values))
                elif row.state == CallbackState.DONE:
                    conn.execute(t.update().where(t.c.id == upload.uuid)
                                 .values(note_revision=upload.revision))
                    continue
                elif values is None:
                    conn.execute(t.update().where(t.c.id == upload.uuid).values(
                        note_revision=upload.revision, state=CallbackState.CANCELLED.value,
                        updated_at=now))
                else:
                    conn.execute(t.update().where(t.c.id == upload.uuid).values(
                        note_revision=upload.revision, state=CallbackState.OPEN.value,
                        updated_at=now, **values))
                messages.append(_callback_message(conn.execute(
                    sa.select(t).where(t.c.id == upload.uuid)).one()))
            self._publish(conn, messages)
        self.bus.committed(messages)
        return len(messages)

    @staticmethod
    def _callback_values(upload: Upload, zone: ZoneInfo, now: float) -> dict[str, Any] | None:
        note = upload.note.content
        form = note.get("callback") or {}
        if not form:
            return None
        number = form.get("number")
        number = number.strip() if isinstance(number, str) and number.strip() \
            else str(note.get("number") or "")
        promised_at = float(note.get("started_at") or note.get("created_at") or now)
        fallback = float(note.get("ended_at") or promised_at)
        comment = next((str(form[k]) for k in ("comment", "reason") if form.get(k)), "")
        return {"number": number[:100], "due_at": due_time(form, fallback, zone),
                "comment": comment[:MAX_COMMENT], "promised_at": promised_at}

    # -- groups and settings -----------------------------------------------------------------

    def set_group(self, operator: str, group: str) -> None:
        """Put ``operator`` in ``group`` (an empty group takes them out of any)."""
        with self._gate, self.engine.begin() as conn:
            conn.execute(ft.floor_groups.delete().where(ft.floor_groups.c.operator == operator))
            if group:
                conn.execute(ft.floor_groups.insert().values(operator=operator, grp=group))

    def groups(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(ft.floor_groups.c.operator,
                                               ft.floor_groups.c.grp)).tuples().all())

    def _setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(ft.floor_settings.c.value)
                                 .where(ft.floor_settings.c.key == key)).scalar()
        return None if value is None else str(value)

    def timezone(self) -> str:
        """The floor's time zone: set with ``set_timezone``, else the hub machine's."""
        name = self._setting(TIMEZONE_KEY)
        return name if name and valid_timezone(name) else system_timezone()

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone())

    def set_timezone(self, name: str) -> None:
        if not valid_timezone(name):
            raise RequestError(422, f"{name!r} is not a time zone name (e.g. Europe/Moscow)")
        with self._gate, self.engine.begin() as conn:
            conn.execute(ft.floor_settings.delete().where(ft.floor_settings.c.key
                                                          == TIMEZONE_KEY))
            conn.execute(ft.floor_settings.insert().values(key=TIMEZONE_KEY, value=name))
