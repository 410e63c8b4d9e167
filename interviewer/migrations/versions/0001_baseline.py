"""Baseline: exactly the schema of release 3e9cc2d, whose tables came from create_all.

A database made by that release has no alembic_version table; `upgrade_database` stamps it
at this revision instead of running it. Unnamed constraints are left unnamed on purpose, so
PostgreSQL names them as create_all did (turns_interview_id_turn_index_key, ...).

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("round", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("company", sa.String(), nullable=True),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "reports",
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("interview_id"),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("score_0_10", sa.Float(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "turn_index"),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
    )
    op.create_index("ix_scores_interview_id", "scores", ["interview_id"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("follow_up_id", sa.String(), nullable=True),
        sa.Column("interviewer_line", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("audio_path", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "turn_index"),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
    )
    op.create_index("ix_turns_interview_id", "turns", ["interview_id"])


def downgrade() -> None:
    op.drop_index("ix_turns_interview_id", table_name="turns")
    op.drop_table("turns")
    op.drop_index("ix_scores_interview_id", table_name="scores")
    op.drop_table("scores")
    op.drop_table("reports")
    op.drop_table("interviews")
