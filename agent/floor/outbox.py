"""FloorOutbox: this workstation's floor events in ``floor.sqlite``, waiting for the hub.

Presence and call events, raised hands and callback outcomes are checked by the wire contract
(:mod:`kb.wire.floor`) and committed at once (WAL, ``synchronous=FULL``) when they happen, each
with a UUID and a sequence number that only grows. They go to the hub in batches, oldest first,
with the UUID as the idempotency key, and are deleted only after the hub confirmed the batch:
the guarantees of the notes outbox. An event the hub refuses is quarantined with the reason
(kept, never blocking the others).

The file also keeps this workstation's station id, the calls in progress (so a restart can
close them) and the last list of the operator's alerts and callbacks (shown while offline).

Thread rule: every method holds an internal lock; the desktop records from its notes executor
or the GUI thread, the syncer and the live link upload from their own threads (one upload at a
time).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid as uuid_module
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.notes.hub_client import HubProblem, request_json
from kb.paths import private_file
from kb.wire.floor import (
    MAX_EVENTS_PER_BATCH,
    EventKind,
    FloorError,
    FloorEvent,
    batch_body,
    check_event,
    check_fields,
)
from kb.wire.states import ProblemKind

OUTBOX_FILE = "floor.sqlite"
SCHEMA_VERSION = 1
MAX_KEPT = 200_000  # beyond this (a hub away for weeks) the oldest presence events are dropped

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE,
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        fields TEXT NOT NULL,
        quarantined TEXT
    )""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS open_calls (key TEXT PRIMARY KEY, data TEXT NOT NULL)",
)


class FloorOutboxError(RuntimeError):
    """The floor file cannot be used (not a database, newer schema)."""


class FloorOutbox:
    """See the module docstring."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        private_file(path)
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._upload_lock = threading.Lock()
        self._listeners: list[Callable[[FloorEvent], None]] = []
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                       timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise FloorOutboxError(f"{path}: written by a newer Sufler (schema {version}); "
                                       "update the application")
            for statement in _SCHEMA:
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise FloorOutboxError(f"{path}: cannot open the floor outbox: {exc}") from exc
        self.station = self._station()

    @classmethod
    def open(cls, home: Path) -> FloorOutbox:
        return cls(home / OUTBOX_FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _station(self) -> str:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'station'").fetchone()
            if row is not None:
                return str(row[0])
            station = uuid_module.uuid4().hex[:16]
            self._db.execute("INSERT INTO meta (key, value) VALUES ('station', ?)", (station,))
            return station

    # -- recording -------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[FloorEvent], None]) -> None:
        """``listener(event)`` after each recorded event, on the recording thread."""
        self._listeners.append(listener)

    def record(self, kind: EventKind | str, at: float | None = None,
               **fields: Any) -> FloorEvent:
        """Check and commit one event; raises :class:`~kb.wire.floor.FloorError` (nothing
        stored) when the contract refuses it."""
        checked = check_fields(kind, fields)
        event_uuid = str(uuid_module.uuid4())
        when = self._clock() if at is None else float(at)
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO events (uuid, at, kind, fields) VALUES (?, ?, ?, ?)",
                (event_uuid, when, str(EventKind(kind)), json.dumps(checked, ensure_ascii=False)))
            seq = int(cursor.lastrowid or 0)
        event = check_event({"uuid": event_uuid, "seq": seq, "at": when, "kind": str(kind),
                             **checked})
        for listener in list(self._listeners):
            listener(event)
        return event

    # -- the outbox ------------------------------------------------------------------------

    def pending(self, limit: int = MAX_EVENTS_PER_BATCH) -> list[FloorEvent]:
        """Events to upload, oldest first (a row that no longer passes the contract is
        quarantined instead)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, uuid, at, kind, fields FROM events WHERE quarantined IS NULL "
                "ORDER BY seq LIMIT ?", (limit,)).fetchall()
        events = []
        for seq, event_uuid, at, kind, fields in rows:
            try:
                events.append(check_event({"uuid": event_uuid, "seq": seq, "at": at,
                                           "kind": kind, **json.loads(fields)}))
            except (FloorError, ValueError) as exc:
                self.quarantine(event_uuid, f"cannot be sent: {exc}")
        return events

    def pending_count(self) -> int:
        with self._lock:
            return int(self._db.execute(
                "SELECT count(*) FROM events WHERE quarantined IS NULL").fetchone()[0])

    def quarantined(self) -> list[tuple[str, str]]:
        """(uuid, reason) of the events that will not be sent."""
        with self._lock:
            return [(str(u), str(r)) for u, r in self._db.execute(
                "SELECT uuid, quarantined FROM events WHERE quarantined IS NOT NULL")]

    def confirmed(self, uuids: list[str]) -> None:
        """The hub has these events: drop them."""
        with self._lock:
            self._db.executemany("DELETE FROM events WHERE uuid = ?", [(u,) for u in uuids])

    def quarantine(self, event_uuid: str, reason: str) -> None:
        with self._lock:
            self._db.execute("UPDATE events SET quarantined = ? WHERE uuid = ?",
                             (reason[:500], event_uuid))

    def trim(self) -> int:
        """Keep at most :data:`MAX_KEPT` waiting events; raised hands and callback outcomes
        are never dropped. Returns how many presence events were dropped."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM events WHERE kind IN ('state', 'call', 'waiting') AND seq IN "
                "(SELECT seq FROM events ORDER BY seq DESC LIMIT -1 OFFSET ?)", (MAX_KEPT,))
            return cursor.rowcount

    def upload(self, client: Any, batch_size: int = MAX_EVENTS_PER_BATCH) -> int:
        """Send every pending event in batches (an empty batch when there is none: the
        workstation is alive); returns how many the hub confirmed.

        Raises :class:`HubProblem` when the hub cannot be reached or refuses the token; the
        events stay then. Events a 422 names are quarantined and the rest sent again; a batch
        too large is sent again in halves.
        """
        with self._upload_lock:
            self.trim()
            confirmed = 0
            first = True
            while True:
                batch = self.pending(batch_size)
                if not batch and not first:
                    return confirmed
                first = False
                try:
                    answer = request_json(client, "POST", "/floor/events", json=batch_body(
                        self.station, self._clock(), batch))
                except HubProblem as problem:
                    if problem.kind == ProblemKind.REJECTED and problem.status == 413 \
                            and len(batch) > 1:
                        batch_size = max(1, len(batch) // 2)
                        continue
                    if problem.kind == ProblemKind.REJECTED and problem.status == 422 \
                            and self._refused(batch, problem):
                        continue
                    if problem.kind == ProblemKind.REJECTED:
                        raise HubProblem(ProblemKind.ERROR, problem.message,
                                         problem.status) from None
                    raise
                if not (isinstance(answer, dict) and answer.get("received") == len(batch)):
                    raise HubProblem(ProblemKind.ERROR,
                                     "the hub did not confirm the floor events")
                self.confirmed([e.uuid for e in batch])
                confirmed += len(batch)
                if not batch:
                    return confirmed

    def _refused(self, batch: list[FloorEvent], problem: HubProblem) -> bool:
        by_index = {i: e for i, e in enumerate(batch)}
        named = 0
        for detail in problem.details:
            index = detail.get("index")
            event = by_index.get(index) if isinstance(index, int) else None
            if event is not None:
                self.quarantine(event.uuid, f"refused by the hub: {detail.get('error')}")
                named += 1
        return named > 0

    # -- calls in progress and the last known lists -----------------------------------------

    def open_calls(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {str(k): json.loads(v) for k, v in self._db.execute(
                "SELECT key, data FROM open_calls")}

    def keep_open_call(self, key: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO open_calls (key, data) VALUES (?, ?)",
                             (key, json.dumps(data)))

    def drop_open_call(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM open_calls WHERE key = ?", (key,))

    def remember(self, key: str, value: Any) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (f"cache:{key}", json.dumps(value, ensure_ascii=False)))

    def recall(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?",
                                   (f"cache:{key}",)).fetchone()
        return None if row is None else json.loads(row[0])
