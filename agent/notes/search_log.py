"""SearchLog: this workstation's KB searches (``search_events.sqlite``), also their upload outbox.

What is kept is what :mod:`kb.wire.search_events` allows — the normalized query, hits, the article
opened, the reply copied, whether a call was on hold — never the caller's number or name. A search
is one row that grows while the operator types (``дайте`` → ``дайте телефон``) and records what
was opened or copied; it is *sealed* when the next search starts or the field is cleared, and is
uploaded once sealed or ``settle_seconds`` old. Rows are committed at once (WAL, full sync), go up
in batches with their UUID as the idempotency key, and are deleted only after the hub confirms
the batch — the notes outbox's guarantees.

Thread rule: every method holds an internal lock; the desktop writes through its notes executor
and the syncer uploads from its own thread.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid as uuid_module
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.notes.hub_client import HubProblem, request_json
from kb.paths import private_file
from kb.wire.search_events import SearchEvent, SearchEventError, event_from_wire, normalize_query
from kb.wire.states import ProblemKind

LOG_FILE = "search_events.sqlite"
SETTLE_SECONDS = 60.0
TYPING_GAP_SECONDS = 4.0  # a pause longer than this starts a new search
MAX_KEPT = 20_000  # beyond this (a hub unreachable for weeks) the oldest are dropped

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    uuid TEXT PRIMARY KEY,
    at REAL NOT NULL,
    query TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT '',
    hits INTEGER NOT NULL,
    opened TEXT,
    copied INTEGER NOT NULL DEFAULT 0,
    on_hold INTEGER NOT NULL DEFAULT 0,
    reply INTEGER,
    sealed INTEGER NOT NULL DEFAULT 0
)
"""


class SearchLog:
    """The recorded searches of one workstation; see the module docstring."""

    def __init__(self, path: Path, settle_seconds: float = SETTLE_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        private_file(path)
        self.path = path
        self.settle_seconds = settle_seconds
        self._clock = clock
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                   timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)
        self._current: str | None = None
        self._current_query = ""
        self._typed_at = 0.0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- recording (the desktop's notes executor) ------------------------------------------------

    def searched(self, text: str, lang: str | None, hits: int, on_hold: bool) -> None:
        """Results for ``text`` are shown. Continues the current search while the operator is
        still typing it; an empty ``text`` (the field was cleared) seals it."""
        query = normalize_query(text)
        now = self._clock()
        with self._lock:
            if not query:
                self.seal()
                return
            typing_on = (self._current is not None and now - self._typed_at < TYPING_GAP_SECONDS
                         and _same_search(self._current_query, query))
            if not typing_on:
                self.seal()
                self._current = str(uuid_module.uuid4())
                self._db.execute("INSERT INTO events (uuid, at, query, lang, hits, on_hold) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 (self._current, now, query, lang or "", hits, int(on_hold)))
            else:
                self._db.execute("UPDATE events SET query = ?, lang = ?, hits = ?, "
                                 "on_hold = max(on_hold, ?) WHERE uuid = ?",
                                 (query, lang or "", hits, int(on_hold), self._current))
            self._current_query, self._typed_at = query, now

    def opened(self, slug: str) -> None:
        """The operator opened ``slug`` from the current search's results."""
        with self._lock:
            if self._current is not None:
                self._db.execute("UPDATE events SET opened = ? WHERE uuid = ?",
                                 (slug[:200], self._current))

    def copied(self, slug: str, reply: int | None) -> None:
        """A reply of ``slug`` was copied after the current search."""
        with self._lock:
            if self._current is not None:
                self._db.execute(
                    "UPDATE events SET copied = 1, reply = ?, opened = coalesce(opened, ?) "
                    "WHERE uuid = ?", (reply, slug[:200], self._current))

    def seal(self) -> None:
        """The current search is over: it may be uploaded now."""
        with self._lock:
            if self._current is not None:
                self._db.execute("UPDATE events SET sealed = 1 WHERE uuid = ?", (self._current,))
            self._current = None

    # -- the outbox (the syncer's thread) --------------------------------------------------------

    def pending(self, limit: int = 500) -> list[SearchEvent]:
        """Events ready to upload (sealed or settled), oldest first; malformed rows are dropped."""
        with self._lock:
            rows = self._db.execute(
                "SELECT uuid, at, query, lang, hits, opened, copied, on_hold, reply FROM events "
                "WHERE sealed = 1 OR at < ? ORDER BY at LIMIT ?",
                (self._clock() - self.settle_seconds, limit)).fetchall()
        events, broken = [], []
        for row in rows:
            try:
                events.append(event_from_wire(_row_to_wire(row)))
            except SearchEventError:
                broken.append(row[0])
        if broken:
            self.forget(broken)
        return events

    def forget(self, uuids: list[str]) -> None:
        """The hub has these events (or they can never be sent): drop them."""
        with self._lock:
            self._db.executemany("DELETE FROM events WHERE uuid = ?", [(u,) for u in uuids])
            if self._current in uuids:
                self._current = None

    def opened_counts(self) -> list[tuple[str, str, int]]:
        """(query, opened slug, searches) of the events still here — those the hub does not
        have yet, so they are not in the floor's search prior: the two are merged, never
        counted twice."""
        with self._lock:
            rows = self._db.execute(
                "SELECT query, opened, count(*) FROM events WHERE opened IS NOT NULL "
                "GROUP BY query, opened").fetchall()
        return [(str(q), str(slug), int(n)) for q, slug, n in rows]

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    def trim(self) -> int:
        """Keep at most :data:`MAX_KEPT` events (the newest); returns how many were dropped."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM events WHERE uuid IN (SELECT uuid FROM events ORDER BY at DESC "
                "LIMIT -1 OFFSET ?)", (MAX_KEPT,))
            return cursor.rowcount

    def upload(self, client: Any, batch_size: int = 500) -> int:
        """Send every ready event in batches; returns how many the hub confirmed.

        Raises :class:`HubProblem` when the hub cannot be reached or refuses the token; events
        stay in the log then. Events the hub calls invalid are dropped (they can never succeed);
        a batch too large is sent again in halves.
        """
        self.trim()
        confirmed = 0
        while True:
            batch = self.pending(batch_size)
            if not batch:
                return confirmed
            try:
                answer = request_json(client, "POST", "/kb/search-events",
                                      json={"events": [e.to_wire() for e in batch]})
            except HubProblem as problem:
                rejected = problem.kind is ProblemKind.REJECTED
                if rejected and problem.status == 413 and batch_size > 1:
                    batch_size = max(1, batch_size // 2)
                    continue
                if rejected and problem.status in (413, 422):
                    refused = {d.get("uuid") for d in problem.details} - {None}
                    self.forget([e.uuid for e in batch if e.uuid in refused or not refused])
                    continue
                if rejected:
                    raise HubProblem(ProblemKind.ERROR, problem.message, problem.status) from None
                raise
            if not (isinstance(answer, dict) and answer.get("received") == len(batch)):
                raise HubProblem(ProblemKind.ERROR, "the hub did not confirm the search events")
            self.forget([e.uuid for e in batch])
            confirmed += len(batch)


def _same_search(before: str, now: str) -> bool:
    """Typing on (``дайте`` → ``дайте тел``) or correcting (backspace) the same query."""
    return now.startswith(before[: max(1, len(before) - 3)]) or before.startswith(now)


def _row_to_wire(row: tuple[Any, ...]) -> dict[str, Any]:
    uuid, at, query, lang, hits, opened, copied, on_hold, reply = row
    return {"uuid": uuid, "at": at, "query": query, "lang": lang, "hits": hits,
            "opened": opened, "copied": bool(copied), "on_hold": bool(on_hold), "reply": reply}
