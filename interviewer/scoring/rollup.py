"""Interview-level figures for the report: overall, per domain, per competency, what to practise."""

from __future__ import annotations

from collections import defaultdict

from interviewer.scoring.results import (
    AnswerScore,
    InterviewRollup,
    MissedKeyPoint,
    PractiseItem,
)
from rubrics.schema import Question

# Answers under this are worth practising again; 6/10 is where most key points were covered.
PRACTISE_BELOW = 6.0
_PRACTISE_MAX = 5


def roll_up(items: list[tuple[Question, AnswerScore]]) -> InterviewRollup:
    """Averages of the answer scores, grouped; missed key points feed the mistake notebook."""
    by_domain: dict[str, list[float]] = defaultdict(list)
    by_competency: dict[str, list[float]] = defaultdict(list)
    missed: list[MissedKeyPoint] = []
    for question, score in items:
        by_domain[question.domain].append(score.score_0_10)
        if question.competency:
            by_competency[question.competency].append(score.score_0_10)
        missed.extend(
            MissedKeyPoint(question_id=question.id, key_point_id=kp.id, text=kp.text)
            for kp in score.key_points
            if kp.status == "missed"
        )
    scores = [score.score_0_10 for _, score in items]
    return InterviewRollup(
        overall_0_10=_mean(scores),
        per_domain={k: _mean(v) for k, v in sorted(by_domain.items())},
        per_competency={k: _mean(v) for k, v in sorted(by_competency.items())},
        missed_key_points=missed,
        practise_next=_practise_next(items),
    )


def _practise_next(items: list[tuple[Question, AnswerScore]]) -> list[PractiseItem]:
    weak = sorted(
        (pair for pair in items if pair[1].score_0_10 < PRACTISE_BELOW),
        key=lambda pair: (pair[1].score_0_10, -pair[0].importance, pair[0].id),
    )
    return [
        PractiseItem(
            question_id=question.id,
            domain=question.domain,
            score_0_10=score.score_0_10,
            reason=_reason(score),
        )
        for question, score in weak[:_PRACTISE_MAX]
    ]


def _reason(score: AnswerScore) -> str:
    if score.non_answer:
        return f"no real answer ({score.non_answer.replace('_', ' ')})"
    # What the question asked for first: the first three are all the reason shows.
    missed = missed_core_first(score)
    if score.mistakes:
        return f"stated a common mistake: {score.mistakes[0].text}"
    return "missed: " + "; ".join(missed[:3]) if missed else "answer was shallow"


def missed_core_first(score: AnswerScore) -> list[str]:
    """The missed key points' texts, the core ones (what the question asked for) first and
    otherwise in rubric order: what the report lists and the practise reason names."""
    by_core = sorted(score.key_points, key=lambda kp: not kp.core)
    return [kp.text for kp in by_core if kp.status == "missed"]


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0
