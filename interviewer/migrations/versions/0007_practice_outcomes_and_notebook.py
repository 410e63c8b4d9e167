"""The practice loop: typed outcomes of every scored answer, and the spaced-review notebook.

`answer_results` (one row per scored answer), `outcomes` (one per key point and per mistake
stated) and `notebook_cards` (FSRS cards; interviewer/practice.py). Answers scored before this
revision have no rows: their reports keep what they showed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "answer_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("round", sa.String(), nullable=False),
        sa.Column("domain", sa.String(), nullable=False),
        sa.Column("competency", sa.String(), nullable=True),
        sa.Column("score_0_10", sa.Float(), nullable=False),
        sa.Column("rate_per_min", sa.Float(), nullable=True),
        sa.Column("rate_unit", sa.String(), nullable=False),
        sa.Column("filler_rate_per_100", sa.Float(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "question_id"),
    )
    op.create_index("ix_answer_results_user_id", "answer_results", ["user_id"])
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("domain", sa.String(), nullable=False),
        sa.Column("competency", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outcomes_user_id", "outcomes", ["user_id"])
    op.create_index("ix_outcomes_interview_id", "outcomes", ["interview_id"])
    op.create_table(
        "notebook_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stability_days", sa.Float(), nullable=False),
        sa.Column("mastered", sa.Boolean(), nullable=False),
        sa.Column("last_status", sa.String(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "question_id", "kind", "item_id"),
    )
    op.create_index("ix_notebook_cards_user_id", "notebook_cards", ["user_id"])
    op.create_index("ix_notebook_cards_due", "notebook_cards", ["due"])


def downgrade() -> None:
    op.drop_index("ix_notebook_cards_due", table_name="notebook_cards")
    op.drop_index("ix_notebook_cards_user_id", table_name="notebook_cards")
    op.drop_table("notebook_cards")
    op.drop_index("ix_outcomes_interview_id", table_name="outcomes")
    op.drop_index("ix_outcomes_user_id", table_name="outcomes")
    op.drop_table("outcomes")
    op.drop_index("ix_answer_results_user_id", table_name="answer_results")
    op.drop_table("answer_results")
