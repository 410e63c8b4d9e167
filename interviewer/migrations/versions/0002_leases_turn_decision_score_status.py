"""Interview leases, the decision stored with each turn, and a score's status.

Existing turns get no decision (NULL: a resume replays the decision for them); existing
scores get status 'ok' from a server default that is dropped once they have it, because the
model has none (the code always writes a status) and models and migrations must agree.

Development builds between fc940ac and this revision made these with create_all (an old
database opened by them gained the leases table), so each step runs only where its table or
column is missing. Later revisions must not need this: every database has alembic_version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _exists(table: str, column: str | None = None) -> bool:
    """Whether a development build already made it (SQL written offline assumes not)."""
    if op.get_context().as_sql:
        return False
    inspector = sa.inspect(op.get_bind())
    if column is None:
        return inspector.has_table(table)
    return column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    if not _exists("leases"):
        op.create_table(
            "leases",
            sa.Column("interview_id", sa.String(), nullable=False),
            sa.Column("owner", sa.String(), nullable=True),
            sa.Column("wanted_by", sa.String(), nullable=True),
            sa.Column("generation", sa.Integer(), nullable=False),
            sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("interview_id"),
            sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        )
    if not _exists("turns", "decision"):
        with op.batch_alter_table("turns") as batch:
            batch.add_column(sa.Column("decision", sa.JSON(), nullable=True))
    if not _exists("scores", "status"):
        with op.batch_alter_table("scores") as batch:
            batch.add_column(sa.Column("status", sa.String(), nullable=False, server_default="ok"))
        # A second batch: on SQLite this one copies the table, now that every row has 'ok'.
        with op.batch_alter_table("scores") as batch:
            batch.alter_column("status", existing_type=sa.String(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("decision")
    op.drop_table("leases")
