"""Times read back from the database: every time Viva stores is UTC, but SQLite returns them
without their zone, so a value compared with an aware time, or turned into epoch seconds, must
get it back first (a naive value's `.timestamp()` would read it as local time)."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
