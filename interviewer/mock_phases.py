"""A timed full mock: the interview in phases (introduction, technical, ML system design,
behavioral), each with a time budget the interviewer keeps as a real one would.

The interviewer checks the clock at each of its own turns, never while the candidate speaks:
- with a minute or less left in a phase (or a fifth of its budget, if that is shorter), the
  next line is prefixed with a warning, once per phase;
- once the budget is spent, it asks no more follow-ups or questions of that phase: it wraps up
  ("we're out of time for this part") and moves to the next phase's first question, or closes
  the interview after the last phase;
- the candidate's answer is never cut off: a phase can run over by the answer in progress.

Phases are stored with the interview (`interviews.phases`); a phase's clock starts when its
first question is asked, which the saved turns record, so a resumed mock keeps its clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from interviewer.storage import InterviewRow, TurnRow
from interviewer.stored_time import as_utc
from rubrics.schema import Language, Round

WARN_BEFORE_S = 60.0


class PhasePlan(BaseModel):
    """One phase as configured: which round its questions come from, how many, how long."""

    name: str = Field(pattern=r"^[a-z_]+$")
    round: Round
    questions: int = Field(ge=1, le=4)
    budget_s: float = Field(gt=0)


DEFAULT_PHASES: tuple[PhasePlan, ...] = (
    PhasePlan(name="introduction", round="behavioral", questions=1, budget_s=5 * 60),
    PhasePlan(name="technical", round="ml_theory", questions=2, budget_s=15 * 60),
    PhasePlan(name="ml_system_design", round="ml_system_design", questions=1, budget_s=20 * 60),
    PhasePlan(name="behavioral", round="behavioral", questions=1, budget_s=10 * 60),
)

PHASE_NAMES: dict[Language, dict[str, str]] = {
    "en": {
        "introduction": "the introduction",
        "technical": "the technical questions",
        "ml_system_design": "ML system design",
        "behavioral": "the behavioral questions",
        "coding": "coding",
    },
    "zh": {
        "introduction": "自我介绍",
        "technical": "技术问题",
        "ml_system_design": "机器学习系统设计",
        "behavioral": "行为面试问题",
        "coding": "编程",
    },
}


def phase_title(name: str, language: Language) -> str:
    return PHASE_NAMES[language].get(name, name.replace("_", " "))


def warning_line(name: str, remaining_s: float, language: Language) -> str:
    minutes = max(1, round(remaining_s / 60))
    if language == "zh":
        return f"{phase_title(name, language)}这部分大约还剩{minutes}分钟。"
    unit = "minute" if minutes == 1 else "minutes"
    return f"We have about {minutes} {unit} left for {phase_title(name, language)}."


def wrap_up_line(name: str, following: str | None, language: Language) -> str:
    if language == "zh":
        done = f"{phase_title(name, language)}的时间到了，我们就到这里。"
        return done + (f"接下来是{phase_title(following, language)}。" if following else "")
    done = f"We're out of time for {phase_title(name, language)}, so let's stop there."
    return done + (f" Next, {phase_title(following, language)}." if following else "")


@dataclass(frozen=True)
class Phase:
    """A phase of one interview: its questions are `first` .. `first + count - 1`."""

    name: str
    first: int
    count: int
    budget_s: float

    def holds(self, question_index: int) -> bool:
        return self.first <= question_index < self.first + self.count

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "first": self.first,
            "count": self.count,
            "budget_s": self.budget_s,
        }


def phases_from(stored: list[dict[str, Any]] | None) -> list[Phase]:
    return [Phase(p["name"], p["first"], p["count"], float(p["budget_s"])) for p in stored or []]


class PhaseClock:
    """Which phase a question is in, and how much of its budget is left at a given time."""

    def __init__(self, phases: list[Phase]) -> None:
        self.phases = phases
        self._started: dict[int, float] = {}  # phase position -> epoch seconds
        self._warned: set[int] = set()

    def position(self, question_index: int) -> int | None:
        return next((i for i, p in enumerate(self.phases) if p.holds(question_index)), None)

    def start(self, question_index: int, now: float) -> None:
        """The question at `question_index` is being asked: its phase's clock starts if this
        is the phase's first question asked."""
        position = self.position(question_index)
        if position is not None:
            self._started.setdefault(position, now)

    def started_at(self, position: int) -> float | None:
        """Epoch seconds at which the phase at `position` started; None before it did."""
        return self._started.get(position)

    def remaining_s(self, question_index: int, now: float) -> float | None:
        position = self.position(question_index)
        if position is None or position not in self._started:
            return None
        return self.phases[position].budget_s - (now - self._started[position])

    def deadline(self, question_index: int) -> float | None:
        """Epoch seconds at which the question's phase runs out (for the page's clock)."""
        position = self.position(question_index)
        if position is None or position not in self._started:
            return None
        return self._started[position] + self.phases[position].budget_s

    def should_warn(self, question_index: int, now: float) -> bool:
        """True once per phase, when little of it is left but it is not over."""
        position = self.position(question_index)
        remaining = self.remaining_s(question_index, now)
        if position is None or remaining is None or position in self._warned or remaining <= 0:
            return False
        threshold = min(WARN_BEFORE_S, self.phases[position].budget_s / 5)
        if remaining > threshold:
            return False
        self._warned.add(position)
        return True

    def next_phase_start(self, question_index: int) -> int | None:
        """The first question of the phase after this question's, if there is one."""
        position = self.position(question_index)
        if position is None or position + 1 >= len(self.phases):
            return None
        return self.phases[position + 1].first

    def name_of(self, question_index: int) -> str | None:
        position = self.position(question_index)
        return None if position is None else self.phases[position].name


def clock_from_saved(interview: InterviewRow, turns: list[TurnRow]) -> PhaseClock:
    """The phase clocks as the saved turns set them: a phase's clock started when its first
    question was decided (the turn before it was saved then), the first phase's when the
    interview was created."""
    clock = PhaseClock(phases_from(interview.phases))
    clock.start(0, as_utc(interview.created_at).timestamp())
    ids = interview.question_ids
    for turn in turns:
        decided = (turn.decision or {}).get("question_id")
        if decided in ids:
            clock.start(ids.index(decided), as_utc(turn.created_at).timestamp())
    return clock


def phase_times(interview: InterviewRow, turns: list[TurnRow]) -> list[dict[str, Any]]:
    """Each phase's budget and the time it took, for the report: from its clock's start to
    its last answer."""
    clock = clock_from_saved(interview, turns)
    ids = interview.question_ids
    ends: dict[int, float] = {}
    for turn in turns:
        position = clock.position(ids.index(turn.question_id)) if turn.question_id in ids else None
        if position is not None:
            ends[position] = as_utc(turn.created_at).timestamp()
    times = []
    for position, phase in enumerate(clock.phases):
        started = clock.started_at(position)
        used = None if started is None or position not in ends else ends[position] - started
        times.append(
            {
                "name": phase.name,
                "budget_s": phase.budget_s,
                "used_s": None if used is None else round(used, 1),
                "questions": phase.count,
            }
        )
    return times
