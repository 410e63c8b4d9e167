"""Scoring: rubric-grounded, explained answer scores (see formula.py for the 0-10 formula).

`quick_coverage` is the cheap, model-free check decide-next uses on the latency path;
`AnswerScorer` is the full scorer, run off the path after the turn is saved.
"""

from interviewer.scoring.delivery import delivery_metrics
from interviewer.scoring.judge import JudgeVerdict
from interviewer.scoring.quick_coverage import quick_coverage
from interviewer.scoring.results import (
    AnswerScore,
    DeliveryResult,
    InterviewRollup,
    KeyPointResult,
    MistakeHit,
    QuickCoverage,
    StarResult,
)
from interviewer.scoring.rollup import roll_up
from interviewer.scoring.scorer import AnswerScorer

__all__ = [
    "AnswerScore",
    "AnswerScorer",
    "DeliveryResult",
    "InterviewRollup",
    "JudgeVerdict",
    "KeyPointResult",
    "MistakeHit",
    "QuickCoverage",
    "StarResult",
    "delivery_metrics",
    "quick_coverage",
    "roll_up",
]
