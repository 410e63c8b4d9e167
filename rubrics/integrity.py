"""Referential integrity inside one question: the rules start-up enforces beyond the schema.

The interviewer looks key points up by id and picks follow-ups by the key points they probe, so a
duplicated id or a probe naming a missing key point would misroute a live interview. These are
therefore refused when the bank is loaded, whereas the authoring rules in `quality.py` are only
enforced by `python -m rubrics validate`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rubrics.errors import FieldProblem
from rubrics.schema import CodeRequirement, CommonMistake, FollowUp, KeyPoint, Question


def integrity_problems(question: Question) -> list[FieldProblem]:
    """Every duplicate id and dangling probe in `question`."""
    return [
        *_duplicate_ids("key_points", question.key_points),
        *_duplicate_ids("common_mistakes", question.common_mistakes),
        *_duplicate_ids("follow_ups", question.follow_ups),
        *_duplicate_ids("code_requirements", question.code_requirements),
        *_dangling_probes(question),
    ]


def _duplicate_ids(
    field: str, items: Sequence[KeyPoint | CommonMistake | FollowUp | CodeRequirement]
) -> list[FieldProblem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                FieldProblem(f"{field}[{index}].id", f"duplicate id {item.id!r} in {field}")
            )
        seen.add(item.id)
    return problems


def _dangling_probes(question: Question) -> list[FieldProblem]:
    known = {kp.id for kp in question.key_points}
    problems = []
    for fu_index, follow_up in enumerate(question.follow_ups):
        for probe_index, probe in enumerate(follow_up.probes):
            if probe not in known:
                problems.append(
                    FieldProblem(
                        f"follow_ups[{fu_index}].probes[{probe_index}]",
                        f"probes unknown key point {probe!r} (known: {', '.join(sorted(known))})",
                    )
                )
    return problems
