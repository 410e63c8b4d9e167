"""Resume tokens kept as their SHA-256.

The tokens that earlier releases stored in plain text are hashed in place
(interviewer/resume_tokens.py), so an interview left unfinished can still be resumed with the
token its page holds.

Only values that are not already a hash are converted (a plain token is 32 url-safe base64
characters, a hash 64 hex digits), so upgrading again after a downgrade hashes nothing twice.
The downgrade cannot give the plain tokens back: they stay hashed, and an older Viva can then
resume none of the unfinished interviews (their reports are unaffected).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_HASHED = re.compile(r"[0-9a-f]{64}")
_interviews = sa.table("interviews", sa.column("id", sa.String()), sa.column("token", sa.String()))


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        # In SQL, so that `alembic upgrade head --sql` gives a DBA the whole conversion.
        op.execute(
            "UPDATE interviews SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex') "
            "WHERE token !~ '^[0-9a-f]{64}$'"
        )
        return
    connection = op.get_bind()
    rows = connection.execute(sa.select(_interviews.c.id, _interviews.c.token)).all()
    for interview_id, token in rows:
        if _HASHED.fullmatch(token):
            continue
        hashed = hashlib.sha256(token.encode("utf-8")).hexdigest()
        connection.execute(
            _interviews.update().where(_interviews.c.id == interview_id).values(token=hashed)
        )


def downgrade() -> None:
    """Nothing to undo in the schema; a hash cannot be turned back into its token."""
