"""Persistence of interviews, turns, scores and reports with sqlmodel.

Any SQLAlchemy URL works: a SQLite file (WAL, the single-user default) or PostgreSQL for a team.
Every public write commits before it returns, because the conductor promises that a finished
turn is durable before the next question is asked. Input is validated with pydantic models
first: sqlmodel table classes do not validate.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Column, UniqueConstraint, event, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, col, create_engine, select

from interviewer import custom_questions as _custom_question_tables  # noqa: F401  (schema)
from interviewer import practice as _practice_tables  # noqa: F401  (part of the schema)
from interviewer.accounts import LOCAL_USER_ID
from interviewer.leases import (
    Heartbeat,
    LeaseLost,
    claim_lease,
    force_claim,
    lease_owner,
    release_lease,
    touch_lease,
)
from interviewer.recordings import (
    Recording,
    RecordingRow,
    expire_recordings,
    put_recording,
    recorded_turns,
)
from interviewer.resume_tokens import hash_token, new_token
from interviewer.schema_upgrade import upgrade_database
from interviewer.text_cleaning import clean_text


def _now() -> datetime:
    return datetime.now(UTC)


class NewInterview(BaseModel):
    mode: str = Field(pattern=r"^(voice|text)$")
    round: str
    level: str
    language: str = Field(pattern=r"^(en|zh)$")
    company: str | None = None
    question_ids: list[str] = Field(min_length=1)
    # A timed full mock's phases (interviewer/mock_phases.py Phase.as_dict()); None otherwise.
    phases: list[dict[str, Any]] | None = None


class NewTurn(BaseModel):
    interview_id: str
    turn_index: int = Field(ge=0)
    question_id: str
    kind: str = Field(pattern=r"^(answer|follow_up|skipped)$")
    follow_up_id: str | None = None
    interviewer_line: str
    text: str
    words: list[dict[str, Any]] = Field(default_factory=list)
    language: str
    complete: bool = True
    duration_s: float = Field(default=0.0, ge=0)
    # The answer's recording, saved with the turn in the `recordings` table: a data URI from
    # `Recording.data_uri()`, or the path of an audio file to import (interviewer/recordings.py).
    audio_path: str | None = None
    # The line decided after this turn (kind, text, question, follow-up...): a resume speaks
    # exactly this line instead of replaying decisions against a bank that may have changed.
    decision: dict[str, Any] = Field(default_factory=dict)
    # What the candidate typed in the code pad while answering (coding round); never run.
    code: str | None = Field(default=None, max_length=20_000)


class TurnAmendment(BaseModel):
    """A continuation: the candidate went on talking after the turn was saved."""

    text: str
    words: list[dict[str, Any]] = Field(default_factory=list)
    duration_s: float = Field(default=0.0, ge=0)
    audio_path: str | None = None  # as in NewTurn; it replaces the recording, if any
    decision: dict[str, Any] = Field(default_factory=dict)
    code: str | None = None


class InterviewRow(SQLModel, table=True):
    __tablename__ = "interviews"
    id: str = SQLField(primary_key=True)
    # The resume token's SHA-256 (interviewer/resume_tokens.py); the token itself is never stored.
    token: str
    created_at: datetime = SQLField(default_factory=_now)
    ended_at: datetime | None = None
    status: str = "active"
    mode: str
    round: str
    level: str
    language: str
    company: str | None = None
    question_ids: list[str] = SQLField(sa_column=Column(JSON, nullable=False))
    # The candidate (interviewer/accounts.py); turns, scores, reports and recordings are
    # theirs through this interview.
    user_id: str = SQLField(default=LOCAL_USER_ID, foreign_key="users.id", index=True)
    # A timed full mock's phases and budgets; None for an ordinary interview.
    phases: list[dict[str, Any]] | None = SQLField(
        default=None, sa_column=Column(JSON, nullable=True)
    )


class TurnRow(SQLModel, table=True):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("interview_id", "turn_index"),)
    id: int | None = SQLField(default=None, primary_key=True)
    interview_id: str = SQLField(foreign_key="interviews.id", index=True)
    turn_index: int
    question_id: str
    kind: str
    follow_up_id: str | None = None
    interviewer_line: str
    text: str
    words: list[dict[str, Any]] = SQLField(sa_column=Column(JSON, nullable=False))
    language: str
    complete: bool = True
    duration_s: float = 0.0
    # Where a release before revision 0006 kept this answer's recording on disk; no longer
    # written (recordings live in the `recordings` table, interviewer/recordings.py).
    audio_path: str | None = None
    decision: dict[str, Any] | None = SQLField(default=None, sa_column=Column(JSON, nullable=True))
    code: str | None = None
    created_at: datetime = SQLField(default_factory=_now)


class ScoreRow(SQLModel, table=True):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("interview_id", "turn_index"),)
    id: int | None = SQLField(default=None, primary_key=True)
    interview_id: str = SQLField(foreign_key="interviews.id", index=True)
    turn_index: int
    question_id: str
    score_0_10: float
    path: str
    # ok, or failed: scoring was retried and gave up; the report says so.
    status: str = "ok"
    detail: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))


class ReportRow(SQLModel, table=True):
    __tablename__ = "reports"
    interview_id: str = SQLField(foreign_key="interviews.id", primary_key=True)
    created_at: datetime = SQLField(default_factory=_now)
    report: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))


class CreatedInterview(NamedTuple):
    interview: InterviewRow
    # In plain text, for the client; the row holds only its hash.
    token: str


def _enable_sqlite_wal(engine: Engine) -> None:
    """WAL lets the report pages read while a voice session writes."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Store:
    """All database access of Viva; thread-safe (one short session per call)."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                parents=True, exist_ok=True
            )
        connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if url.startswith("sqlite"):
            _enable_sqlite_wal(self.engine)
        # Alembic migrations, never create_all: it would not alter a table an older Viva made.
        upgrade_database(self.engine)

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def create_interview(self, new: NewInterview, user_id: str = LOCAL_USER_ID) -> CreatedInterview:
        """The new interview, and its resume token: the only time the token is seen."""
        token = new_token()
        row = InterviewRow(
            id=uuid.uuid4().hex, token=hash_token(token), user_id=user_id, **new.model_dump()
        )
        with self._session() as session:
            session.add(row)
            session.commit()
        return CreatedInterview(row, token)

    def save_turn(self, new: NewTurn, owner: str | None = None) -> TurnRow:
        """Commit a turn, and its recording; with `owner`, only while that connection holds the
        interview's lease (checked in the same transaction), else `LeaseLost`."""
        data = NewTurn.model_validate(new).model_dump()
        audio, data["audio_path"] = data["audio_path"], None
        recording = Recording.read(audio) if audio else None
        data["text"] = clean_text(data["text"])
        data["interviewer_line"] = clean_text(data["interviewer_line"])
        if data["code"] is not None:
            data["code"] = clean_text(data["code"])
        row = TurnRow(**data)
        with self._session() as session:
            if owner is not None and not touch_lease(session, new.interview_id, owner).mine:
                raise LeaseLost(new.interview_id)
            session.add(row)
            if recording is not None:
                put_recording(session, new.interview_id, new.turn_index, recording)
            session.commit()
        return row

    def amend_turn(
        self, interview_id: str, turn_index: int, amendment: TurnAmendment, owner: str | None
    ) -> TurnRow:
        """Replace a saved turn's answer with the longer one the candidate went on to give."""
        audio = amendment.audio_path
        recording = Recording.read(audio) if audio else None
        with self._session() as session:
            if owner is not None and not touch_lease(session, interview_id, owner).mine:
                raise LeaseLost(interview_id)
            query = select(TurnRow).where(
                TurnRow.interview_id == interview_id, TurnRow.turn_index == turn_index
            )
            row = session.exec(query).one()
            row.text = clean_text(amendment.text)
            row.words = amendment.words
            row.duration_s = amendment.duration_s
            row.decision = amendment.decision
            row.code = clean_text(amendment.code) if amendment.code else row.code
            row.complete = True
            session.add(row)
            if recording is not None:
                put_recording(session, interview_id, turn_index, recording)
            session.commit()
            return row

    def expire_audio(self, recorded_before: datetime) -> tuple[int, list[str]]:
        """Delete the recordings made before `recorded_before` (the report then shows no player
        for them); returns how many, and the files of turns recorded before revision 0006 that
        it forgot, for the caller to delete."""
        with self._session() as session:
            deleted = expire_recordings(session, recorded_before)
            query = select(TurnRow).where(
                col(TurnRow.audio_path).is_not(None), col(TurnRow.created_at) < recorded_before
            )
            paths = []
            for row in session.exec(query):
                paths.append(str(row.audio_path))
                row.audio_path = None
                session.add(row)
            session.commit()
            return deleted, paths

    def recorded_turns(self, interview_id: str) -> set[int]:
        with self._session() as session:
            return recorded_turns(session, interview_id)

    def recording(self, interview_id: str, turn_index: int) -> RecordingRow | None:
        with self._session() as session:
            return session.get(RecordingRow, (interview_id, turn_index))

    def save_score(
        self,
        interview_id: str,
        turn_index: int,
        question_id: str,
        detail: dict[str, Any],
        status: str = "ok",
    ) -> ScoreRow:
        """Insert or replace the score of a turn (a continuation is scored again)."""
        with self._session() as session:
            query = select(ScoreRow).where(
                ScoreRow.interview_id == interview_id, ScoreRow.turn_index == turn_index
            )
            row = session.exec(query).first() or ScoreRow(
                interview_id=interview_id,
                turn_index=turn_index,
                question_id=question_id,
                score_0_10=0.0,
                path="",
                detail={},
            )
            row.question_id = question_id
            row.score_0_10 = float(detail.get("score_0_10", 0.0))
            row.path = str(detail.get("path", "failed"))
            row.status = status
            row.detail = detail
            session.add(row)
            session.commit()
            return row

    # --- leases (see interviewer/leases.py) ------------------------------------------------
    def claim_lease(self, interview_id: str, owner: str, stale_after_s: float) -> bool:
        for _ in range(3):  # two first claimants may race to insert the row
            try:
                with self._session() as session:
                    return claim_lease(session, interview_id, owner, stale_after_s)
            except IntegrityError:
                continue
        return False

    def force_claim_lease(self, interview_id: str, owner: str, dead_owner: str) -> bool:
        with self._session() as session:
            return force_claim(session, interview_id, owner, dead_owner)

    def heartbeat(self, interview_id: str, owner: str) -> Heartbeat:
        with self._session() as session:
            beat = touch_lease(session, interview_id, owner)
            session.commit()
            return beat

    def release_lease(self, interview_id: str, owner: str) -> None:
        with self._session() as session:
            release_lease(session, interview_id, owner)

    def lease_owner(self, interview_id: str) -> str | None:
        with self._session() as session:
            return lease_owner(session, interview_id)

    # --- recovery ---------------------------------------------------------------------------
    def unscored_turns(self) -> list[TurnRow]:
        """Complete answers with no score yet, e.g. scoring cut short by a crash."""
        with self._session() as session:
            scored = select(ScoreRow.id).where(
                ScoreRow.interview_id == TurnRow.interview_id,
                ScoreRow.turn_index == TurnRow.turn_index,
            )
            query = (
                select(TurnRow)
                .where(TurnRow.complete, TurnRow.kind != "skipped", ~scored.exists())
                .order_by(col(TurnRow.interview_id), col(TurnRow.turn_index))
            )
            return list(session.exec(query))

    def ended_without_report(self) -> list[InterviewRow]:
        """Interviews that reached their closing line but whose report was never written."""
        with self._session() as session:
            has_report = select(ReportRow.interview_id).where(
                ReportRow.interview_id == InterviewRow.id
            )
            query = select(InterviewRow).where(
                InterviewRow.status == "closing", ~has_report.exists()
            )
            return list(session.exec(query))

    def mark_closing(self, interview_id: str) -> None:
        """The closing line is being said: no more answers; the report follows its scoring."""
        with self._session() as session:
            interview = session.get(InterviewRow, interview_id)
            if interview is not None and interview.status == "active":
                interview.status = "closing"
                session.add(interview)
                session.commit()

    def end_interview(self, interview_id: str, report: dict[str, Any]) -> None:
        with self._session() as session:
            interview = session.get(InterviewRow, interview_id)
            if interview is None:
                raise KeyError(interview_id)
            interview.status = "ended"
            interview.ended_at = _now()
            existing = session.get(ReportRow, interview_id)
            if existing is None:
                session.add(ReportRow(interview_id=interview_id, report=report))
            else:
                existing.report = report
            session.commit()

    def interview(self, interview_id: str) -> InterviewRow | None:
        with self._session() as session:
            return session.get(InterviewRow, interview_id)

    def interviews(self, owners: Collection[str], limit: int = 200) -> list[InterviewRow]:
        """The newest interviews of these owners (a user and the candidates they coach)."""
        with self._session() as session:
            query = (
                select(InterviewRow)
                .where(col(InterviewRow.user_id).in_(list(owners)))
                .order_by(col(InterviewRow.created_at).desc())
                .limit(limit)
            )
            return list(session.exec(query))

    def interviews_started_since(self, user_id: str, since: datetime) -> int:
        """How many interviews `user_id` started since `since` (the daily limit)."""
        with self._session() as session:
            query = select(func.count()).where(
                InterviewRow.user_id == user_id, col(InterviewRow.created_at) >= since
            )
            return int(session.exec(query).one())

    def turns(self, interview_id: str) -> list[TurnRow]:
        with self._session() as session:
            query = (
                select(TurnRow)
                .where(TurnRow.interview_id == interview_id)
                .order_by(TurnRow.turn_index)  # type: ignore[arg-type]
            )
            return list(session.exec(query))

    def scores(self, interview_id: str) -> list[ScoreRow]:
        with self._session() as session:
            query = (
                select(ScoreRow)
                .where(ScoreRow.interview_id == interview_id)
                .order_by(ScoreRow.turn_index)  # type: ignore[arg-type]
            )
            return list(session.exec(query))

    def report(self, interview_id: str) -> dict[str, Any] | None:
        with self._session() as session:
            row = session.get(ReportRow, interview_id)
            return None if row is None else row.report
