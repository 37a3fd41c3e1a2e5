"""The hub's storage: SQLAlchemy Core tables, engine set-up and Alembic migrations.

SQLite (one floor, zero set-up, WAL) or PostgreSQL (many floors, many hub instances). The tables
here mirror the migration scripts in ``kb/hub/migrations/versions``; the scripts are the truth
for the schema, these objects are what queries are written against.

Thread rule: an ``Engine`` is thread-safe; use one connection per thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
)

tokens = sa.Table(
    "tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("revoked", sa.Boolean, nullable=False, default=False),
)

notes = sa.Table(
    "notes", metadata,
    sa.Column("uuid", sa.String(36), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("call_id", sa.String(200)),
    sa.Column("number", sa.String(100), nullable=False),
    sa.Column("caller_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("started_at", sa.Float),
    sa.Column("ended_at", sa.Float),
    sa.Column("duration", sa.Float),
    sa.Column("wrap_up_code", sa.String(200), nullable=False),
    sa.Column("completed", sa.Boolean, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("uploaded_by", sa.String(100), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

kb_state = sa.Table(
    "kb_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
)

kb_revisions = sa.Table(
    "kb_revisions", metadata,
    sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("signature", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
)

kb_articles = sa.Table(
    "kb_articles", metadata,
    sa.Column("slug", sa.String(200), primary_key=True),
    sa.Column("lang", sa.String(8), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("article", sa.Text, nullable=False),
)

kb_article_revisions = sa.Table(
    "kb_article_revisions", metadata,
    sa.Column("slug", sa.String(200), primary_key=True),
    sa.Column("lang", sa.String(8), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("published_at", sa.Float, nullable=False),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("article", sa.Text, nullable=False),
)

kb_synonyms = sa.Table(
    "kb_synonyms", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("sets", sa.Text, nullable=False),
)

search_events = sa.Table(
    "search_events", metadata,
    sa.Column("uuid", sa.String(36), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("query", sa.String(200), nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Column("opened", sa.String(200)),
    sa.Column("copied", sa.Boolean, nullable=False),
    sa.Column("on_hold", sa.Boolean, nullable=False),
    sa.Column("reply", sa.Integer),
    sa.Column("uploaded_by", sa.String(100), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

enrollment_codes = sa.Table(
    "enrollment_codes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float),
    sa.Column("sip_user", sa.String(100), nullable=False, server_default=""),
    sa.Column("sip_secret", sa.Text),
)

site_profiles = sa.Table(
    "site_profiles", metadata,
    sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("signature", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def schema_revision(engine: Engine) -> str:
    """The Alembic revision the database is at (``""`` before the first migration)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return ""
        row = conn.execute(sa.text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else ""


def default_sqlite_url(home: Path) -> str:
    return f"sqlite:///{home / 'hub.sqlite'}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_hub_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine for ``url``; SQLite files get WAL, full sync and a long busy timeout."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                                  pool_size=pool_size, max_overflow=pool_size,
                                  poolclass=sa.pool.QueuePool)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # No pre-ping (a round trip per checkout): after a database restart SQLAlchemy invalidates the
    # whole pool on the first disconnect error, so at most one request per process fails (the
    # workstation retries it).
    return sa.create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=3600)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (safe with several hubs starting at once)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(727274)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class WriteGate:
    """Serialises write transactions inside one process on SQLite (one writer at a time anyway;
    waiting on a lock beats SQLite's sleeping busy handler). A no-op on PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._lock: threading.Lock | None = threading.Lock() if is_sqlite(engine) else None

    def __enter__(self) -> None:
        if self._lock is not None:
            self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.release()
