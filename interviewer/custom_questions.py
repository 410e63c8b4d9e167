"""Profiles and the deep-dive questions made from them, per user, and the bank overlay that lets
the conductor, the scorer and the report find a deep dive by id like any bank question.

Tables (migration 0008): `profiles` (the extracted profile as the candidate edited it, with the
SHA-256 of each source text; the texts themselves are not kept) and `custom_questions` (one
Question as JSON, its owner and profile). A deep dive's id is a hash of its owner, profile and
content (rubrics/deep_dive.py), so an id always means the same question: rows are never
rewritten, only retired when an edited profile no longer asks them, and kept so past reports
still find their questions. That also makes a process-wide cache of looked-up questions safe on
every replica.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlalchemy.engine import Engine
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, col, select

from interviewer.line_writer import AUTHORED, LineContext, LineWriter
from interviewer.profile import Profile
from rubrics.bank import QuestionBank
from rubrics.deep_dive import deep_dive_questions, is_deep_dive_id
from rubrics.errors import UnknownQuestionError
from rubrics.schema import Bilingual, Language, Question

_CACHE_LIMIT = 4096
LANGUAGES: tuple[Language, ...] = ("en", "zh")


def _now() -> datetime:
    return datetime.now(UTC)


class ProfileRow(SQLModel, table=True):
    __tablename__ = "profiles"
    id: str = SQLField(primary_key=True)
    user_id: str = SQLField(foreign_key="users.id", index=True)
    # Which texts it was read from: "resume_text", "resume_pdf", "jd_text", joined with "+".
    source_kind: str
    resume_sha256: str | None = None
    jd_sha256: str | None = None
    # interviewer.profile.Profile as JSON, as extracted or as the candidate last saved it.
    profile: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    edited: bool = False
    created_at: datetime
    updated_at: datetime


class CustomQuestionRow(SQLModel, table=True):
    __tablename__ = "custom_questions"
    id: str = SQLField(primary_key=True)
    user_id: str = SQLField(foreign_key="users.id", index=True)
    profile_id: str = SQLField(foreign_key="profiles.id", index=True)
    position: int
    question: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    # "authored", or "generated:<model>" when a capable model rephrased the prompt.
    source: str
    # No longer asked by its profile (edited away); kept for the reports that used it.
    retired: bool = False
    created_at: datetime


class Sources(BaseModel):
    """Where a profile came from, without the text itself."""

    kind: str
    resume_sha256: str | None = None
    jd_sha256: str | None = None


class CustomQuestions:
    """Profiles and deep dives on the Store's engine; thread-safe (one session per call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, Question] = {}
        self._lock = threading.Lock()

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def create_profile(self, user_id: str, profile: Profile, sources: Sources) -> ProfileRow:
        now = _now()
        row = ProfileRow(
            id=uuid.uuid4().hex,
            user_id=user_id,
            source_kind=sources.kind,
            resume_sha256=sources.resume_sha256,
            jd_sha256=sources.jd_sha256,
            profile=profile.model_dump(mode="json"),
            created_at=now,
            updated_at=now,
        )
        with self._session() as session:
            session.add(row)
            session.commit()
        return row

    def latest_profile(self, user_id: str) -> ProfileRow | None:
        with self._session() as session:
            query = (
                select(ProfileRow)
                .where(ProfileRow.user_id == user_id)
                .order_by(col(ProfileRow.created_at).desc(), col(ProfileRow.id))
            )
            return session.exec(query).first()

    def update_profile(self, row: ProfileRow, profile: Profile) -> ProfileRow:
        with self._session() as session:
            stored = session.get(ProfileRow, row.id)
            assert stored is not None, "profiles are never deleted"
            stored.profile = profile.model_dump(mode="json")
            stored.edited = True
            stored.updated_at = _now()
            session.add(stored)
            session.commit()
            return stored

    def questions(self, user_id: str, profile_id: str) -> list[Question]:
        """The profile's deep dives now asked, in order."""
        with self._session() as session:
            query = (
                select(CustomQuestionRow)
                .where(
                    CustomQuestionRow.user_id == user_id,
                    CustomQuestionRow.profile_id == profile_id,
                    col(CustomQuestionRow.retired).is_(False),
                )
                .order_by(col(CustomQuestionRow.position))
            )
            return [Question.model_validate(row.question) for row in session.exec(query)]

    def replace_questions(
        self, user_id: str, profile_id: str, questions: Iterable[tuple[Question, str]]
    ) -> None:
        """Make `questions` (with their sources) the profile's deep dives; retire the rest."""
        wanted = list(questions)
        ids = {question.id for question, _ in wanted}
        with self._session() as session:
            query = select(CustomQuestionRow).where(CustomQuestionRow.profile_id == profile_id)
            existing = {row.id: row for row in session.exec(query)}
            for row in existing.values():
                row.retired = row.id not in ids
                session.add(row)
            for position, (question, source) in enumerate(wanted):
                row = existing.get(question.id) or CustomQuestionRow(
                    id=question.id,
                    user_id=user_id,
                    profile_id=profile_id,
                    position=position,
                    question=question.model_dump(mode="json"),
                    source=source,
                    created_at=_now(),
                )
                row.position, row.retired = position, False
                session.add(row)
            session.commit()

    def stored(self, question_ids: Iterable[str]) -> dict[str, Question]:
        """The already stored questions among `question_ids` (any owner)."""
        wanted = list(question_ids)
        if not wanted:
            return {}
        with self._session() as session:
            query = select(CustomQuestionRow).where(col(CustomQuestionRow.id).in_(wanted))
            return {row.id: Question.model_validate(row.question) for row in session.exec(query)}

    def owner_of(self, question_id: str) -> str | None:
        with self._session() as session:
            row = session.get(CustomQuestionRow, question_id)
            return row.user_id if row else None

    def may_ask(self, question_id: str, user_id: str) -> bool:
        """Whether an interview of `user_id` may include this question: any bank question, a
        deep dive only for its owner (knowing an id is not enough)."""
        return not is_deep_dive_id(question_id) or self.owner_of(question_id) == user_id

    def question(self, question_id: str) -> Question | None:
        """A deep dive by id, whoever owns it (interviews are scoped by owner already);
        cached, as a given id always means the same question."""
        with self._lock:
            cached = self._cache.get(question_id)
        if cached is not None or not is_deep_dive_id(question_id):
            return cached
        found = self.stored([question_id]).get(question_id)
        if found is not None:
            with self._lock:
                if len(self._cache) >= _CACHE_LIMIT:
                    self._cache.clear()
                self._cache[question_id] = found
        return found


class OverlayBank(QuestionBank):
    """The bank, plus questions found by id through `lookup` (deep dives): `get` and `in`
    answer for both; iterating, filtering and counting see the bank alone, so the planner, the
    options and the matcher never draw someone's deep dive."""

    def __init__(self, base: QuestionBank, lookup: Callable[[str], Question | None]) -> None:
        sources: Mapping[str, Path] = {
            q.id: path for q in base if (path := base.source_of(q.id)) is not None
        }
        super().__init__(base, sources)
        self._lookup = lookup

    def __contains__(self, question_id: object) -> bool:
        if super().__contains__(question_id):
            return True
        return isinstance(question_id, str) and self._extra(question_id) is not None

    def get(self, question_id: str) -> Question:
        if super().__contains__(question_id):
            return super().get(question_id)
        found = self._extra(question_id)
        if found is None:
            raise UnknownQuestionError(question_id)
        return found

    def _extra(self, question_id: str) -> Question | None:
        return self._lookup(question_id) if is_deep_dive_id(question_id) else None


def bank_with(bank: QuestionBank, questions: Iterable[Question]) -> OverlayBank:
    """The bank plus these questions, by id (tests, one interview's own questions)."""
    extra = {question.id: question for question in questions}
    return OverlayBank(bank, extra.get)


def bank_with_stored(bank: QuestionBank, custom: CustomQuestions) -> OverlayBank:
    """The bank plus every stored deep dive, looked up by id on first use."""
    return OverlayBank(bank, custom.question)


def phrased(question: Question, writer: LineWriter) -> tuple[Question, str]:
    """The question with its prompt rephrased by a capable model, in each language, where the
    rephrased line passes every check of the line writer; else the authored question. The
    bundled base model is never capable, so it never rephrases (DESIGN.md §3)."""
    if not writer.can_draft:
        return question, AUTHORED
    texts: dict[str, str] = {}
    source = AUTHORED
    for language in LANGUAGES:
        authored = question.prompt.in_language(language)
        line = writer.phrase("question", authored, LineContext(language, question))
        texts[language] = "".join(line).strip() or authored
        if line.written is not None and line.written.source != AUTHORED:
            source = line.written.source
    if source == AUTHORED:
        return question, AUTHORED
    return question.model_copy(update={"prompt": Bilingual(**texts)}), source


def generate_deep_dives(
    custom: CustomQuestions, writer: LineWriter, row: ProfileRow, today: date | None = None
) -> list[Question]:
    """Make the profile's deep dives its current ones and return them. Questions already
    stored keep their stored wording; only new ones are phrased (a model call each)."""
    profile = Profile.model_validate(row.profile)
    year = (today or date.today()).year
    authored = deep_dive_questions(profile.projects, f"{row.user_id}:{row.id}", year)
    stored = custom.stored(q.id for q in authored)
    chosen = [(stored[q.id], "stored") if q.id in stored else phrased(q, writer) for q in authored]
    custom.replace_questions(row.user_id, row.id, chosen)
    return [question for question, _ in chosen]
