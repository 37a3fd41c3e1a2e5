"""KB editing and search reports: per-article revision history, the published synonym sets,
and the workstations' search events.

The history of hubs that published before this migration is rebuilt from their signed revisions.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    history = op.create_table(
        "kb_article_revisions",
        sa.Column("slug", sa.String(200), primary_key=True),
        sa.Column("lang", sa.String(8), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("published_at", sa.Float, nullable=False),
        sa.Column("title", sa.String(500), nullable=False, server_default=""),
        sa.Column("article", sa.Text, nullable=False),
    )
    op.create_table(
        "kb_synonyms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("sets", sa.Text, nullable=False),
    )
    op.create_table(
        "search_events",
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
    op.create_index("search_events_at", "search_events", ["at"])
    _rebuild_history(history)


def _rebuild_history(history: sa.Table) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT revision, created_at, author, document FROM kb_revisions ORDER BY revision"))
    for number, created_at, author, document in rows:
        parsed = json.loads(document)
        entries = [{"slug": a["slug"], "lang": a["lang"], "revision": number, "deleted": False,
                    "author": author, "published_at": created_at,
                    "title": str(a.get("title", ""))[:500],
                    "article": json.dumps(a, ensure_ascii=False)}
                   for a in parsed.get("upserts", [])]
        entries += [{"slug": slug, "lang": lang, "revision": number, "deleted": True,
                     "author": author, "published_at": created_at, "title": "",
                     "article": "{}"} for slug, lang in parsed.get("deletions", [])]
        if entries:
            op.bulk_insert(history, entries)


def downgrade() -> None:
    op.drop_index("search_events_at", "search_events")
    for table in ("search_events", "kb_synonyms", "kb_article_revisions"):
        op.drop_table(table)
