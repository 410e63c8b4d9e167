"""Cheap key-point coverage for decide-next, which runs between the candidate's last word and
the interviewer's reply and must add far less than 150 ms: lexical only, no model call.
"""

from __future__ import annotations

from interviewer.scoring.lexical import lexical_credit, rubric_key_point_terms
from interviewer.scoring.results import QuickCoverage
from interviewer.scoring.text import content_terms
from rubrics.schema import Question

# A point counts as covered on the fast path when half of one phrasing's distinctive words (or
# half of its authored key terms in one script) are present. A fixed rule, not calibrated: the
# fast path only picks which missed point to probe; the scored verdict comes from coverage.py.
QUICK_COVERED_CREDIT = 0.5


def quick_coverage(question: Question, text: str, language: str) -> QuickCoverage:
    """Which key points the answer covers by their words; missed ones core first (what the
    question asks for is worth a follow-up before its depth), then heaviest first.

    `language` is accepted for symmetry with the full scorer; the term matching handles English,
    Chinese and code-switched answers alike.
    """
    del language
    answer_terms = content_terms(text)
    covered: list[str] = []
    missed: list[tuple[bool, float, int, str]] = []
    for order, (key_point, terms) in enumerate(
        zip(question.key_points, rubric_key_point_terms(question), strict=True)
    ):
        credit = lexical_credit(terms, answer_terms)
        if credit >= QUICK_COVERED_CREDIT:
            covered.append(key_point.id)
        else:
            missed.append((not key_point.core, -key_point.weight, order, key_point.id))
    return QuickCoverage(covered=covered, missed=[kp_id for *_, kp_id in sorted(missed)])
