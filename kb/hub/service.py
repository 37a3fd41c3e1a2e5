"""HubService: everything the hub does with its database, independent of HTTP.

Notes are upserted by UUID (an older revision never overwrites a newer one; the same revision twice
stores once). KB revision numbers are allocated inside the publishing transaction (a row lock on
``kb_state``), so several hub instances on one PostgreSQL database never hand out a number twice
and revision N is committed before N + 1 becomes visible.

Thread rule: thread-safe; every method opens its own connection and transaction (the ASGI app calls
them from a thread pool).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from kb.hub import db
from kb.hub.csv_cells import csv_cell
from kb.hub.validation import ROLES
from kb.model import Article
from kb.wire import signing
from kb.wire.articles import article_to_json
from kb.wire.notes import Upload
from kb.wire.problems import RequestError

ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
AUTH_CACHE_SECONDS = 5.0
AUTH_CACHE_SIZE = 10_000
MAX_CHANGES_PAGE = 100


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: str

    def allows(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def new_token() -> str:
    """A high-entropy bearer token (256 bits)."""
    return "sfh_" + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class HubService:
    """The hub's operations on one database."""

    def __init__(self, engine: Engine, signing_key: Ed25519PrivateKey | None) -> None:
        self.engine = engine
        self.signing_key = signing_key
        self._gate = db.WriteGate(engine)
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        page = (
            sa.select(db.kb_revisions).where(db.kb_revisions.c.revision > sa.bindparam("since"))
            .order_by(db.kb_revisions.c.revision).limit(sa.bindparam("limit")).subquery()
        )
        self._changes_query = (
            sa.select(db.kb_state.c.revision.label("latest"), page)
            .select_from(db.kb_state.outerjoin(page, sa.true()))
            .order_by(page.c.revision)
        )
        self._auth_cache: dict[str, tuple[float, Principal]] = {}
        self._auth_lock = threading.Lock()
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        # Built once: constructing an upsert costs more than running it.
        upsert = self._insert(db.notes)
        self._upsert_notes = upsert.on_conflict_do_update(
            index_elements=[db.notes.c.uuid],
            set_={c.name: upsert.excluded[c.name] for c in db.notes.columns if c.name != "uuid"},
            where=(db.notes.c.revision < upsert.excluded.revision)
            & (db.notes.c.uploaded_by == upsert.excluded.uploaded_by),
        )
        self._select_stored = sa.select(
            db.notes.c.uuid, db.notes.c.revision, db.notes.c.uploaded_by, db.notes.c.payload,
        ).where(db.notes.c.uuid.in_(sa.bindparam("uuids", expanding=True)))
        self._auth_query = (
            sa.select(db.users.c.name, db.users.c.role, db.tokens.c.token_hash)
            .join(db.tokens, db.tokens.c.user_id == db.users.c.id)
            .where(db.tokens.c.token_hash == sa.bindparam("digest"),
                   db.tokens.c.revoked.is_(False), db.users.c.disabled.is_(False))
        )

    # -- users and tokens ------------------------------------------------------------------------

    def authenticate(self, token: str) -> Principal | None:
        """The token's user, or None. Valid tokens are remembered for ``AUTH_CACHE_SECONDS``
        (keyed by hash), so a revocation reaches every hub instance within that time."""
        digest = hash_token(token)
        now = time.monotonic()
        cached = self._auth_cache.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        with self._autocommit.connect() as conn:
            row = conn.execute(self._auth_query, {"digest": digest}).first()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            self._auth_cache.pop(digest, None)
            return None
        principal = Principal(row.name, row.role)
        with self._auth_lock:
            if len(self._auth_cache) >= AUTH_CACHE_SIZE:
                self._auth_cache.clear()
            self._auth_cache[digest] = (now + AUTH_CACHE_SECONDS, principal)
        return principal

    def forget_tokens(self) -> None:
        """Drop remembered tokens (this instance revoked one)."""
        with self._auth_lock:
            self._auth_cache.clear()

    def add_user(self, name: str, role: str) -> str:
        """Create a user with one token and return the token (the only time it is shown)."""
        if role not in ROLES:
            raise RequestError(422, f"role must be one of {', '.join(ROLES)}")
        token = new_token()
        with self._gate, self.engine.begin() as conn:
            exists = conn.execute(sa.select(db.users.c.id).where(db.users.c.name == name)).first()
            if exists is not None:
                raise RequestError(409, f"user {name!r} already exists")
            user_id = conn.execute(
                db.users.insert().values(name=name, role=role, created_at=time.time(),
                                         disabled=False).returning(db.users.c.id)
            ).scalar_one()
            self._add_token(conn, user_id, token)
        return token

    def _add_token(self, conn: Connection, user_id: int, token: str) -> None:
        conn.execute(db.tokens.insert().values(user_id=user_id, token_hash=hash_token(token),
                                               created_at=time.time(), revoked=False))

    def issue_token(self, name: str) -> str:
        """A further token for an existing user (e.g. a new workstation)."""
        token = new_token()
        with self._gate, self.engine.begin() as conn:
            user_id = self._user_id(conn, name)
            self._add_token(conn, user_id, token)
        return token

    def revoke_tokens(self, name: str) -> int:
        with self._gate, self.engine.begin() as conn:
            user_id = self._user_id(conn, name)
            result = conn.execute(db.tokens.update().where(db.tokens.c.user_id == user_id)
                                  .values(revoked=True))
        self.forget_tokens()
        return int(result.rowcount)

    def _user_id(self, conn: Connection, name: str) -> int:
        row = conn.execute(sa.select(db.users.c.id).where(db.users.c.name == name)).first()
        if row is None:
            raise RequestError(404, f"no user {name!r}")
        return int(row.id)

    def schema_revision(self) -> str:
        return db.schema_revision(self.engine)

    def list_users(self) -> list[dict[str, Any]]:
        active = (
            sa.select(sa.func.count()).select_from(db.tokens)
            .where(db.tokens.c.user_id == db.users.c.id, db.tokens.c.revoked.is_(False))
            .scalar_subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(db.users.c.name, db.users.c.role, db.users.c.disabled,
                          active.label("tokens")).order_by(db.users.c.name)
            ).all()
        return [{"name": r.name, "role": r.role, "disabled": bool(r.disabled),
                 "active_tokens": int(r.tokens)} for r in rows]

    # -- notes -----------------------------------------------------------------------------------

    def store_notes(self, principal: Principal, items: list[Upload]) -> list[dict[str, Any]]:
        """Upsert a checked batch in one transaction; answer each note's stored revision and
        whether the content stored at that revision is the one sent (``matches``: false tells
        a workstation restored from an older copy that its text is not on the hub yet).

        A note belongs to the user who first uploaded it: when the batch holds a UUID another
        user owns, nothing of the batch is stored and :class:`NotesRefused` (403) names those
        entries, without anything about the stored note (see :meth:`_store_notes_postgres`
        for the one race on PostgreSQL).
        """
        newest: dict[str, Upload] = {}
        for item in items:
            seen = newest.get(item.uuid)
            if seen is None or item.revision > seen.revision:
                newest[item.uuid] = item
        if not newest:
            return []
        now = time.time()
        rows = [self._note_row(item, principal.name, now)
                for _, item in sorted(newest.items())]  # one lock order: no deadlocks
        if self.engine.dialect.name == "postgresql":
            stored = self._store_notes_postgres(rows)
            _refuse_foreign(principal, items, stored)
        else:
            with self._gate, self.engine.begin() as conn:
                owners = {r.uuid: r.uploaded_by for r in conn.execute(
                    self._select_stored, {"uuids": list(newest)})}
                _refuse_foreign(principal, items, {u: _Stored(0, o, False)
                                                   for u, o in owners.items()})
                conn.execute(self._upsert_notes, rows)
                stored = {r.uuid: _Stored(int(r.revision), r.uploaded_by,
                                          r.payload == newest[r.uuid].note.payload.decode())
                          for r in conn.execute(self._select_stored, {"uuids": list(newest)})}
        return [{"uuid": item.uuid, "revision": stored[item.uuid].revision,
                 "matches": stored[item.uuid].same_as_newest
                 and item.note.payload == newest[item.uuid].note.payload} for item in items]

    def _store_notes_postgres(self, rows: list[dict[str, Any]]) -> dict[str, _Stored]:
        """The whole batch as one statement in one round trip (its own transaction): upsert,
        and answer each note's revision, owner and whether the stored content is the one sent.

        When the statement's snapshot shows a note of another user, nothing is written. For a
        note this statement skipped, the revision comes from the statement's snapshot; if a
        concurrent upload committed a newer one meanwhile, the answer is lower than the truth,
        so the workstation just sends that note again. Two users racing to create the same new
        UUID: the loser's entry is refused, the rest of its batch is stored (and confirmed when
        the workstation sends it again)."""
        with self._autocommit.connect() as conn:
            result = conn.execute(_PG_UPSERT, {"rows": json.dumps(rows, ensure_ascii=False)})
            return {uuid: _Stored(int(revision), owner, bool(same))
                    for uuid, revision, owner, same in result.tuples()}

    def reassign_note(self, note_uuid: str, user: str) -> None:
        """Give a note to another (existing) user: from then on only they may change it."""
        with self._gate, self.engine.begin() as conn:
            self._user_id(conn, user)
            result = conn.execute(db.notes.update().where(db.notes.c.uuid == note_uuid)
                                  .values(uploaded_by=user))
            if result.rowcount == 0:
                raise RequestError(404, f"no note {note_uuid}")

    @staticmethod
    def _note_row(item: Upload, uploaded_by: str, now: float) -> dict[str, Any]:
        note = item.note.content
        return {
            "uuid": item.uuid, "revision": item.revision, "call_id": note.get("call_id"),
            "number": note["number"], "caller_name": note.get("caller_name") or "",
            "direction": note["direction"], "started_at": note.get("started_at"),
            "ended_at": note.get("ended_at"), "duration": note.get("duration"),
            "wrap_up_code": note.get("wrap_up_code", ""),
            "completed": bool(note.get("completed", False)),
            "payload": item.note.payload.decode("utf-8"),
            "uploaded_by": uploaded_by, "received_at": now,
        }

    def note_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(db.notes)).scalar_one())

    def note_revisions(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(db.notes.c.uuid, db.notes.c.revision))
                        .tuples().all())

    def export_csv(self, since: float | None = None, until: float | None = None
                   ) -> Iterator[str]:
        """The notes as CSV text chunks (UTF-8 with BOM, so spreadsheets open Cyrillic right).

        Streams from the database in pages; the first chunk (the header) is produced only after
        the query ran, so a database error surfaces before anything is sent.
        """
        query = sa.select(db.notes).order_by(db.notes.c.started_at, db.notes.c.uuid)
        if since is not None:
            query = query.where(db.notes.c.started_at >= since)
        if until is not None:
            query = query.where(db.notes.c.started_at < until)
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=500).execute(query).mappings()
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            buffer.write("\ufeff")
            writer.writerow(EXPORT_COLUMNS)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            for index, row in enumerate(rows, 1):
                writer.writerow(_export_row(row))
                if index % 500 == 0:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

    # -- KB revisions ----------------------------------------------------------------------------

    def latest_revision(self) -> int:
        with self._autocommit.connect() as conn:
            return int(conn.execute(sa.select(db.kb_state.c.revision)).scalar_one())

    def publish(self, principal: Principal, upserts: list[Article],
                deletions: list[tuple[str, str]], *,
                bases: dict[tuple[str, str], int] | None = None,
                synonym_sets: list[list[str]] | None = None,
                synonyms_base: int | None = None) -> dict[str, Any]:
        """Make a new signed revision of the given changes; answer its number and key id.

        With ``bases`` (the HTTP API always sends them), an article whose current revision is not
        its base refuses the whole publication (:class:`kb.hub.editing.PublishConflict`); the
        synonym sets likewise against ``synonyms_base`` when they are published.
        """
        from kb.hub import editing

        if self.signing_key is None:
            raise RequestError(503, "this hub has no signing key and cannot publish")
        public = self.signing_key.public_key()
        up_json = sorted((article_to_json(a) for a in upserts),
                         key=lambda a: (a["slug"], a["lang"]))
        now = time.time()
        stamp = dt.datetime.fromtimestamp(now, dt.UTC).isoformat().replace("+00:00", "Z")
        for article in up_json:
            article["updated"] = article.get("updated") or stamp
        del_json = sorted([slug, lang] for slug, lang in deletions)
        with self._gate, self.engine.begin() as conn:
            number = int(conn.execute(
                db.kb_state.update().where(db.kb_state.c.id == 1)
                .values(revision=db.kb_state.c.revision + 1)
                .returning(db.kb_state.c.revision)
            ).scalar_one())
            if bases is not None:
                editing.check_bases_in(conn, bases,
                                       synonyms_base if synonym_sets is not None else None)
            document = signing.signed_document(number, up_json, del_json, synonym_sets)
            signature = signing.sign(self.signing_key, document)
            conn.execute(db.kb_revisions.insert().values(
                revision=number, created_at=now, author=principal.name,
                key_id=signing.key_id(public), signature=signature,
                document=signing.canonical_json(document).decode("utf-8"),
            ))
            current = [{"slug": a["slug"], "lang": a["lang"], "revision": number,
                        "deleted": False, "article": json.dumps(a, ensure_ascii=False)}
                       for a in up_json]
            current += [{"slug": slug, "lang": lang, "revision": number, "deleted": True,
                         "article": "{}"} for slug, lang in del_json]
            stmt = self._insert(db.kb_articles)
            stmt = stmt.on_conflict_do_update(
                index_elements=[db.kb_articles.c.slug, db.kb_articles.c.lang],
                set_={"revision": stmt.excluded.revision, "deleted": stmt.excluded.deleted,
                      "article": stmt.excluded.article},
            )
            if current:
                conn.execute(stmt, current)
            editing.record_history_in(conn, number, now, principal.name, up_json, del_json,
                                      synonym_sets)
        return {"revision": number, "key_id": signing.key_id(public),
                "upserts": len(up_json), "deletions": len(del_json)}

    def changes(self, since: int, limit: int) -> dict[str, Any]:
        """Signed revisions after ``since``, oldest first, at most ``limit`` of them."""
        limit = max(1, min(limit, MAX_CHANGES_PAGE))
        with self._autocommit.connect() as conn:  # one statement, one snapshot
            rows = conn.execute(self._changes_query, {"since": since, "limit": limit}
                                ).mappings().all()
        latest = int(rows[0]["latest"])
        revisions = []
        for row in rows:
            if row["document"] is None:  # the outer join's row when nothing is new
                continue
            document = json.loads(row["document"])
            revisions.append({**document, "created_at": row["created_at"],
                              "author": row["author"], "key_id": row["key_id"],
                              "signature": row["signature"]})
        last = revisions[-1]["revision"] if revisions else since
        return {"since": since, "latest": latest, "revisions": revisions,
                "more": last < latest}

    def current_articles(self) -> dict[tuple[str, str], dict[str, Any]]:
        """The published articles as of the latest revision (deleted ones left out)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(db.kb_articles)
                                .where(db.kb_articles.c.deleted.is_(False))).mappings().all()
        return {(r["slug"], r["lang"]): json.loads(r["article"]) for r in rows}



@dataclass(frozen=True, slots=True)
class _Stored:
    """What the hub holds for one uploaded UUID: revision, owner, and whether its content is
    the newest upload of that UUID in the batch."""

    revision: int
    owner: str | None
    same_as_newest: bool


FOREIGN_NOTE = "this note belongs to another user: only its owner can change it"


class NotesRefused(RequestError):
    """An upload holding notes of another user (403); ``details`` name those entries."""


def _refuse_foreign(principal: Principal, items: list[Upload],
                    stored: dict[str, _Stored]) -> None:
    foreign = [{"index": index, "uuid": item.uuid, "error": FOREIGN_NOTE}
               for index, item in enumerate(items)
               if (found := stored.get(item.uuid)) is not None and found.owner is not None
               and found.owner != principal.name]
    if foreign:
        raise NotesRefused(403, f"{len(foreign)} note(s) belong to another user; nothing was "
                                "stored", foreign)


_NOTE_COLUMNS = ("uuid, revision, call_id, number, caller_name, direction, started_at, ended_at, "
                 "duration, wrap_up_code, completed, payload, uploaded_by, received_at")
_PG_UPSERT = sa.text(f"""
WITH input AS (
    SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(
        uuid varchar, revision integer, call_id varchar, number varchar, caller_name varchar,
        direction varchar, started_at double precision, ended_at double precision,
        duration double precision,
        wrap_up_code varchar, completed boolean, payload text, uploaded_by varchar,
        received_at double precision)
), written AS (
    INSERT INTO notes ({_NOTE_COLUMNS})
    SELECT {_NOTE_COLUMNS} FROM input
    WHERE NOT EXISTS (SELECT 1 FROM input AS i JOIN notes AS n ON n.uuid = i.uuid
                      WHERE n.uploaded_by <> i.uploaded_by)
    ORDER BY uuid
    ON CONFLICT (uuid) DO UPDATE SET
        revision = excluded.revision, call_id = excluded.call_id, number = excluded.number,
        caller_name = excluded.caller_name, direction = excluded.direction,
        started_at = excluded.started_at, ended_at = excluded.ended_at,
        duration = excluded.duration,
        wrap_up_code = excluded.wrap_up_code, completed = excluded.completed,
        payload = excluded.payload, uploaded_by = excluded.uploaded_by,
        received_at = excluded.received_at
    WHERE notes.revision < excluded.revision AND notes.uploaded_by = excluded.uploaded_by
    RETURNING uuid, revision, uploaded_by
)
SELECT input.uuid,
       COALESCE(written.revision, existing.revision, 0) AS revision,
       COALESCE(written.uploaded_by, existing.uploaded_by) AS owner,
       COALESCE(written.uuid IS NOT NULL OR existing.payload = input.payload, false) AS same
FROM input LEFT JOIN written ON written.uuid = input.uuid
LEFT JOIN notes AS existing ON existing.uuid = input.uuid AND written.uuid IS NULL
""")  # the second join is an index lookup, used only for notes the upsert skipped

EXPORT_COLUMNS = (
    "uuid", "revision", "call_id", "number", "caller_name", "direction", "started_at",
    "answered_at", "ended_at", "duration_s", "wrap_up_code", "completed", "text", "complaint",
    "callback", "articles", "uploaded_by", "received_at",
)
_PHONE_RE = re.compile(r"^\+?[0-9 ()-]*$")


def _iso(value: Any) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC).isoformat().replace("+00:00", "Z")
    except (OverflowError, ValueError, OSError):
        return str(value)


_cell = csv_cell  # neutralise spreadsheet formulas (CSV injection) in free text


def _caller_name(note: dict[str, Any]) -> str:
    """The note's caller name; notes of earlier desktops kept it inside their forms."""
    for where in (note, note.get("complaint"), note.get("callback")):
        name = where.get("caller_name") if isinstance(where, dict) else None
        if isinstance(name, str) and name:
            return name
    return ""


def _export_row(row: Any) -> list[str]:
    note = json.loads(row["payload"])
    number = str(note.get("number", ""))
    return [
        row["uuid"], str(row["revision"]), _cell(note.get("call_id")),
        number if _PHONE_RE.match(number) else _cell(number), _cell(_caller_name(note)),
        note.get("direction", ""),
        _iso(note.get("started_at")), _iso(note.get("answered_at")), _iso(note.get("ended_at")),
        "" if note.get("duration") is None else f"{float(note['duration']):.0f}",
        _cell(note.get("wrap_up_code")), "yes" if note.get("completed") else "no",
        _cell(note.get("text")),
        _cell(json.dumps(note.get("complaint") or {}, ensure_ascii=False)),
        _cell(json.dumps(note.get("callback") or {}, ensure_ascii=False)),
        _cell(";".join(note.get("articles") or [])), _cell(row["uploaded_by"]),
        _iso(row["received_at"]),
    ]
