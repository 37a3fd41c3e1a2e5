"""One-time enrollment codes: a workstation exchanges one for a token (and its SIP password)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_enrollment"
down_revision = "0004_floor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrollment_codes",
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
    op.create_index("enrollment_codes_user", "enrollment_codes", ["user_id"])


def downgrade() -> None:
    op.drop_index("enrollment_codes_user", "enrollment_codes")
    op.drop_table("enrollment_codes")
