"""A simulated month of practice on a fake clock, scored by the real scorer (bundled E5).

The scripted candidate answers from the rubric. On one question two weak key points improve
(from day 3 and from day 6); on another one point is never said. Each day they take "today's
practice" (the questions whose notebook cards are due). The schedule must bring the weak points
back, spread the reviews out as they stick, the notebook must empty of what was mastered, and
the progress figures must show the improvement."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interviewer.accounts import LOCAL_USER_ID
from interviewer.e5_embedder import E5Embedder
from interviewer.practice import Practice
from interviewer.progress import progress
from interviewer.scoring import AnswerScorer
from interviewer.storage import NewInterview, Store
from rubrics.bank import QuestionBank
from rubrics.schema import Question
from speech.types import Transcript

pytestmark = pytest.mark.models

START = datetime(2026, 1, 5, 19, 0, tzinfo=UTC)
DAYS = 30
IMPROVING = "aug_augmentation_leakage"  # key points 1 and 2 improve
STUCK = "aug_audio_augmentation"  # key point 3 is never said


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def answer(question: Question, day: int) -> str:
    """What the candidate says on `day`: the rubric's key points, minus the ones not learnt yet."""
    if question.id == IMPROVING:
        left_out = {1, 2} if day < 3 else {1} if day < 6 else set()
    else:
        left_out = {3}
    return " ".join(kp.text.en for i, kp in enumerate(question.key_points) if i not in left_out)


@pytest.fixture(scope="module")
def month(bank: QuestionBank, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    store = Store(f"sqlite:///{Path(tmp_path_factory.mktemp('month')) / 'viva.db'}")
    clock = Clock()
    practice = Practice(store.engine, bank, clock=clock, fuzz=False)
    questions = [bank.get(IMPROVING), bank.get(STUCK)]
    scorer = AnswerScorer(E5Embedder(num_threads=1), bank=questions)
    practised: dict[str, list[int]] = {q.id: [] for q in questions}
    notebook_sizes = []
    for day in range(DAYS):
        clock.now = START + timedelta(days=day)
        due = [q.id for q in questions] if day == 0 else practice.due_questions(LOCAL_USER_ID)
        if due:
            plan = NewInterview(
                mode="text", round="ml_theory", level="L4", language="en", question_ids=due
            )
            made = store.create_interview(plan)
            for index, question_id in enumerate(due):
                question = bank.get(question_id)
                text = answer(question, day)
                score = scorer.score(question, Transcript(text, (), "en", 0.0), "en", "L4")
                detail = score.model_dump(mode="json")
                practice.record(LOCAL_USER_ID, made.interview.id, index, question_id, detail)
                practised[question_id].append(day)
            practice.review_interview(made.interview.id)
        notebook_sizes.append(len(practice.notebook(LOCAL_USER_ID)))
    return {
        "practice": practice,
        "practised": practised,
        "sizes": notebook_sizes,
        "progress": progress(practice, LOCAL_USER_ID),
    }


def test_the_weak_points_come_back_and_the_reviews_spread_out(month: dict[str, object]) -> None:
    practised = month["practised"]
    assert isinstance(practised, dict)
    improving, stuck = practised[IMPROVING], practised[STUCK]
    # Missed on day 0: back the next day.
    assert improving[:2] == [0, 1] and stuck[:2] == [0, 1]
    gaps = [b - a for a, b in itertools.pairwise(improving)]
    assert gaps[-1] >= 4 > gaps[0], improving  # as the points stick, they come back less often
    # The point never said fully (the scorer hears part of it: rated Hard each time) keeps
    # coming back all month, at growing intervals.
    assert len(stuck) >= 5 and stuck[-1] >= DAYS - 10, stuck


def test_the_notebook_empties_of_what_was_mastered(month: dict[str, object]) -> None:
    practice = month["practice"]
    assert isinstance(practice, Practice)
    left = practice.notebook(LOCAL_USER_ID)
    assert {card.question_id for card in left} == {STUCK}
    assert [card.item_id for card in left] == [practice.bank.get(STUCK).key_points[3].id]
    mastered = {(c.question_id, c.item_id) for c in practice.mastered(LOCAL_USER_ID)}
    kps = practice.bank.get(IMPROVING).key_points
    assert {(IMPROVING, kps[1].id), (IMPROVING, kps[2].id)} <= mastered
    sizes = month["sizes"]
    assert isinstance(sizes, list)
    assert max(sizes) >= 3 and sizes[-1] == 1, sizes


def test_progress_shows_the_improvement(month: dict[str, object]) -> None:
    figures = month["progress"]
    assert isinstance(figures, dict)
    series = figures["per_domain"]["deep_learning"]
    assert series[-1]["score_0_10"] > series[0]["score_0_10"] + 1.5, series
    assert figures["key_points"]["mastered"] >= 2
    assert figures["key_points"]["in_notebook"] == 1
    practised = month["practised"]
    assert isinstance(practised, dict)
    assert figures["days"] == len({d for days in practised.values() for d in days})
