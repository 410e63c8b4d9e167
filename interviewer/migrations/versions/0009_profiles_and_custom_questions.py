"""Resume and job-description profiles, and the deep-dive questions made from them.

`profiles` (the extracted profile as the candidate edited it, with the SHA-256 of each source
text, never the text) and `custom_questions` (one deep-dive Question as JSON per row, retired
rather than deleted so past reports find it); interviewer/custom_questions.py.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("source_kind", sa.String(), nullable=False),
        sa.Column("resume_sha256", sa.String(), nullable=True),
        sa.Column("jd_sha256", sa.String(), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_profiles_user_id", "profiles", ["user_id"])
    op.create_table(
        "custom_questions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("profile_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_custom_questions_user_id", "custom_questions", ["user_id"])
    op.create_index("ix_custom_questions_profile_id", "custom_questions", ["profile_id"])


def downgrade() -> None:
    op.drop_index("ix_custom_questions_profile_id", table_name="custom_questions")
    op.drop_index("ix_custom_questions_user_id", table_name="custom_questions")
    op.drop_table("custom_questions")
    op.drop_index("ix_profiles_user_id", table_name="profiles")
    op.drop_table("profiles")
