"""The floor: events from workstations, presence, raised hands, callbacks, groups, settings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_floor"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "floor_events",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
    )
    op.create_index("floor_events_at", "floor_events", ["at"])
    op.create_index("floor_events_operator_at", "floor_events", ["operator", "at"])
    op.create_table(
        "floor_presence",
        sa.Column("operator", sa.String(100), primary_key=True),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(100), nullable=False),
        sa.Column("state_since", sa.Float, nullable=False),
        sa.Column("calls", sa.Text, nullable=False),
        sa.Column("waiting", sa.Integer, nullable=False),
        sa.Column("last_seen", sa.Float, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "floor_groups",
        sa.Column("operator", sa.String(100), primary_key=True),
        sa.Column("grp", sa.String(100), nullable=False),
    )
    op.create_table(
        "floor_alerts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("operator", sa.String(100), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("raised_at", sa.Float, nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("article", sa.String(200), nullable=False),
        sa.Column("call_key", sa.String(64), nullable=False),
        sa.Column("call_s", sa.Float),
        sa.Column("on_hold", sa.Boolean, nullable=False),
        sa.Column("held_since", sa.Float),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("ack_kind", sa.String(16)),
        sa.Column("ack_line", sa.String(80)),
        sa.Column("ack_by", sa.String(100)),
        sa.Column("ack_at", sa.Float),
        sa.Column("closed_by", sa.String(100)),
        sa.Column("closed_at", sa.Float),
    )
    op.create_index("floor_alerts_state", "floor_alerts", ["state", "raised_at"])
    op.create_table(
        "floor_callbacks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("note_revision", sa.Integer, nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("due_at", sa.Float, nullable=False),
        sa.Column("comment", sa.String(500), nullable=False),
        sa.Column("promised_by", sa.String(100), nullable=False),
        sa.Column("assigned_to", sa.String(100)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_attempt_at", sa.Float),
        sa.Column("closed_by", sa.String(100)),
        sa.Column("closed_at", sa.Float),
        sa.Column("promised_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("floor_callbacks_state_due", "floor_callbacks", ["state", "due_at"])
    op.create_table(
        "floor_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("floor_settings", "floor_callbacks", "floor_alerts", "floor_groups",
                  "floor_presence", "floor_events"):
        op.drop_table(table)
