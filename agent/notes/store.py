"""NotesStore: the workstation's call notes in ``notes.sqlite`` (also the sync outbox).

Every change is committed at once (WAL, ``synchronous=FULL``): a crash at any moment loses at most
what was being typed. Each note has a client-made UUID and a local ``revision`` that grows on every
change; the sync state says whether the hub confirmed that revision (``synced``), has yet to see it
(``pending``), refused it (``failed`` with a reason, kept until the note changes again), or this
workstation cannot send it as it is (``quarantined`` with a reason: a value stored before the
contract refused it; it never blocks the other notes). The file is created mode 0600.

Thread rule: use the store from one worker thread at a time (the desktop runs all SQLite writes
through one serialized executor). The connection is opened with ``check_same_thread=False`` and
every method holds an internal lock, so a :class:`~agent.notes.syncer.Syncer` thread may share the
same store safely; other processes (the CLI) may open the same file at the same time.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
import uuid as uuid_module
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlite_utils

from agent.notes.listeners import Listeners, Subscription
from agent.notes.model import (
    EDITABLE_FIELDS,
    MAX_CALLER_NAME,
    Note,
    NoteError,
    SyncCounts,
    check_fields,
    normalize_direction,
)
from kb.paths import private_file
from kb.wire.states import NoteState

_JSON_FIELDS = ("complaint", "callback", "articles")
_SEARCHED = ("text", "number", "caller_name", "wrap_up_code", "call_id")  # by recent(query=...)
_COLUMNS = (
    "uuid", "call_id", "number", "caller_name", "direction", "started_at", "answered_at",
    "ended_at", "duration", "wrap_up_code", "text", "complaint", "callback", "articles",
    "completed", "created_at", "updated_at", "revision", "sync_state", "sync_error",
    "synced_revision",
)


def _migrate_1(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE notes (
            uuid TEXT PRIMARY KEY,
            call_id TEXT,
            number TEXT NOT NULL DEFAULT '',
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            started_at REAL,
            answered_at REAL,
            ended_at REAL,
            duration REAL,
            wrap_up_code TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            complaint TEXT NOT NULL DEFAULT '{}',
            callback TEXT NOT NULL DEFAULT '{}',
            articles TEXT NOT NULL DEFAULT '[]',
            completed INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            sync_state TEXT NOT NULL DEFAULT 'pending'
                CHECK (sync_state IN ('pending', 'synced', 'failed')),
            sync_error TEXT,
            synced_revision INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX notes_call_id ON notes (call_id)")
    db.execute("CREATE INDEX notes_sync_state ON notes (sync_state, updated_at)")
    db.execute("CREATE INDEX notes_recent ON notes (coalesce(started_at, created_at) DESC)")


def _migrate_2(db: sqlite_utils.Database) -> None:
    """The caller's name becomes a field of its own. Earlier desktops kept it only inside the
    complaint and callback forms; it is taken from there (the revision stays: the hub already
    has the name in those forms, and a later change uploads the field)."""
    db.execute("ALTER TABLE notes ADD COLUMN caller_name TEXT NOT NULL DEFAULT ''")
    form_name = (
        "CASE WHEN json_valid({form}) AND json_type({form}, '$.caller_name') = 'text' "
        "THEN nullif(substr(json_extract({form}, '$.caller_name'), 1, {limit}), '') END"
    )
    complaint = form_name.format(form="complaint", limit=MAX_CALLER_NAME)
    callback = form_name.format(form="callback", limit=MAX_CALLER_NAME)
    db.execute(f"UPDATE notes SET caller_name = coalesce({complaint}, {callback}, '')")


def _migrate_3(db: sqlite_utils.Database) -> None:
    """A note this workstation cannot send as it is becomes ``quarantined`` (kept, listed, with
    its reason) instead of blocking the outbox: the state's CHECK gains that value. SQLite cannot
    change a CHECK, so the table is copied into a new one (indexes made again)."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'notes'"
                     ).fetchone()[0]
    old_check = "CHECK (sync_state IN ('pending', 'synced', 'failed'))"
    if old_check not in sql:
        raise NotesStoreError("the notes table does not have the expected sync_state check")
    new_sql = sql.replace(old_check,
                          "CHECK (sync_state IN ('pending', 'synced', 'failed', 'quarantined'))")
    db.execute(new_sql.replace("CREATE TABLE notes", "CREATE TABLE notes_new", 1))
    db.execute("INSERT INTO notes_new SELECT * FROM notes")
    db.execute("DROP TABLE notes")
    db.execute("ALTER TABLE notes_new RENAME TO notes")
    db.execute("CREATE INDEX notes_call_id ON notes (call_id)")
    db.execute("CREATE INDEX notes_sync_state ON notes (sync_state, updated_at)")
    db.execute("CREATE INDEX notes_recent ON notes (coalesce(started_at, created_at) DESC)")


# Numbered upgrades: MIGRATIONS[i] takes the schema from user_version i to i + 1.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _migrate_1, _migrate_2, _migrate_3)
SCHEMA_VERSION = len(MIGRATIONS)


class NotesStoreError(RuntimeError):
    """The notes file cannot be used (newer schema, not a database, unknown note...)."""


class NotesStore:
    """Call notes on this workstation; see the module docstring for the thread rule."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self._db = db
        self._lock = threading.RLock()
        self.path = path
        self._listeners: Listeners[Note] = Listeners()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> NotesStore:
        """Open (creating and upgrading as needed) the notes database at ``path``."""
        path = Path(path)
        private_file(path)
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                               timeout=30.0)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.create_function("casefold", 1, _casefold, deterministic=True)
            # Text another tool wrote as invalid UTF-8 is read (as lone surrogates), never a
            # crash: listing shows it, and the check before sending quarantines the note.
            conn.text_factory = _decode_text
            store = cls(sqlite_utils.Database(conn), path)
            store._upgrade()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NotesStoreError(f"{path}: cannot open the notes database: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return store

    def _upgrade(self) -> None:
        with self._write():
            version = self._user_version()
            if version > SCHEMA_VERSION:
                raise NotesStoreError(
                    f"{self.path}: written by a newer Sufler (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); update the application"
                )
            for step in MIGRATIONS[version:]:
                step(self._db)
            if version != SCHEMA_VERSION:
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _user_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._user_version()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- listeners -----------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[Note], None], weak: bool = False) -> Subscription:
        """Call ``listener(note)`` after every committed change (on the thread that changed it)
        until the returned subscription is cancelled; ``weak``: held by a weak reference."""
        return self._listeners.add(listener, weak)

    def remove_listener(self, listener: Callable[[Note], None]) -> None:
        self._listeners.remove(listener)

    def _changed(self, note: Note) -> Note:
        self._listeners.notify(note)
        return note

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One immediate transaction under the lock: all of it is committed, or none."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.conn.rollback()
                raise
            self._db.execute("COMMIT")

    def create(self, call_id: str | None, number: str, direction: str,
               started_at: float | None = None, **fields: Any) -> Note:
        """Save a new note at once and return it (revision 1, pending).

        ``fields`` are any of :data:`~agent.notes.model.EDITABLE_FIELDS`; ``uuid`` may be given
        (the CLI and imports do), otherwise a new UUID4 is made.
        """
        note_uuid = str(fields.pop("uuid", None) or uuid_module.uuid4())
        try:
            uuid_module.UUID(note_uuid)
        except ValueError:
            raise NoteError(f"uuid {note_uuid!r} is not a UUID") from None
        content = check_fields(
            {"call_id": call_id, "number": number, "direction": normalize_direction(direction),
             "started_at": started_at, **fields},
            EDITABLE_FIELDS,
        )
        _fill_duration(content)
        now = time.time()
        # Fields not given take the table's defaults (empty text and forms, no times).
        row = {**content, "uuid": note_uuid, "created_at": now, "updated_at": now,
               "revision": 1, "sync_state": NoteState.PENDING, "sync_error": None,
               "synced_revision": 0}
        with self._write():
            try:
                self._db.table("notes").insert(_to_row(row))
            except sqlite3.IntegrityError as exc:
                raise NoteError(f"a note with uuid {note_uuid} already exists") from exc
            note = self._get(note_uuid)
        assert note is not None
        return self._changed(note)

    def update(self, uuid: str, **fields: Any) -> Note:
        """Change fields of a note, commit at once; bumps the revision and marks it pending.

        A call that changes nothing returns the note untouched (no new revision to upload).
        """
        content = check_fields(fields, EDITABLE_FIELDS)
        with self._write():
            current = self._get(uuid)
            if current is None:
                raise NotesStoreError(f"no note {uuid}")
            merged = {**current.content(), **content}
            if "duration" not in content:
                merged["duration"] = current.duration
                if {"answered_at", "ended_at", "started_at"} & set(content):
                    merged["duration"] = None
                    _fill_duration(merged)
            changed = {k: v for k, v in merged.items() if getattr(current, k) != v}
            if not changed:
                return current
            changed.update(updated_at=time.time(), revision=current.revision + 1,
                           sync_state=NoteState.PENDING, sync_error=None)
            self._db.table("notes").update(uuid, _to_row(changed))
            note = self._get(uuid)
        assert note is not None
        return self._changed(note)

    def mark_synced(self, uuid: str, revision: int, *, matches: bool | None = None,
                    may_renumber: bool = True) -> Note | None:
        """The hub stores ``revision`` of this note: synced, unless the note changed meanwhile.

        ``matches`` is the hub's word on whether the content it stores at ``revision`` is the
        content sent (None: the hub did not say). When it is not and the hub's revision is at or
        past the note's, the hub holds a text this store has not got (this file was restored
        from an older copy): the note takes the next number after the hub's and stays pending,
        so its text goes up as a new revision (with ``may_renumber`` false it just stays
        pending). Nothing is marked synced that the hub does not hold.
        """
        with self._write():
            current = self._get(uuid)
            if current is None:
                return None
            if matches is False:
                if revision >= current.revision and may_renumber:
                    self._db.execute(
                        "UPDATE notes SET revision = ?, sync_state = 'pending', sync_error = NULL "
                        "WHERE uuid = ?", [revision + 1, uuid])
                    note = self._get(uuid)
                    return self._changed(note) if note else None
                return current
            if matches and revision > current.revision:
                # The hub holds this very text under a higher number (a restored file): take it.
                self._db.execute("UPDATE notes SET revision = ? WHERE uuid = ?", [revision, uuid])
                current = dataclasses.replace(current, revision=revision)
            synced_revision = max(current.synced_revision, revision)
            state, error = current.sync_state, current.sync_error
            if synced_revision >= current.revision:
                state, error = NoteState.SYNCED, None
            self._db.execute(
                "UPDATE notes SET synced_revision = ?, sync_state = ?, sync_error = ? "
                "WHERE uuid = ?", [synced_revision, state, error, uuid],
            )
            note = self._get(uuid)
        return self._changed(note) if note else None

    def mark_failed(self, uuid: str, reason: str, revision: int | None = None) -> Note | None:
        """The hub refused this note (``reason`` is shown to the operator).

        With ``revision``, nothing happens when the note changed since that revision was sent
        (the new revision is still pending and gets its own chance).
        """
        with self._write():
            current = self._get(uuid)
            if current is None or (revision is not None and revision != current.revision):
                return current
            if current.synced_revision >= current.revision:
                return current  # the hub already confirmed this revision: a late refusal is moot
            self._db.execute(
                "UPDATE notes SET sync_state = 'failed', sync_error = ? WHERE uuid = ?",
                [reason, uuid],
            )
            note = self._get(uuid)
        return self._changed(note) if note else None

    def quarantine(self, uuid: str, reason: str, revision: int) -> Note | None:
        """This workstation cannot send ``revision`` of the note as it is (``reason`` names the
        field): keep it, out of the outbox, until the note changes. Nothing happens when the
        note changed since that revision was read."""
        with self._write():
            current = self._get(uuid)
            if current is None or current.revision != revision:
                return current
            self._db.execute(
                "UPDATE notes SET sync_state = 'quarantined', sync_error = ? WHERE uuid = ?",
                [reason, uuid],
            )
            note = self._get(uuid)
        return self._changed(note) if note else None

    def retry_failed(self) -> int:
        """Put every failed or quarantined note back to pending (after the cause was fixed);
        returns how many."""
        with self._write():
            cursor = self._db.execute(
                "UPDATE notes SET sync_state = 'pending', sync_error = NULL "
                "WHERE sync_state IN ('failed', 'quarantined')"
            )
            return cursor.rowcount

    # -- reading -------------------------------------------------------------------------------

    def _get(self, uuid: str) -> Note | None:
        rows = list(self._db.query("SELECT * FROM notes WHERE uuid = ?", [uuid]))
        return _from_row(rows[0]) if rows else None

    def get(self, uuid: str) -> Note | None:
        with self._lock:
            return self._get(uuid)

    def for_call(self, call_id: str) -> Note | None:
        """The newest note of a call (a call normally has one)."""
        with self._lock:
            rows = list(self._db.query(
                "SELECT * FROM notes WHERE call_id = ? ORDER BY created_at DESC LIMIT 1",
                [call_id],
            ))
        return _from_row(rows[0]) if rows else None

    def recent(self, limit: int = 100, query: str | None = None) -> list[Note]:
        """Newest first; ``query`` matches text, number, caller's name, wrap-up code or call id
        (any case)."""
        sql = "SELECT * FROM notes"
        params: list[Any] = []
        if query and query.strip():
            # As blobs: SQLite hands a function text only if it is valid UTF-8 (see _casefold).
            sql += " WHERE " + " OR ".join(f"instr(casefold(CAST({name} AS BLOB)), :q)"
                                           for name in _SEARCHED)
            params = {"q": query.strip().casefold()}  # type: ignore[assignment]
        sql += " ORDER BY coalesce(started_at, created_at) DESC, created_at DESC LIMIT "
        sql += str(max(0, int(limit)))
        with self._lock:
            return [_from_row(r) for r in self._db.query(sql, params)]

    def counts(self) -> SyncCounts:
        with self._lock:
            rows = self._db.query(
                "SELECT sync_state, count(*) AS n FROM notes GROUP BY sync_state"
            )
            by_state = {r["sync_state"]: r["n"] for r in rows}
        return SyncCounts(pending=by_state.get(NoteState.PENDING, 0),
                          synced=by_state.get(NoteState.SYNCED, 0),
                          failed=by_state.get(NoteState.FAILED, 0),
                          quarantined=by_state.get(NoteState.QUARANTINED, 0))

    def dirty(self, limit: int = 100) -> list[Note]:
        """Pending notes (changed since the hub last confirmed them), oldest change first."""
        with self._lock:
            rows = self._db.query(
                "SELECT * FROM notes WHERE sync_state = 'pending' ORDER BY updated_at LIMIT ?",
                [int(limit)],
            )
            return [_from_row(r) for r in rows]

    def needing_attention(self, limit: int = 100) -> list[Note]:
        """Failed and quarantined notes (the operator or IT has to act), oldest change first."""
        with self._lock:
            rows = self._db.query(
                "SELECT * FROM notes WHERE sync_state IN ('failed', 'quarantined') "
                "ORDER BY updated_at LIMIT ?", [int(limit)],
            )
            return [_from_row(r) for r in rows]

    def all(self) -> list[Note]:
        with self._lock:
            return [_from_row(r) for r in self._db.query("SELECT * FROM notes ORDER BY created_at")]


def _decode_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _casefold(raw: bytes | None) -> str:
    """SQLite's lower() folds ASCII only; operators search Cyrillic text. Takes the column as a
    blob: the sqlite3 module cannot pass text that is not valid UTF-8 to a function (the whole
    query would fail), so such bytes are read here with a replacement character."""
    return raw.decode("utf-8", "replace").casefold() if isinstance(raw, bytes) else ""


def _fill_duration(content: dict[str, Any]) -> None:
    """Derive the talk time from the call times when the caller did not give one."""
    if content.get("duration") is not None:
        return
    end = content.get("ended_at")
    begin = content.get("answered_at") or content.get("started_at")
    if end is not None and begin is not None:
        content["duration"] = max(0.0, float(end) - float(begin))


def _to_row(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    for name in _JSON_FIELDS:
        if name in row:
            row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
    return row  # completed stays a bool: sqlite3 stores True and False as 1 and 0


def _from_row(row: dict[str, Any]) -> Note:
    """The row as a :class:`Note`, whatever it holds: a value the contract would refuse (a
    broken JSON form, a number where text belongs, an impossible time) is kept as it is, so
    listing never fails; sending it fails the check and quarantines the note."""
    values = {name: row[name] for name in _COLUMNS}
    for name in _JSON_FIELDS:
        with suppress(TypeError, ValueError):  # else kept as stored: the check names the field
            values[name] = json.loads(values[name])
    values["completed"] = bool(values["completed"])
    values["sync_state"] = NoteState(values["sync_state"])
    return Note(**values)

