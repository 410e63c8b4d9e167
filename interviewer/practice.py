"""The practice loop's data: what each scored answer showed, and a notebook that brings the
weak points back on a spaced-review schedule.

Every scored answer writes typed rows (`answer_results`, one per answer; `outcomes`, one per key
point and per mistake stated), so history, progress and review are SQL queries rather than report
blobs read again. A continuation scored again replaces its turn's rows.

The notebook holds a card per key point missed (or only partly covered) and per mistake stated,
scheduled with FSRS through the `fsrs` library. Answering the card's question again reviews it,
rated from how the answer was scored: covered -> Good, partial -> Hard, missed (or the mistake
stated again) -> Again. Learning steps are off (a step of minutes suits flashcards, not
interview answers practised once a day), so a lapse comes back the next day and a point
answered well goes out to days, then weeks. A card whose stability reaches 7 days (FSRS then
expects a 90 % chance of recalling the point a week later, the usual gap before the interview
itself) counts as mastered and leaves the notebook; missing the point again puts it back.
Anki's 21-day "mature" mark was out of reach: with FSRS's default parameters a point missed
three days running and then answered well every time needs about seven weeks to get there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler
from sqlalchemy import JSON, Column, UniqueConstraint, delete
from sqlalchemy.engine import Engine
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, col, select

from interviewer.stored_time import as_utc
from rubrics.bank import QuestionBank
from rubrics.schema import Question

MASTERED_STABILITY_DAYS = 7.0
_RATING: dict[str, Rating] = {
    "covered": Rating.Good,
    "partial": Rating.Hard,
    "missed": Rating.Again,
    "stated": Rating.Again,
    "avoided": Rating.Good,
}


def _now() -> datetime:
    return datetime.now(UTC)


class AnswerResultRow(SQLModel, table=True):
    """One scored answer: its score and delivery, for progress over time."""

    __tablename__ = "answer_results"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)
    id: int | None = SQLField(default=None, primary_key=True)
    user_id: str = SQLField(foreign_key="users.id", index=True)
    interview_id: str = SQLField(foreign_key="interviews.id")
    turn_index: int
    question_id: str
    round: str
    domain: str
    competency: str | None = None
    score_0_10: float
    # Delivery, for spoken answers (None when typed): pace in words (or characters) a minute.
    rate_per_min: float | None = None
    rate_unit: str
    filler_rate_per_100: float
    recorded_at: datetime
    # When the notebook was reviewed from this answer (at the end of its interview).
    reviewed_at: datetime | None = None


class OutcomeRow(SQLModel, table=True):
    """One key point of a scored answer (covered / partial / missed), or one mistake stated."""

    __tablename__ = "outcomes"
    id: int | None = SQLField(default=None, primary_key=True)
    user_id: str = SQLField(foreign_key="users.id", index=True)
    interview_id: str = SQLField(foreign_key="interviews.id", index=True)
    turn_index: int
    question_id: str
    domain: str
    competency: str | None = None
    kind: str  # key_point | mistake
    item_id: str
    status: str
    recorded_at: datetime


class NotebookCardRow(SQLModel, table=True):
    """A weak point under spaced review: a key point missed, or a mistake made."""

    __tablename__ = "notebook_cards"
    __table_args__ = (UniqueConstraint("user_id", "question_id", "kind", "item_id"),)
    id: int | None = SQLField(default=None, primary_key=True)
    user_id: str = SQLField(foreign_key="users.id", index=True)
    question_id: str
    kind: str  # key_point | mistake
    item_id: str
    # The FSRS card (fsrs.Card.to_dict()); due and stability are copied out to query on.
    card: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    due: datetime = SQLField(index=True)
    stability_days: float = 0.0
    mastered: bool = False
    last_status: str
    reviews: int = 0
    created_at: datetime
    updated_at: datetime


def answer_outcomes(question: Question, detail: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, item id, status) for each key point the score reports and each mistake stated."""
    rows = [("key_point", kp["id"], kp["status"]) for kp in detail.get("key_points", [])]
    stated = {m["id"] for m in detail.get("mistakes", [])}
    known = {m.id for m in question.common_mistakes}
    return rows + [("mistake", m, "stated") for m in sorted(stated & known)]


class Practice:
    """Writes outcomes and reviews notebook cards; reads progress and today's practice."""

    def __init__(
        self,
        engine: Engine,
        bank: QuestionBank,
        *,
        clock: Callable[[], datetime] = _now,
        fuzz: bool = True,
    ) -> None:
        self.engine = engine
        self.bank = bank
        self.clock = clock
        self.scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=fuzz)

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- writing -----------------------------------------------------------------------------
    def record(
        self,
        user_id: str,
        interview_id: str,
        turn_index: int,
        question_id: str,
        detail: dict[str, Any],
        at: datetime | None = None,
    ) -> None:
        """Write a scored answer's rows. A question's answer is scored again after each
        follow-up (on everything said so far), so its rows replace the interview's earlier
        ones for that question."""
        if question_id not in self.bank or "key_points" not in detail:
            return  # a failed score, or a question the bank no longer has
        question = self.bank.get(question_id)
        when = at or self.clock()
        delivery = detail.get("delivery", {})
        with self._session() as session:
            session.execute(
                delete(OutcomeRow).where(
                    col(OutcomeRow.interview_id) == interview_id,
                    col(OutcomeRow.question_id) == question_id,
                )
            )
            session.execute(
                delete(AnswerResultRow).where(
                    col(AnswerResultRow.interview_id) == interview_id,
                    col(AnswerResultRow.question_id) == question_id,
                )
            )
            session.add(
                AnswerResultRow(
                    user_id=user_id,
                    interview_id=interview_id,
                    turn_index=turn_index,
                    question_id=question.id,
                    round=question.round,
                    domain=question.domain,
                    competency=question.competency,
                    score_0_10=float(detail.get("score_0_10", 0.0)),
                    rate_per_min=delivery.get("rate_per_min") if delivery.get("timed") else None,
                    rate_unit=str(delivery.get("unit", "words")),
                    filler_rate_per_100=float(delivery.get("filler_rate_per_100", 0.0)),
                    recorded_at=when,
                )
            )
            for kind, item_id, status in answer_outcomes(question, detail):
                session.add(
                    OutcomeRow(
                        user_id=user_id,
                        interview_id=interview_id,
                        turn_index=turn_index,
                        question_id=question.id,
                        domain=question.domain,
                        competency=question.competency,
                        kind=kind,
                        item_id=item_id,
                        status=status,
                        recorded_at=when,
                    )
                )
            session.commit()

    def review_interview(self, interview_id: str, at: datetime | None = None) -> int:
        """Review the notebook from each question's final answer in this interview, once
        (called when its report is written); returns how many answers were reviewed."""
        when = at or self.clock()
        with self._session() as session:
            query = select(AnswerResultRow).where(
                AnswerResultRow.interview_id == interview_id,
                col(AnswerResultRow.reviewed_at).is_(None),
            )
            answers = list(session.exec(query))
            for answer in answers:
                if answer.question_id not in self.bank:
                    continue
                rows = session.exec(
                    select(OutcomeRow).where(
                        OutcomeRow.interview_id == interview_id,
                        OutcomeRow.question_id == answer.question_id,
                    )
                )
                outcomes = [(r.kind, r.item_id, r.status) for r in rows]
                stated = {item for kind, item, _ in outcomes if kind == "mistake"}
                question = self.bank.get(answer.question_id)
                outcomes += [
                    ("mistake", m.id, "avoided")
                    for m in question.common_mistakes
                    if m.id not in stated
                ]
                self._review(session, answer.user_id, answer.question_id, outcomes, when)
                answer.reviewed_at = when
                session.add(answer)
            session.commit()
            return len(answers)

    def _review(
        self,
        session: Session,
        user_id: str,
        question_id: str,
        outcomes: Iterable[tuple[str, str, str]],
        when: datetime,
    ) -> None:
        for kind, item_id, status in outcomes:
            query = select(NotebookCardRow).where(
                NotebookCardRow.user_id == user_id,
                NotebookCardRow.question_id == question_id,
                NotebookCardRow.kind == kind,
                NotebookCardRow.item_id == item_id,
            )
            row = session.exec(query).first()
            weak = status in ("missed", "partial", "stated")
            if row is None and not weak:
                continue  # known already: nothing to bring back
            card = Card() if row is None else Card.from_dict(row.card)  # type: ignore[arg-type]
            card, _log = self.scheduler.review_card(card, _RATING[status], when)
            stability = float(card.stability or 0.0)
            if row is None:
                row = NotebookCardRow(
                    user_id=user_id,
                    question_id=question_id,
                    kind=kind,
                    item_id=item_id,
                    card={},
                    due=card.due,
                    last_status=status,
                    created_at=when,
                    updated_at=when,
                )
            row.card = dict(card.to_dict())
            row.due = card.due
            row.stability_days = stability
            row.mastered = not weak and stability >= MASTERED_STABILITY_DAYS
            row.last_status = status
            row.reviews += 1
            row.updated_at = when
            session.add(row)

    # --- reading -----------------------------------------------------------------------------
    def notebook(self, user_id: str) -> list[NotebookCardRow]:
        """The open cards (not mastered), soonest due first."""
        with self._session() as session:
            query = (
                select(NotebookCardRow)
                .where(NotebookCardRow.user_id == user_id, ~col(NotebookCardRow.mastered))
                .order_by(col(NotebookCardRow.due), col(NotebookCardRow.id))
            )
            return list(session.exec(query))

    def mastered(self, user_id: str) -> list[NotebookCardRow]:
        with self._session() as session:
            query = select(NotebookCardRow).where(
                NotebookCardRow.user_id == user_id, col(NotebookCardRow.mastered)
            )
            return list(session.exec(query))

    def due_questions(self, user_id: str, limit: int = 3, at: datetime | None = None) -> list[str]:
        """Today's practice: the questions with the most overdue open cards, most first."""
        now = at or self.clock()
        score: dict[str, tuple[int, datetime]] = {}
        for row in self.notebook(user_id):
            due = as_utc(row.due)
            if due > now or row.question_id not in self.bank:
                continue
            count, oldest = score.get(row.question_id, (0, due))
            score[row.question_id] = (count + 1, min(oldest, due))
        ranked = sorted(score, key=lambda q: (-score[q][0], score[q][1], q))
        return ranked[:limit]

    def next_due(self, user_id: str) -> datetime | None:
        cards = self.notebook(user_id)
        return min((as_utc(row.due) for row in cards), default=None)

    def results(self, user_id: str) -> list[AnswerResultRow]:
        with self._session() as session:
            query = (
                select(AnswerResultRow)
                .where(AnswerResultRow.user_id == user_id)
                .order_by(col(AnswerResultRow.recorded_at), col(AnswerResultRow.id))
            )
            return list(session.exec(query))

    def outcomes(self, user_id: str) -> list[OutcomeRow]:
        with self._session() as session:
            query = (
                select(OutcomeRow)
                .where(OutcomeRow.user_id == user_id)
                .order_by(col(OutcomeRow.recorded_at), col(OutcomeRow.id))
            )
            return list(session.exec(query))


def day(moment: datetime) -> str:
    return as_utc(moment).date().isoformat()
