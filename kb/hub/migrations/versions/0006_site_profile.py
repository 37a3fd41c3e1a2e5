"""The floor's settings profile: signed revisions IT sets with ``sufler hub site set``."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_site_profile"
down_revision = "0005_enrollment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_profiles",
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("site_profiles")
