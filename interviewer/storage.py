"""Persistence of interviews, turns, scores and reports with sqlmodel.

Any SQLAlchemy URL works: a SQLite file (WAL, the single-user default) or PostgreSQL for a team.
Every public write commits before it returns, because the conductor promises that a finished
turn is durable before the next question is asked. Input is validated with pydantic models
first: sqlmodel table classes do not validate.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlalchemy.engine import Engine
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, create_engine, select


def _now() -> datetime:
    return datetime.now(UTC)


class NewInterview(BaseModel):
    mode: str = Field(pattern=r"^(voice|text)$")
    round: str
    level: str
    language: str = Field(pattern=r"^(en|zh)$")
    company: str | None = None
    question_ids: list[str] = Field(min_length=1)


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
    audio_path: str | None = None


class InterviewRow(SQLModel, table=True):
    __tablename__ = "interviews"
    id: str = SQLField(primary_key=True)
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
    audio_path: str | None = None
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
    detail: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))


class ReportRow(SQLModel, table=True):
    __tablename__ = "reports"
    interview_id: str = SQLField(foreign_key="interviews.id", primary_key=True)
    created_at: datetime = SQLField(default_factory=_now)
    report: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))


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
        SQLModel.metadata.create_all(self.engine)

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def create_interview(self, new: NewInterview) -> InterviewRow:
        row = InterviewRow(id=uuid.uuid4().hex, token=secrets.token_urlsafe(24), **new.model_dump())
        with self._session() as session:
            session.add(row)
            session.commit()
        return row

    def save_turn(self, new: NewTurn) -> TurnRow:
        row = TurnRow(**NewTurn.model_validate(new).model_dump())
        with self._session() as session:
            session.add(row)
            session.commit()
        return row

    def save_score(
        self, interview_id: str, turn_index: int, question_id: str, detail: dict[str, Any]
    ) -> ScoreRow:
        row = ScoreRow(
            interview_id=interview_id,
            turn_index=turn_index,
            question_id=question_id,
            score_0_10=float(detail["score_0_10"]),
            path=str(detail["path"]),
            detail=detail,
        )
        with self._session() as session:
            session.add(row)
            session.commit()
        return row

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

    def interviews(self, limit: int = 200) -> list[InterviewRow]:
        with self._session() as session:
            query = select(InterviewRow).order_by(InterviewRow.created_at.desc()).limit(limit)  # type: ignore[attr-defined]
            return list(session.exec(query))

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
