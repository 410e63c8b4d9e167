"""Import into the database the recordings an older Viva kept as files on this host.

Releases before revision 0006 wrote each recorded answer to the data directory of the replica
that heard it, and named the file in `turns.audio_path`. The upgrade imports the files it finds
on the host that runs it; on a team's other hosts (or after `alembic upgrade head --sql`, which
cannot read files) run

    python -m interviewer.import_recordings postgresql+psycopg://...

Files already imported are skipped, so it is safe to run again, and on every host.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from sqlmodel import Session, col, select

from interviewer.recordings import Recording, RecordingRow
from interviewer.storage import Store, TurnRow

log = logging.getLogger(__name__)


def import_files(session: Session) -> tuple[int, int]:
    """Import the files named by `turns.audio_path` that exist here and are not in the
    database yet, each dated by its turn (retention counts from the recording); returns
    (imported, not found or not audio). Committed file by file, so a long import can be
    stopped and run again."""
    recorded = select(RecordingRow.turn_index).where(
        RecordingRow.interview_id == TurnRow.interview_id,
        RecordingRow.turn_index == TurnRow.turn_index,
    )
    query = select(
        TurnRow.interview_id, TurnRow.turn_index, TurnRow.audio_path, TurnRow.created_at
    ).where(col(TurnRow.audio_path).is_not(None), ~recorded.exists())
    imported = missing = 0
    for interview_id, turn_index, path, created_at in list(session.exec(query)):
        if not Path(str(path)).is_file():
            missing += 1
            continue
        try:
            recording = Recording.read(str(path))
        except RuntimeError as exc:  # soundfile's errors for unreadable or foreign files
            log.warning("skipped %s, which is not readable audio: %s", path, exc)
            missing += 1
            continue
        row = recording.row(interview_id, turn_index)
        row.created_at = created_at
        session.add(row)
        session.commit()
        imported += 1
    return imported, missing


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m interviewer.import_recordings SQLALCHEMY_URL", file=sys.stderr)
        return 2
    store = Store(argv[1])  # upgrades the database first, if need be
    with Session(store.engine) as session:
        imported, missing = import_files(session)
    store.engine.dispose()
    print(f"imported {imported} recordings; {missing} files named in the database not found here")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
