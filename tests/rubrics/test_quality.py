"""The authoring rules: the fixture questions pass, and each rule catches one broken example."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rubrics.quality import quality_problems
from rubrics.schema import Question

Raw = dict[str, Any]


def _fields(raw: Raw) -> set[str]:
    return {problem.field for problem in quality_problems(Question.model_validate(raw))}


def test_fixture_questions_meet_every_rule(fixture_bank):
    for question in fixture_bank:
        assert quality_problems(question) == [], question.id


def _set(path: str, value: Any) -> Callable[[Raw], None]:
    """A mutation that sets raw[path] where path is like 'key_points.0.weight'."""

    def mutate(raw: Raw) -> None:
        *parents, last = path.split(".")
        target: Any = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _reweight(raw: Raw) -> None:
    raw["key_points"][0]["weight"] = 0.6


def _two_key_points(raw: Raw) -> None:
    raw["key_points"] = raw["key_points"][:2]
    raw["key_points"][0]["weight"] = 0.6
    raw["follow_ups"][1]["probes"] = ["variance_overfit"]


def _english_only_paraphrases(raw: Raw) -> None:
    raw["key_points"][1]["paraphrases"] = ["memorises the training set"]


def _all_follow_ups_probe(raw: Raw) -> None:
    raw["follow_ups"][2]["probes"] = ["bias_underfit"]


def _heavy_point_unprobed(raw: Raw) -> None:
    raw["follow_ups"][0]["probes"] = []


THEORY_CASES = [
    ("question id snake_case", _set("id", "fx__bias"), "id"),
    ("key point id snake_case", _set("key_points.0.id", "1bias"), "key_points[0].id"),
    ("3-7 key points", _two_key_points, "key_points"),
    ("weights sum to 1", _reweight, "key_points"),
    ("a paraphrase", _set("key_points.0.paraphrases", []), "key_points[0].paraphrases"),
    ("a Chinese paraphrase", _english_only_paraphrases, "key_points[1].paraphrases"),
    ("a term", _set("key_points.2.terms", []), "key_points[2].terms"),
    ("two mistakes", lambda raw: raw["common_mistakes"].pop(), "common_mistakes"),
    ("a cue per mistake", _set("common_mistakes.1.cues", []), "common_mistakes[1].cues"),
    ("two follow-ups", _set("follow_ups", []), "follow_ups"),
    ("a deepening follow-up", _all_follow_ups_probe, "follow_ups"),
    ("heavy key points probed", _heavy_point_unprobed, "key_points[0]"),
    ("zh has Chinese", _set("prompt.zh", "shen me shi bias?"), "prompt.zh"),
    ("en has no CJK", _set("follow_ups.0.text.en", "What is 欠拟合?"), "follow_ups[0].text.en"),
    ("en has no full-width punctuation", _set("prompt.en", "What is bias？"), "prompt.en"),
    ("en prompt is a question", _set("prompt.en", "Bias and variance."), "prompt.en"),
    ("zh prompt is a question", _set("prompt.zh", "偏差和方差。"), "prompt.zh"),
    ("solution outline >= 3", _set("solution_outline", ["a", "b"]), "solution_outline"),
]


@pytest.mark.parametrize(
    ("rule", "mutate", "field"), THEORY_CASES, ids=[c[0] for c in THEORY_CASES]
)
def test_each_rule_catches_its_violation(raw_question, rule, mutate, field):
    mutate(raw_question)
    assert field in _fields(raw_question), rule


def test_requests_without_question_mark_are_accepted(raw_question):
    raw_question["prompt"] = {
        "en": "Suppose your model overfits. Walk me through how you would fix it.",
        "zh": "假设模型过拟合了。请讲讲你会怎么解决。",
    }
    assert "prompt.en" not in _fields(raw_question)
    assert "prompt.zh" not in _fields(raw_question)


def test_design_questions_cover_every_stage(raw_design):
    raw_design["key_points"][5]["id"] = "observability"
    raw_design["follow_ups"][1]["probes"] = ["features_model"]
    problems = quality_problems(Question.model_validate(raw_design))
    assert [p.field for p in problems] == ["key_points"]
    assert "evaluation/monitoring" in problems[0].message


def test_design_stages_accept_merged_ids(raw_design):
    ids = ["clarify_scope", "metrics", "data_labels", "features_model", "serving", "eval_monitor"]
    for key_point, new_id in zip(raw_design["key_points"], ids, strict=True):
        key_point["id"] = new_id
    raw_design["follow_ups"][0]["probes"] = ["data_labels"]
    assert quality_problems(Question.model_validate(raw_design)) == []


def test_stage_rules_apply_only_to_their_round(raw_question):
    assert "key_points" not in _fields(raw_question)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (_set("competency", None), "competency"),
        (lambda raw: raw["level_expectations"].pop("L6"), "level_expectations.L6"),
        (_set("key_points.2.id", "outcome"), "key_points"),
    ],
    ids=["competency", "L6 expectation", "STAR result"],
)
def test_behavioral_rules(raw_behavioral, mutate, field):
    mutate(raw_behavioral)
    assert field in _fields(raw_behavioral)


def test_a_senior_only_behavioral_question_needs_no_l4_expectation(raw_behavioral):
    raw_behavioral["levels"] = ["L5", "L6", "L7"]
    raw_behavioral["level_expectations"].pop("L4", None)
    assert not any(f.startswith("level_expectations") for f in _fields(raw_behavioral))
    raw_behavioral["level_expectations"].pop("L6")
    assert "level_expectations.L6" in _fields(raw_behavioral)


def test_a_mistake_cue_must_fit_in_one_sentence(raw_question):
    raw_question["common_mistakes"][0]["cues"] = ["it memorises the data. so it always overfits"]
    assert "common_mistakes[0].cues" in _fields(raw_question)
    raw_question["common_mistakes"][0]["cues"] = ["模型记住了数据。所以一定过拟合"]
    assert "common_mistakes[0].cues" in _fields(raw_question)


def test_the_report_texts_have_chinese_too(raw_question):
    raw_question["solution_outline_zh"] = raw_question["solution_outline_zh"][:-1]
    raw_question["common_mistakes"][0]["correction_zh"] = ""
    fields = _fields(raw_question)
    assert "solution_outline_zh" in fields
    assert "common_mistakes[0].correction_zh" in fields


@pytest.mark.parametrize(
    ("core", "message"),
    [
        ([False, False, False], "marks no core point (core: true)"),
        ([True, True, False], "core points weigh 0.80, at most 0.6"),
        ([True, False, False], None),
    ],
    ids=["none", "too heavy", "one"],
)
def test_core_points_are_marked_and_leave_room_for_depth(raw_question, core, message):
    for key_point, is_core in zip(raw_question["key_points"], core, strict=True):
        key_point["core"] = is_core
    messages = [p.message for p in quality_problems(Question.model_validate(raw_question))]
    assert messages == ([message] if message else [])
