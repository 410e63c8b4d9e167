"""A timed full mock on a fake clock: the interviewer warns once near the end of a phase,
wraps up and moves on when its budget is spent, never cuts an answer, closes after the last
phase, and a resumed mock keeps its clocks."""

from __future__ import annotations

import time

from interviewer.conductor import Conductor
from interviewer.line_writer import LineWriter
from interviewer.mock_phases import Phase, PhaseClock
from interviewer.storage import NewInterview, Store
from rubrics.bank import QuestionBank
from rubrics.schema import Question
from speech.types import Transcript


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _mock(bank: QuestionBank, store: Store, clock: FakeClock, language: str = "en") -> Conductor:
    theory = [q for q in bank if q.round == "ml_theory"][:3]
    phases = [Phase("introduction", 0, 1, 120.0), Phase("technical", 1, 2, 120.0)]
    interview, _ = store.create_interview(
        NewInterview(
            mode="text",
            round="full_mock",
            level="L4",
            language=language,
            question_ids=[q.id for q in theory],
            phases=[p.as_dict() for p in phases],
        )
    )
    return Conductor(bank, store, LineWriter(None), interview, max_follow_ups=1, clock=clock)


def _weak(question: Question) -> Transcript:
    """An answer missing most key points: without a clock the interviewer would probe it."""
    return Transcript(f"Well, {question.key_points[-1].text.en.lower()}", (), "en", 5.0)


def test_the_interviewer_warns_then_moves_on_and_closes(bank: QuestionBank, store: Store) -> None:
    clock = FakeClock()
    conductor = _mock(bank, store, clock)
    first = conductor.question
    assert conductor.phase_status() == {
        "name": "introduction",
        "index": 0,
        "of": 2,
        "budget_s": 120.0,
        "deadline_ms": int((clock.now + 120) * 1000),
    }
    # 100 s in: 20 s left (under a fifth of 120 s) -> the follow-up comes with a warning.
    clock.now += 100
    probe = conductor.answer(_weak(first)).next_line
    assert probe.kind == "follow_up"
    assert probe.text.startswith("We have about 1 minute left for the introduction.")
    assert probe.authored == probe.text  # what the speaker says, warning included
    # 130 s in: the budget is spent. The answer is kept whole; the next line wraps up and asks
    # the technical phase's first question instead of another probe.
    clock.now += 30
    outcome = conductor.answer(_weak(first))
    assert outcome.turn.text.startswith("Well,")
    moved = outcome.next_line
    assert moved.kind == "question" and moved.question_id == conductor.question.id != first.id
    assert moved.text.startswith("We're out of time for the introduction, so let's stop there.")
    assert "Next, the technical questions." in moved.text
    assert moved.authored == moved.text and moved.transition_index is None
    status = conductor.phase_status()
    assert status is not None and status["name"] == "technical"
    assert status["deadline_ms"] == int((clock.now + 120) * 1000)  # its clock starts now
    # The technical phase runs out too: no third question, the interview closes.
    clock.now += 125
    closing = conductor.answer(_weak(conductor.question)).next_line
    assert closing.kind == "closing"
    assert closing.text.startswith("We're out of time for the technical questions")


def test_a_phase_with_time_left_goes_on_as_usual(bank: QuestionBank, store: Store) -> None:
    clock = FakeClock()
    conductor = _mock(bank, store, clock)
    clock.now += 10
    line = conductor.answer(_weak(conductor.question)).next_line
    assert line.kind == "follow_up" and not line.text.startswith(("We have", "We're out"))


def test_chinese_lines(bank: QuestionBank, store: Store) -> None:
    clock = FakeClock()
    conductor = _mock(bank, store, clock, language="zh")
    clock.now += 130
    line = conductor.answer(Transcript("我不太清楚。", (), "zh", 3.0)).next_line
    assert line.text.startswith("自我介绍的时间到了，我们就到这里。接下来是技术问题。")


def test_a_resumed_mock_keeps_its_clocks(bank: QuestionBank, store: Store) -> None:
    clock = FakeClock()
    conductor = _mock(bank, store, clock)
    conductor.answer(_weak(conductor.question))  # saved now: the phase started at creation
    again = Conductor(
        bank, store, LineWriter(None), conductor.interview, max_follow_ups=1, clock=clock
    )
    again.resume(store.turns(conductor.interview.id))
    status = again.phase_status()
    assert status is not None and status["name"] == "introduction"
    started = conductor.interview.created_at.timestamp()
    assert abs(status["deadline_ms"] / 1000 - (started + 120)) < 2


def test_the_phase_clock_warns_once() -> None:
    phases = PhaseClock([Phase("technical", 0, 2, 600.0)])
    phases.start(0, 1000.0)
    assert not phases.should_warn(0, 1000.0 + 500)  # 100 s left > 60 s
    assert phases.should_warn(1, 1000.0 + 545)  # same phase, 55 s left
    assert not phases.should_warn(1, 1000.0 + 550)  # once
    assert phases.remaining_s(1, 1000.0 + 700) == -100.0
    assert phases.next_phase_start(0) is None
