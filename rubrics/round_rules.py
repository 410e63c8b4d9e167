"""Authoring rules that depend on the round: design stages and the behavioral STAR skeleton.

Both are checked on key point *ids*, because that is what the scorer reports per stage. Ids may
merge stages (`data_labels`, `evaluation_monitoring`), so a stage counts as covered when any
`_`-separated token of any key point id starts with one of the stage's prefixes. Matching token
starts rather than raw substrings keeps `observability` from counting as serving.
"""

from __future__ import annotations

from collections.abc import Iterator

from rubrics.errors import FieldProblem
from rubrics.schema import Level, Question

DESIGN_STAGES: dict[str, tuple[str, ...]] = {
    "clarify": ("clarif", "requirement", "scope"),
    "metrics": ("metric",),
    "data": ("data", "label"),
    "features/model": ("feature", "model"),
    "serving": ("serv", "deploy", "infer"),
    "evaluation/monitoring": ("eval", "monitor"),
}
STAR_PARTS: dict[str, tuple[str, ...]] = {
    "situation/task": ("situation", "task"),
    "action": ("action",),
    "result": ("result",),
}
# Behavioral answers are judged differently by seniority; these two anchor the scale.
REQUIRED_LEVEL_EXPECTATIONS: tuple[Level, ...] = ("L4", "L6")


def design_stages(question: Question) -> Iterator[FieldProblem]:
    """ml_system_design key points cover clarify, metrics, data, features/model, serving, eval."""
    if question.round != "ml_system_design":
        return
    for stage in _missing(question, DESIGN_STAGES):
        yield FieldProblem(
            "key_points",
            f"no key point id covers design stage {stage!r} "
            f"(id tokens starting with {', '.join(DESIGN_STAGES[stage])})",
        )


def _expected_levels(question: Question) -> list[Level]:
    """L4 and L6 where the question is asked at them; a question asked only at other levels
    (L7 alone, say) describes those instead. An L5+ question is not asked for an L4 answer."""
    asked = [level for level in REQUIRED_LEVEL_EXPECTATIONS if level in question.levels]
    return asked or list(question.levels)


def behavioral_star(question: Question) -> Iterator[FieldProblem]:
    """Behavioral questions have a competency, L4 and L6 expectations and STAR key points."""
    if question.round != "behavioral" and question.domain != "behavioral":
        return
    if not (question.competency or "").strip():
        yield FieldProblem("competency", "behavioral questions need a competency")
    for level in _expected_levels(question):
        if not question.level_expectations.get(level, "").strip():
            yield FieldProblem(
                f"level_expectations.{level}",
                "missing; L4 and L6 are required where the question is asked at them",
            )
    for part in _missing(question, STAR_PARTS):
        yield FieldProblem(
            "key_points",
            f"no key point id covers STAR part {part!r} "
            f"(id tokens starting with {', '.join(STAR_PARTS[part])})",
        )


def _missing(question: Question, stages: dict[str, tuple[str, ...]]) -> list[str]:
    tokens = [token for kp in question.key_points for token in kp.id.split("_")]
    return [
        stage
        for stage, prefixes in stages.items()
        if not any(token.startswith(prefixes) for token in tokens)
    ]
