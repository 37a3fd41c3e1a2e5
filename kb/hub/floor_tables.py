"""The floor's tables (SQLAlchemy Core, on the hub's metadata): events from workstations, the
presence board, raised hands, callbacks, operator groups and the floor's settings.

They mirror the migration ``0004_floor``, which is the truth for the schema.

Thread rule: plain table objects; thread-safe.
"""

from __future__ import annotations

import sqlalchemy as sa

from kb.hub.db import metadata

floor_events = sa.Table(
    "floor_events", metadata,
    sa.Column("uuid", sa.String(36), primary_key=True),
    sa.Column("operator", sa.String(100), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", sa.Float, nullable=False),  # on the hub's clock
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # the kind's fields (JSON, hub clock)
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Index("floor_events_at", "at"),
    sa.Index("floor_events_operator_at", "operator", "at"),
)

floor_presence = sa.Table(
    "floor_presence", metadata,
    sa.Column("operator", sa.String(100), primary_key=True),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(100), nullable=False),
    sa.Column("state_since", sa.Float, nullable=False),
    sa.Column("calls", sa.Text, nullable=False),  # JSON list of live calls
    sa.Column("waiting", sa.Integer, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),  # the newest event applied
)

floor_groups = sa.Table(
    "floor_groups", metadata,
    sa.Column("operator", sa.String(100), primary_key=True),
    sa.Column("grp", sa.String(100), nullable=False),
)

floor_alerts = sa.Table(
    "floor_alerts", metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # the raising event's uuid
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
    sa.Index("floor_alerts_state", "state", "raised_at"),
)

floor_callbacks = sa.Table(
    "floor_callbacks", metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # the uuid of the note that promised it
    sa.Column("note_revision", sa.Integer, nullable=False),
    sa.Column("number", sa.String(100), nullable=False),
    sa.Column("due_at", sa.Float, nullable=False),
    sa.Column("comment", sa.String(500), nullable=False),
    sa.Column("promised_by", sa.String(100), nullable=False),
    sa.Column("assigned_to", sa.String(100)),  # null: unclaimed, anyone may take it
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("outcome", sa.String(16)),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_attempt_at", sa.Float),
    sa.Column("closed_by", sa.String(100)),
    sa.Column("closed_at", sa.Float),
    sa.Column("promised_at", sa.Float, nullable=False),  # when the call of the note started
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("floor_callbacks_state_due", "state", "due_at"),
)

floor_settings = sa.Table(
    "floor_settings", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
