"""The SQLite store: the source of truth for articles, synonym sets and the applied hub revision.

Besides the articles it keeps, in the same transactions:

- ``article_terms``: an FTS5 table of each article's stems (head = title, tags and synonyms; body =
  body and replies). It serves the fallback search while the whoosh index is rebuilt, the reranking
  of index hits, and (through ``fts5vocab``) the lexicon for prefix and typo expansion;
- a *generation* counter bumped by every write, stamped on changed rows and on ``tombstones`` of
  deleted ones, so an index that is behind can catch up with exactly what changed.

Schema changes are numbered upgrade functions run in one transaction each (``PRAGMA user_version``).

Thread rule: one :class:`Store` per connection. The knowledge base owns one writer store (used under
its write lock) and one read-only store per searching thread; WAL lets them run concurrently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from kb.analysis import stem_text
from kb.markdown_files import normalize_body
from kb.model import Article

STORE_FILE = "kb.sqlite"


class StoreError(RuntimeError):
    """The store cannot be used (newer schema, corrupt file); the message says what to do."""


def _run_statements(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction (``executescript`` would
    commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run_statements(
        conn,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL,
            lang TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            synonyms TEXT NOT NULL DEFAULT '[]',
            replies TEXT NOT NULL DEFAULT '[]',
            actions TEXT NOT NULL DEFAULT '[]',
            extra TEXT NOT NULL DEFAULT '{}',
            updated TEXT,
            gen INTEGER NOT NULL,
            UNIQUE (slug, lang)
        );
        CREATE INDEX articles_gen ON articles (gen);
        CREATE INDEX articles_kind_lang ON articles (kind, lang);
        CREATE TABLE tombstones (
            slug TEXT NOT NULL,
            lang TEXT NOT NULL,
            gen INTEGER NOT NULL,
            PRIMARY KEY (slug, lang)
        );
        CREATE TABLE synonym_sets (
            id INTEGER PRIMARY KEY,
            phrases TEXT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (key, value) VALUES ('generation', '0'), ('revision', '0');
        CREATE VIRTUAL TABLE article_terms USING fts5(
            head, body, tokenize = 'unicode61 remove_diacritics 0'
        );
        CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_terms, row);
        """
    )


def _restem(conn: sqlite3.Connection) -> None:
    """Stem every article again (the analysis changed how some words stem), stamped with a new
    generation so that the index catches up with exactly these rows."""
    rows = conn.execute(
        "SELECT id, slug, kind, lang, title, body, tags, synonyms, replies, actions, updated, "
        "extra FROM articles"
    ).fetchall()
    if not rows:
        return
    gen = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]) + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(gen),))
    for row in rows:
        article = _row_to_article(row)
        conn.execute("DELETE FROM article_terms WHERE rowid = ?", (row["id"],))
        conn.execute(
            "INSERT INTO article_terms (rowid, head, body) VALUES (?, ?, ?)",
            (row["id"], head_terms(article), body_terms(article)),
        )
    conn.execute("UPDATE articles SET gen = ?", (gen,))


# Upgrade functions: MIGRATIONS[n - 1] takes a store from user_version n - 1 to n.
# 2: re-stem (analysis STEM_EXCEPTIONS: "долго" no longer stems as "долг").
# 3: re-stem (analysis: a number's digit groups are one word, "1 290" → "1290", and "₽" reads as
#    "рубль"; a fleeting vowel leaves Russian stems, "заявок" → "заявк"; so does the "я" of "-ят"
#    verbs, "звонят" → "звон").
# 4: re-stem (analysis: irregular words have one stem in every form, "денег" → "деньг", "дня" →
#    "ден"; "-йка" words read their "ек" as "йк", "настроек" → "настройк").
# 5: re-stem (analysis: Ukrainian and Kazakh letters fold to Russian ones, "інтернет" →
#    "интернет"; "него" and "нее" are stop words).
# 6: re-stem (the numbers of a body's numbered steps are no words of it).
# 7: re-stem (analysis: «ъ» and an apostrophe inside a Cyrillic word fold to «ь», "під'їзд" →
#    "пидьизд", and a Latin "i" inside one to «и»; Ukrainian and Kazakh pronouns and prepositions
#    are stop words; «село» has a stem of its own).
# 8: re-stem (analysis: prefixed "вести", "везти", "нести" have one stem in every form,
#    "переведите" and "перевести" → "перевед"; Ukrainian "неї", "його", "їх" are stop words).
# 9: re-stem (analysis: nouns in "-рыв", "-зыв" and a few in "-ив" keep their root, "обрыв" →
#    "обрыв", not "обр").
# 10: re-stem (analysis: "business" keeps its own stem, Snowball made it "busi", the stem of
#     "busy"; "4,500" is one number, as "4 500" is; an imperfective in "-чать" drops its "а",
#     "подключать" → "подключ"; the persons and past of "ждать" stem as "жда"; English "rubles"
#     reads as the sign, "рубль").
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1, _restem, _restem, _restem, _restem, _restem, _restem, _restem, _restem, _restem]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(slots=True, frozen=True)
class TermRow:
    """The stems of one article, as indexed."""

    id: int
    slug: str
    lang: str
    kind: str
    title: str
    head: str
    body: str
    gen: int


def head_terms(article: Article) -> str:
    return stem_text([article.title, *article.tags, *article.synonyms])


# "1. " or "2) " opening a line numbers a step; it is no number the article speaks of (a query
# "после шести" must not find step 6 of every procedure)
_STEP_NUMBER = re.compile(r"^([ \t]*)\d{1,3}[.)](?=[ \t])", re.MULTILINE)


def body_terms(article: Article) -> str:
    return stem_text([_STEP_NUMBER.sub(r"\1", article.body), *article.replies])


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        slug=row["slug"],
        kind=row["kind"],
        lang=row["lang"],
        title=row["title"],
        body=row["body"],
        tags=json.loads(row["tags"]),
        synonyms=json.loads(row["synonyms"]),
        replies=json.loads(row["replies"]),
        actions=json.loads(row["actions"]),
        updated=row["updated"],
        extra=json.loads(row["extra"]),
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """One connection to ``kb.sqlite``. See the module docstring for the thread rule."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        try:
            conn = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=30.0
            )
            conn.row_factory = sqlite3.Row
            self.db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.enable_wal()
                conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            conn.execute("PRAGMA query_only = ON" if readonly else "PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable knowledge-base store ({exc})") from exc
        self.conn = conn

    def close(self) -> None:
        self.db.conn.close()

    # -- schema ---------------------------------------------------------------------------------

    def _migrate(self) -> None:
        conn = self.db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer Sufler (store schema {version}, this one "
                f"knows "
                f"{SCHEMA_VERSION}); update Sufler or point SUFLER_HOME elsewhere"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[number - 1](conn)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[int]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; yields the new generation changes are stamped with."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            gen = self.generation + 1
            conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(gen),))
            yield gen
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- meta -----------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Inside a transaction."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation", "0") or 0)

    @property
    def revision(self) -> int:
        return int(self.get_meta("revision", "0") or 0)

    # -- writes (inside transaction()) ----------------------------------------------------------

    def upsert(self, article: Article, gen: int, *, stamp: bool) -> tuple[Article, int]:
        """Insert or replace one article; returns the stored article and its row id."""
        updated = now_iso() if stamp or not article.updated else article.updated
        stored = Article(
            slug=article.slug,
            kind=article.kind,
            lang=article.lang,
            title=article.title,
            body=normalize_body(article.body),
            tags=list(article.tags),
            synonyms=list(article.synonyms),
            replies=list(article.replies),
            actions=[dict(a) for a in article.actions],
            updated=updated,
            extra=dict(article.extra),
        )
        row = self.conn.execute(
            """
            INSERT INTO articles (slug, lang, kind, title, body, tags, synonyms, replies, actions,
                                  extra, updated, gen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (slug, lang) DO UPDATE SET
                kind = excluded.kind, title = excluded.title, body = excluded.body,
                tags = excluded.tags, synonyms = excluded.synonyms, replies = excluded.replies,
                actions = excluded.actions, extra = excluded.extra, updated = excluded.updated,
                gen = excluded.gen
            RETURNING id
            """,
            (
                stored.slug, stored.lang, stored.kind, stored.title, stored.body,
                _dumps(stored.tags), _dumps(stored.synonyms), _dumps(stored.replies),
                _dumps(stored.actions), _dumps(stored.extra), stored.updated, gen,
            ),
        ).fetchone()
        rowid = int(row[0])
        self.conn.execute("DELETE FROM article_terms WHERE rowid = ?", (rowid,))
        self.conn.execute(
            "INSERT INTO article_terms (rowid, head, body) VALUES (?, ?, ?)",
            (rowid, head_terms(stored), body_terms(stored)),
        )
        self.conn.execute(
            "DELETE FROM tombstones WHERE slug = ? AND lang = ?", (stored.slug, stored.lang)
        )
        return stored, rowid

    def delete(self, slug: str, lang: str, gen: int) -> bool:
        row = self.conn.execute(
            "DELETE FROM articles WHERE slug = ? AND lang = ? RETURNING id", (slug, lang)
        ).fetchone()
        if row is None:
            return False
        self.conn.execute("DELETE FROM article_terms WHERE rowid = ?", (row[0],))
        self.conn.execute(
            "INSERT INTO tombstones (slug, lang, gen) VALUES (?, ?, ?) "
            "ON CONFLICT (slug, lang) DO UPDATE SET gen = excluded.gen",
            (slug, lang, gen),
        )
        return True

    def replace_synonym_sets(self, sets: Iterable[list[str]]) -> None:
        self.conn.execute("DELETE FROM synonym_sets")
        self.conn.executemany(
            "INSERT INTO synonym_sets (phrases) VALUES (?)", [(_dumps(list(s)),) for s in sets]
        )

    # -- reads ----------------------------------------------------------------------------------

    def get(self, slug: str, lang: str) -> Article | None:
        row = self.conn.execute(
            "SELECT * FROM articles WHERE slug = ? AND lang = ?", (slug, lang)
        ).fetchone()
        return None if row is None else _row_to_article(row)

    def articles(self, kind: str | None = None, lang: str | None = None) -> list[Article]:
        sql = "SELECT * FROM articles WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR lang = ?2)"
        rows = self.conn.execute(sql + " ORDER BY kind, slug, lang", (kind, lang)).fetchall()
        return [_row_to_article(r) for r in rows]

    def any_paired(self, slugs: Iterable[str], chunk: int = 500) -> bool:
        """Whether any of ``slugs`` exists in more than one language."""
        wanted = list(dict.fromkeys(slugs))
        for i in range(0, len(wanted), chunk):
            part = wanted[i : i + chunk]
            marks = ",".join("?" * len(part))
            row = self.conn.execute(
                f"SELECT 1 FROM articles WHERE slug IN ({marks}) GROUP BY slug "
                "HAVING count(*) > 1 LIMIT 1",
                part,
            ).fetchone()
            if row is not None:
                return True
        return False

    def paired_articles(self, max_slugs: int) -> list[Article]:
        """The articles of up to ``max_slugs`` slugs (first by slug) that exist in more than one
        language."""
        rows = self.conn.execute(
            "SELECT * FROM articles WHERE slug IN (SELECT slug FROM articles GROUP BY slug "
            "HAVING count(*) > 1 ORDER BY slug LIMIT ?) ORDER BY slug, lang",
            (max_slugs,),
        ).fetchall()
        return [_row_to_article(r) for r in rows]

    def bodies(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids)
        return {int(r[0]): r[1] for r in rows}

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def counts(self) -> list[tuple[str, str, int]]:
        rows = self.conn.execute(
            "SELECT kind, lang, count(*) FROM articles GROUP BY kind, lang ORDER BY kind, lang"
        )
        return [(r[0], r[1], int(r[2])) for r in rows]

    def synonym_sets(self) -> list[list[str]]:
        rows = self.conn.execute("SELECT phrases FROM synonym_sets ORDER BY id")
        return [json.loads(r[0]) for r in rows]

    def term_rows(self, ids: Iterable[int] | None = None, since_gen: int = -1) -> Iterator[TermRow]:
        """Stems of articles (all, those in ``ids``, or those changed after ``since_gen``)."""
        sql = (
            "SELECT a.id, a.slug, a.lang, a.kind, a.title, t.head, t.body, a.gen "
            "FROM articles a JOIN article_terms t ON t.rowid = a.id"
        )
        params: list[Any] = []
        if ids is not None:
            id_list = list(ids)
            if not id_list:
                return
            sql += f" WHERE a.id IN ({','.join('?' * len(id_list))})"
            params = id_list
        elif since_gen >= 0:
            sql += " WHERE a.gen > ?"
            params = [since_gen]
        for r in self.conn.execute(sql, params):
            yield TermRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])

    def term_texts(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """Head and body stems of the given articles."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT rowid, head, body FROM article_terms WHERE rowid IN ({marks})", ids
        )
        return {int(r[0]): (r[1], r[2]) for r in rows}

    def term_counts(
        self, keys: Iterable[tuple[str, str]]
    ) -> tuple[Counter[str], set[tuple[str, str]]]:
        """For the stored versions of the given (slug, lang): stem → number of them containing it,
        and which of the keys exist."""
        counts: Counter[str] = Counter()
        found: set[tuple[str, str]] = set()
        for slug, lang in keys:
            row = self.conn.execute(
                "SELECT t.head, t.body FROM articles a JOIN article_terms t ON t.rowid = a.id "
                "WHERE a.slug = ? AND a.lang = ?",
                (slug, lang),
            ).fetchone()
            if row is not None:
                counts.update(set(row[0].split()) | set(row[1].split()))
                found.add((slug, lang))
        return counts, found

    def tombstones_since(self, gen: int) -> list[tuple[str, str]]:
        rows = self.conn.execute("SELECT slug, lang FROM tombstones WHERE gen > ?", (gen,))
        return [(r[0], r[1]) for r in rows]

    def vocabulary(self) -> Iterator[tuple[str, int]]:
        """Every stem with the number of articles that contain it."""
        for r in self.conn.execute("SELECT term, doc FROM article_vocab"):
            yield r[0], int(r[1])

    def fallback_search(
        self, match: str, limit: int, kind: str | None, lang: str | None
    ) -> list[tuple[int, float]]:
        """Article ids and scores (higher is better) for an FTS5 MATCH of quoted stems."""
        rows = self.conn.execute(
            """
            SELECT a.id, -bm25(article_terms, 2.0, 1.0) AS score
            FROM article_terms JOIN articles a ON a.id = article_terms.rowid
            WHERE article_terms MATCH ?1 AND (?2 IS NULL OR a.kind = ?2)
                  AND (?3 IS NULL OR a.lang = ?3)
            ORDER BY bm25(article_terms, 2.0, 1.0) LIMIT ?4
            """,
            (match, kind, lang, limit),
        )
        return [(int(r[0]), float(r[1])) for r in rows]

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity checks (empty when healthy)."""
        problems = []
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            problems += [f"store integrity: {r[0]}" for r in rows[:10]]
        try:
            self.conn.execute(
                "INSERT INTO article_terms (article_terms, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            problems.append(f"store full-text table: {exc}")
        n_terms = self.conn.execute("SELECT count(*) FROM article_terms").fetchone()[0]
        if n_terms != self.count():
            problems.append(f"store full-text table has {n_terms} rows for {self.count()} articles")
        return problems
