"""Recorded answers in the database (FLAC), so that any replica can replay any answer.

Until now a recording was a WAV file in one replica's data directory, named by
`turns.audio_path`. This revision makes the `recordings` table (interviewer/recordings.py) and
imports into it every file that `turns.audio_path` names and that exists on the host running
the upgrade, dated by its turn so that audio retention still counts from the recording.

`turns.audio_path` keeps its values: the files stay where they are (a migration must not
delete files inside a transaction that may yet roll back), so a downgrade gives an older Viva
back every player it had. New code never writes the column. Files kept by other hosts of a
team are imported there with `python -m interviewer.import_recordings URL`, which is also the
way to import them after `alembic upgrade head --sql` (offline SQL cannot read files).

The downgrade drops the table: recordings made after this revision have no file, and an older
Viva shows no player for them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import numpy as np
import soundfile
import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

log = logging.getLogger("alembic.runtime.migration")

_turns = sa.table(
    "turns",
    sa.column("interview_id", sa.String()),
    sa.column("turn_index", sa.Integer()),
    sa.column("audio_path", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _flac(path: str) -> tuple[bytes, int] | None:
    """The file as 16-bit mono FLAC and its rate; None when it is not here or not audio.
    (Written out rather than imported from interviewer.recordings, which may change.)"""
    if not Path(path).is_file():
        return None
    try:
        samples, rate = soundfile.read(path, dtype="int16", always_2d=True)
    except RuntimeError as exc:  # soundfile's errors for unreadable or foreign files
        log.warning("recording %s is not readable audio and stays out: %s", path, exc)
        return None
    if samples.shape[1] > 1:
        samples = samples.mean(axis=1).round().astype(np.int16)
    buffer = io.BytesIO()
    soundfile.write(buffer, samples.reshape(-1), rate, format="FLAC", subtype="PCM_16")
    return buffer.getvalue(), int(rate)


def upgrade() -> None:
    recordings = op.create_table(
        "recordings",
        sa.Column("interview_id", sa.String(), nullable=False),
        sa.Column("turn_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("sample_rate", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id", "turn_index"], ["turns.interview_id", "turns.turn_index"]
        ),
        sa.PrimaryKeyConstraint("interview_id", "turn_index"),
    )
    if op.get_context().as_sql:
        return
    connection = op.get_bind()
    query = sa.select(
        _turns.c.interview_id, _turns.c.turn_index, _turns.c.audio_path, _turns.c.created_at
    ).where(_turns.c.audio_path.is_not(None))
    imported = missing = 0
    for interview_id, turn_index, path, created_at in connection.execute(query).all():
        encoded = _flac(path)
        if encoded is None:
            missing += 1
            continue
        data, rate = encoded
        connection.execute(
            recordings.insert().values(
                interview_id=interview_id,
                turn_index=turn_index,
                format="flac",
                sample_rate=rate,
                data=data,
                created_at=created_at,
            )
        )
        imported += 1
    if imported or missing:
        log.info(
            "recordings: %d imported into the database, %d files not found on this host",
            imported,
            missing,
        )


def downgrade() -> None:
    op.drop_table("recordings")
