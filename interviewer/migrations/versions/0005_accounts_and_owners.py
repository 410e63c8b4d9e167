"""Accounts and owners: users, coach grants, share links, and an owner on every interview.

Every interview an earlier release wrote belongs to the implicit personal-mode owner, `local`
(interviewer/accounts.py), which this migration creates; turns, scores, reports and recordings
are owned through their interview. A team that upgrades a personal database can then move
those interviews to a real account with one UPDATE.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

LOCAL_USER_ID = "local"  # interviewer.accounts.LOCAL_USER_ID, as it was when this was written


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("oidc_issuer", sa.String(), nullable=True),
        sa.Column("oidc_subject", sa.String(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("oidc_issuer", "oidc_subject"),
    )
    op.bulk_insert(
        users,
        [
            {
                "id": LOCAL_USER_ID,
                "email": None,
                "display_name": "You",
                "disabled": False,
                "created_at": datetime.now(UTC),
            }
        ],
    )
    op.create_table(
        "coach_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.String(), nullable=False),
        sa.Column("coach_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["coach_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("candidate_id", "coach_id"),
    )
    op.create_index("ix_coach_grants_candidate_id", "coach_grants", ["candidate_id"])
    op.create_index("ix_coach_grants_coach_id", "coach_grants", ["coach_id"])
    op.create_table(
        "share_links",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_share_links_interview_id", "share_links", ["interview_id"])
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(
            sa.Column("user_id", sa.String(), nullable=False, server_default=LOCAL_USER_ID)
        )
    # The default only filled the existing rows: new ones always name their owner.
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column("user_id", existing_type=sa.String(), server_default=None)
        batch.create_foreign_key("fk_interviews_user_id_users", "users", ["user_id"], ["id"])
        batch.create_index("ix_interviews_user_id", ["user_id"])


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_index("ix_interviews_user_id")
        batch.drop_constraint("fk_interviews_user_id_users", type_="foreignkey")
        batch.drop_column("user_id")
    op.drop_index("ix_share_links_interview_id", table_name="share_links")
    op.drop_table("share_links")
    op.drop_index("ix_coach_grants_coach_id", table_name="coach_grants")
    op.drop_index("ix_coach_grants_candidate_id", table_name="coach_grants")
    op.drop_table("coach_grants")
    op.drop_table("users")
