"""Which connection owns a live interview: a lease row in the database, not process memory, so
two tabs, a quick reconnect or two replicas can never drive (and number turns of) one interview.

A lease has an `owner` (a connection id), a `heartbeat_at` the owner renews every second or so,
and `wanted_by`, set by a connection asking to take over. The owner sees `wanted_by` on its next
heartbeat, saves its in-flight answer, tells its client and releases; the newcomer then claims.
A lease whose heartbeat is older than `stale_after_s` (its process died) can be claimed at once.
Every write that changes an interview's turns checks the lease in the same transaction
(`touch_lease`), so a connection that lost its lease can never save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC)


class LeaseLost(Exception):
    """This connection no longer owns the interview: another one took it over."""

    def __init__(self, interview_id: str) -> None:
        super().__init__(f"interview {interview_id} is owned by another connection")
        self.interview_id = interview_id


class LeaseRow(SQLModel, table=True):
    __tablename__ = "leases"
    interview_id: str = SQLField(foreign_key="interviews.id", primary_key=True)
    owner: str | None = None
    wanted_by: str | None = None
    generation: int = 0
    heartbeat_at: datetime = SQLField(default_factory=utc_now)


@dataclass(frozen=True)
class Heartbeat:
    mine: bool  # still the owner
    wanted: bool  # another connection asks to take over


def claim_lease(session: Session, interview_id: str, owner: str, stale_after_s: float) -> bool:
    """Take the lease if it is free, ours, or stale; otherwise ask for it (`wanted_by`).

    One conditional UPDATE, so two claimants can never both win, on SQLite or PostgreSQL."""
    now = utc_now()
    if session.get(LeaseRow, interview_id) is None:
        session.add(LeaseRow(interview_id=interview_id, owner=None, heartbeat_at=now))
        session.flush()
    stale_before = now - timedelta(seconds=stale_after_s)
    claimed = session.execute(
        update(LeaseRow)
        .where(LeaseRow.interview_id == interview_id)  # type: ignore[arg-type]
        .where(
            (LeaseRow.owner.is_(None))  # type: ignore[union-attr]
            | (LeaseRow.owner == owner)
            | (LeaseRow.heartbeat_at < stale_before)  # type: ignore[operator]
        )
        .values(owner=owner, wanted_by=None, heartbeat_at=now, generation=LeaseRow.generation + 1)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.execute(
            update(LeaseRow)
            .where(LeaseRow.interview_id == interview_id)  # type: ignore[arg-type]
            .values(wanted_by=owner)
        )
    session.commit()
    return claimed.rowcount == 1  # type: ignore[attr-defined, no-any-return]


def force_claim(session: Session, interview_id: str, owner: str, dead_owner: str) -> bool:
    """Claim a lease whose owner is known to be gone (a connection of this very process that
    has closed), without waiting for its heartbeat to go stale."""
    claimed = session.execute(
        update(LeaseRow)
        .where(LeaseRow.interview_id == interview_id)  # type: ignore[arg-type]
        .where(LeaseRow.owner == dead_owner)  # type: ignore[arg-type]
        .values(
            owner=owner, wanted_by=None, heartbeat_at=utc_now(), generation=LeaseRow.generation + 1
        )
    )
    session.commit()
    return claimed.rowcount == 1  # type: ignore[attr-defined, no-any-return]


def touch_lease(session: Session, interview_id: str, owner: str) -> Heartbeat:
    """Renew the heartbeat if we still own the lease; does not commit (callers write in the
    same transaction, which holds the row's write lock until their commit)."""
    touched = session.execute(
        update(LeaseRow)
        .where(LeaseRow.interview_id == interview_id)  # type: ignore[arg-type]
        .where(LeaseRow.owner == owner)  # type: ignore[arg-type]
        .values(heartbeat_at=utc_now())
    )
    if touched.rowcount != 1:  # type: ignore[attr-defined]
        return Heartbeat(mine=False, wanted=False)
    row = session.get(LeaseRow, interview_id, populate_existing=True)
    return Heartbeat(mine=True, wanted=row is not None and row.wanted_by not in (None, owner))


def release_lease(session: Session, interview_id: str, owner: str) -> None:
    session.execute(
        update(LeaseRow)
        .where(LeaseRow.interview_id == interview_id)  # type: ignore[arg-type]
        .where(LeaseRow.owner == owner)  # type: ignore[arg-type]
        .values(owner=None)
    )
    session.commit()


def lease_owner(session: Session, interview_id: str) -> str | None:
    row = session.get(LeaseRow, interview_id, populate_existing=True)
    return None if row is None else row.owner
