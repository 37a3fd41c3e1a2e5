"""The caller's name is a column of its own (earlier desktops sent it inside complaint/callback).

Existing rows take the name from their payload's complaint or callback form, where it was kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FROM_FORMS = {
    "sqlite": """
        UPDATE notes SET caller_name = substr(coalesce(
            CASE WHEN json_type(payload, '$.complaint.caller_name') = 'text'
                 THEN nullif(json_extract(payload, '$.complaint.caller_name'), '') END,
            CASE WHEN json_type(payload, '$.callback.caller_name') = 'text'
                 THEN nullif(json_extract(payload, '$.callback.caller_name'), '') END,
            ''), 1, 200)
        WHERE json_valid(payload)
    """,
    "postgresql": """
        UPDATE notes SET caller_name = left(coalesce(
            CASE WHEN jsonb_typeof(payload::jsonb #> '{complaint,caller_name}') = 'string'
                 THEN nullif(payload::jsonb #>> '{complaint,caller_name}', '') END,
            CASE WHEN jsonb_typeof(payload::jsonb #> '{callback,caller_name}') = 'string'
                 THEN nullif(payload::jsonb #>> '{callback,caller_name}', '') END,
            ''), 200)
    """,
}


def upgrade() -> None:
    op.add_column("notes", sa.Column("caller_name", sa.String(200), nullable=False,
                                     server_default=""))
    statement = _FROM_FORMS.get(op.get_bind().dialect.name)
    if statement is not None:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("caller_name")
