"""Users and hashed tokens, call notes, signed KB revisions and the current articles."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "notes",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("call_id", sa.String(200)),
        sa.Column("number", sa.String(100), nullable=False),
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
    op.create_index("notes_started_at", "notes", ["started_at"])
    op.create_table(
        "kb_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
    )
    op.bulk_insert(sa.table("kb_state", sa.column("id", sa.Integer),
                            sa.column("revision", sa.Integer)), [{"id": 1, "revision": 0}])
    op.create_table(
        "kb_revisions",
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_table(
        "kb_articles",
        sa.Column("slug", sa.String(200), primary_key=True),
        sa.Column("lang", sa.String(8), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("article", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("kb_articles", "kb_revisions", "kb_state", "notes", "tokens", "users"):
        op.drop_table(table)
