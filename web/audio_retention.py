"""Recorded answers are kept for `audio_retention_days`, then deleted: once at start-up and
then once a day, by a task of the app's lifespan.

Recordings live in the database (interviewer/recordings.py): their rows are deleted, by
whichever replica purges first. Files remain only from releases before revision 0006, which
kept each recording in the data directory: the database forgets such a file before it goes,
so a crash in between leaves a file no report points to, never a player with nothing behind
it, and the sweep of old files in the data directory deletes those next time, with any old
file no turn names any more (forgotten by another replica, or left by a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interviewer.storage import Store

log = logging.getLogger(__name__)
PURGE_EVERY_S = 24 * 3600.0


def purge_old_audio(audio_dir: Path, store: Store, retention_days: int) -> int:
    """Delete the recordings older than `retention_days` (0: keep everything); returns how
    many were deleted, rows and files."""
    if retention_days <= 0:
        return 0
    age = timedelta(days=retention_days)
    deleted, legacy_files = store.expire_audio(datetime.now(UTC) - age)
    for expired in legacy_files:
        with contextlib.suppress(FileNotFoundError):
            Path(expired).unlink()
            deleted += 1
    if not audio_dir.is_dir():
        return deleted
    cutoff = time.time() - age.total_seconds()
    for path in audio_dir.rglob("*.wav"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    for folder in audio_dir.iterdir():  # one folder per interview
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return deleted


async def keep_purging_audio(audio_dir: Path, store: Store, retention_days: int) -> None:
    """Purge now, then every day, until cancelled; a failed purge is logged and tried again
    the next day."""
    if retention_days <= 0:
        return
    while True:
        try:
            deleted = await asyncio.to_thread(purge_old_audio, audio_dir, store, retention_days)
        except Exception:
            log.exception("deleting recordings older than %d days failed", retention_days)
        else:
            if deleted:
                log.info("deleted %d recordings older than %d days", deleted, retention_days)
        await asyncio.sleep(PURGE_EVERY_S)
