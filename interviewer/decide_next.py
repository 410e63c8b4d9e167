"""What the interviewer does after an answer: pure, from the rubric.

The bundled LLM cannot judge an answer (DESIGN.md §3), so the decision rests on the rubric's
key points and the cheap coverage signal: probe the first missed key point (core first, then
heaviest) with its authored follow-up, or move on. A capable LLM may only *phrase* or *draft*
the line, never decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from rubrics.schema import FollowUp, Question

MIN_ANSWER_WORDS = 3
"""Below this an answer is a non-answer: probing it would badger, so the interview moves on."""


@dataclass(frozen=True)
class AskFollowUp:
    follow_up: FollowUp
    key_point_id: str


@dataclass(frozen=True)
class DraftFollowUp:
    """No authored follow-up probes this missed point; a capable model may draft one."""

    key_point_id: str


@dataclass(frozen=True)
class NextQuestion:
    question: Question


@dataclass(frozen=True)
class EndInterview:
    pass


Decision = AskFollowUp | DraftFollowUp | NextQuestion | EndInterview


@dataclass(frozen=True)
class AnswerState:
    """What is known about the current question after the latest answer."""

    question: Question
    missed_key_point_ids: tuple[str, ...]  # core first, then heaviest
    asked_follow_up_ids: tuple[str, ...]
    follow_ups_left: int
    answer_word_count: int
    can_draft: bool = False


def decide_next(state: AnswerState, next_question: Question | None) -> Decision:
    """Probe the first missed key point once per budget, otherwise move on."""
    if state.follow_ups_left > 0 and state.answer_word_count >= MIN_ANSWER_WORDS:
        for key_point_id in state.missed_key_point_ids:
            follow_up = _authored_probe(state.question, key_point_id, state.asked_follow_up_ids)
            if follow_up is not None:
                return AskFollowUp(follow_up, key_point_id)
            if state.can_draft:
                return DraftFollowUp(key_point_id)
    return EndInterview() if next_question is None else NextQuestion(next_question)


def _authored_probe(
    question: Question, key_point_id: str, asked: tuple[str, ...]
) -> FollowUp | None:
    return next(
        (f for f in question.follow_ups if key_point_id in f.probes and f.id not in asked),
        None,
    )
