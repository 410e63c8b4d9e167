"""Reading the code a candidate typed in the code pad beside a spoken coding answer.

The code is never run: each of the question's `code_requirements` is met when one of its
`terms` (an identifier or construct such as `heapq` or `range(1, n + 1)`) appears in the code,
compared with all whitespace removed so `n+1` and `n + 1` match. The requirements' share met
then counts for `CODE_WEIGHT` of the answer's score, because in a coding round the code and
the talk-through are judged together; it is a fixed rule, not fitted to data. A question with
no requirements, or an answer with no code typed, is scored on the talk-through alone. Code a
typed answer holds in markdown fences counts as the pad's when the pad is empty
(web/scoring_service.py, sentences.fenced_code).
"""

from __future__ import annotations

import re
from typing import Any

from rubrics.schema import Language, Question

CODE_WEIGHT = 0.25
_SPACE = re.compile(r"\s+")


def review_code(question: Question, code: str, language: Language) -> dict[str, Any] | None:
    """Which requirements the code meets, with the line that shows each; None when there is
    nothing to review."""
    if not question.code_requirements or not code.strip():
        return None
    lines = code.splitlines()
    squashed = _SPACE.sub("", code)
    requirements = []
    for requirement in question.code_requirements:
        found = next((t for t in requirement.terms if _SPACE.sub("", t) in squashed), None)
        evidence = "" if found is None else _line_with(lines, found)
        requirements.append(
            {
                "id": requirement.id,
                "text": requirement.text.in_language(language),
                "met": found is not None,
                "evidence": evidence,
            }
        )
    met = sum(1 for r in requirements if r["met"])
    return {"requirements": requirements, "share_met": round(met / len(requirements), 3)}


def with_code_review(
    detail: dict[str, Any], question: Question, code: str, language: Language
) -> dict[str, Any]:
    """The score detail with the code's review added and blended into `score_0_10`."""
    review = review_code(question, code, language)
    if review is None:
        return detail
    spoken = float(detail.get("score_0_10", 0.0))
    blended = (1 - CODE_WEIGHT) * spoken + CODE_WEIGHT * 10 * review["share_met"]
    return {
        **detail,
        "score_0_10": round(blended, 1),
        "spoken_score_0_10": spoken,
        "code": review,
    }


def _line_with(lines: list[str], term: str) -> str:
    wanted = _SPACE.sub("", term)
    return next((line.strip() for line in lines if wanted in _SPACE.sub("", line)), "")
