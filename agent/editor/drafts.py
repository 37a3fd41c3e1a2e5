"""DraftStore: the editor's unpublished work in ``editor.sqlite``, crash-safe like call notes.

Every save is one committed transaction (WAL, ``synchronous=FULL``), so killing the editor at any
moment loses at most the keystrokes of the last second (the window saves within a second of a
change). A draft remembers what it was based on: the published article (``base``) and its
revision, for the diff against the published version, the hub's conflict check and the merge.
The synonym sets have one draft of their own.

Thread rule: every method holds an internal lock; the editor calls them from its serialized
executor.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid as uuid_module
from dataclasses import dataclass, field
from pathlib import Path

from agent.editor.model import ArticleData, same_content
from kb.paths import private_file

DRAFTS_FILE = "editor.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    origin_slug TEXT,
    origin_lang TEXT,
    base_revision INTEGER NOT NULL DEFAULT 0,
    base TEXT,
    article TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS drafts_origin ON drafts (origin_slug, origin_lang)
    WHERE origin_slug IS NOT NULL;
CREATE TABLE IF NOT EXISTS synonyms_draft (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    base_revision INTEGER NOT NULL,
    base TEXT NOT NULL,
    sets TEXT NOT NULL,
    updated_at REAL NOT NULL
);
"""


class DraftStoreError(RuntimeError):
    """The drafts file cannot be used; the message says what to do."""


@dataclass(slots=True)
class Draft:
    """An article being edited. ``origin`` is the published (slug, lang) it edits, None for a
    new article; ``base`` the published content it started from."""

    article: ArticleData
    base: ArticleData | None = None
    base_revision: int = 0
    origin: tuple[str, str] | None = None
    id: str = field(default_factory=lambda: str(uuid_module.uuid4()))
    updated_at: float = 0.0

    @property
    def is_new(self) -> bool:
        return self.origin is None

    @property
    def changed(self) -> bool:
        """Differs from what it was based on (a new article always has changes)."""
        return not same_content(self.article, self.base)


@dataclass(slots=True)
class SynonymsDraft:
    sets: list[list[str]]
    base: list[list[str]]
    base_revision: int
    updated_at: float = 0.0


class DraftStore:
    """Drafts of one editor on this workstation; see the module docstring."""

    def __init__(self, path: Path) -> None:
        private_file(path)
        self.path = path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False,
                                       isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise DraftStoreError(f"{path} was written by a newer Sufler (schema {version});"
                                      " update the application")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise DraftStoreError(f"{path}: cannot open the drafts ({exc}); move the file "
                                  "aside to start with no drafts") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- article drafts --------------------------------------------------------------------------

    def save(self, draft: Draft) -> Draft:
        """Commit the draft now (insert or replace); returns it with ``updated_at`` set."""
        draft.updated_at = time.time()
        origin = draft.origin or (None, None)
        with self._lock:
            self._db.execute(
                "INSERT INTO drafts (id, origin_slug, origin_lang, base_revision, base, article,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "origin_slug = excluded.origin_slug, origin_lang = excluded.origin_lang, "
                "base_revision = excluded.base_revision, base = excluded.base, "
                "article = excluded.article, updated_at = excluded.updated_at",
                (draft.id, origin[0], origin[1], draft.base_revision,
                 None if draft.base is None else _dumps(draft.base), _dumps(draft.article),
                 draft.updated_at))
        return draft

    def get(self, draft_id: str) -> Draft | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return _draft(row) if row else None

    def for_article(self, slug: str, lang: str) -> Draft | None:
        """The draft editing the published article ``(slug, lang)``, if any."""
        with self._lock:
            row = self._db.execute("SELECT * FROM drafts WHERE origin_slug = ? AND "
                                   "origin_lang = ?", (slug, lang)).fetchone()
        return _draft(row) if row else None

    def all(self) -> list[Draft]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM drafts ORDER BY updated_at DESC").fetchall()
        return [_draft(r) for r in rows]

    def discard(self, draft_id: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM drafts WHERE id = ?",
                                    (draft_id,)).rowcount > 0

    # -- the synonym sets ------------------------------------------------------------------------

    def save_synonyms(self, draft: SynonymsDraft) -> SynonymsDraft:
        draft.updated_at = time.time()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO synonyms_draft (id, base_revision, base, sets, "
                "updated_at) VALUES (1, ?, ?, ?, ?)",
                (draft.base_revision, _dumps(draft.base), _dumps(draft.sets), draft.updated_at))
        return draft

    def synonyms(self) -> SynonymsDraft | None:
        with self._lock:
            row = self._db.execute("SELECT base_revision, base, sets, updated_at FROM "
                                   "synonyms_draft").fetchone()
        if row is None:
            return None
        return SynonymsDraft(json.loads(row[2]), json.loads(row[1]), int(row[0]), row[3])

    def discard_synonyms(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM synonyms_draft")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _draft(row: tuple) -> Draft:
    draft_id, slug, lang, base_revision, base, article, updated_at = row
    return Draft(article=json.loads(article), base=None if base is None else json.loads(base),
                 base_revision=int(base_revision),
                 origin=(slug, lang) if slug is not None else None, id=draft_id,
                 updated_at=float(updated_at))
