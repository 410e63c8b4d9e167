"""Start-up loading: every problem is collected and names its file, question id and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from rubrics import RubricBankError, default_data_dir, load_bank, read_bank
from rubrics.errors import NO_QUESTION, RubricFileError
from rubrics.loader import field_path


def _only(problems: tuple[RubricFileError, ...]) -> RubricFileError:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_fixture_bank_loads_every_question(fixture_bank):
    assert {"fx_bias_variance", "fx_dropout", "fx_feed_ranking", "fx_conflict"} <= {
        q.id for q in fixture_bank
    }


def test_broken_yaml_names_file_and_line(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("questions:\n  - id: a\n    prompt: {en: 'x'\n  - id: b\n", encoding="utf-8")
    problem = _only(read_bank(path).problems)
    assert problem.path == path
    assert problem.question_id == NO_QUESTION
    assert problem.field.startswith("line ")
    assert "YAML syntax error" in problem.message


def test_wrong_type_names_question_and_field(raw_question, write_rubric):
    raw_question["frequency"] = "often"
    path = write_rubric("types.yaml", [raw_question])
    problem = _only(read_bank(path).problems)
    assert (problem.path, problem.question_id, problem.field) == (
        path,
        "fx_bias_variance",
        "frequency",
    )


def test_missing_field_is_named(raw_question, write_rubric):
    del raw_question["prompt"]
    problem = _only(read_bank(write_rubric("missing.yaml", [raw_question])).problems)
    assert (problem.question_id, problem.field) == ("fx_bias_variance", "prompt")
    assert "required" in problem.message.lower()


def test_nested_field_path_points_at_the_key_point(raw_question, write_rubric):
    raw_question["key_points"][2]["weight"] = 1.5
    problem = _only(read_bank(write_rubric("weight.yaml", [raw_question])).problems)
    assert problem.field == "key_points[2].weight"


def test_bad_probe_id_is_refused_at_start_up(raw_question, write_rubric):
    raw_question["follow_ups"][1]["probes"] = ["variance_overfit", "no_such_point"]
    path = write_rubric("probe.yaml", [raw_question])
    with pytest.raises(RubricBankError) as refused:
        load_bank(path)
    problem = _only(tuple(refused.value.problems))
    assert (problem.question_id, problem.field) == ("fx_bias_variance", "follow_ups[1].probes[1]")
    assert "no_such_point" in problem.message


def test_duplicate_key_point_id_is_refused(raw_question, write_rubric):
    raw_question["key_points"][1]["id"] = "bias_underfit"
    problems = read_bank(write_rubric("dup_kp.yaml", [raw_question])).problems
    assert "key_points[1].id" in {problem.field for problem in problems}


def test_duplicate_question_id_across_files(raw_question, write_rubric, tmp_path):
    first = write_rubric("a.yaml", [raw_question])
    second = write_rubric("b.yaml", [raw_question])
    result = read_bank(tmp_path)
    problem = _only(result.problems)
    assert (problem.path, problem.question_id, problem.field) == (second, "fx_bias_variance", "id")
    assert str(first) in problem.message
    assert len(result.bank) == 1


def test_every_problem_is_collected_and_valid_questions_survive(
    raw_question, raw_design, write_rubric, tmp_path
):
    nameless = {k: v for k, v in raw_question.items() if k != "id"}
    bad_level = {**raw_design, "levels": ["L9"]}
    write_rubric("many.yaml", [nameless, bad_level])
    write_rubric("good.yaml", [raw_question])
    result = read_bank(tmp_path)
    located = {(p.question_id, p.field) for p in result.problems}
    assert located == {("questions[0]", "id"), ("fx_feed_ranking", "levels[0]")}
    assert [q.id for q in result.bank] == ["fx_bias_variance"]
    with pytest.raises(RubricBankError) as refused:
        load_bank(tmp_path)
    assert len(refused.value.problems) == 2
    assert "many.yaml" in str(refused.value)


def test_file_without_questions_list(tmp_path: Path):
    path = tmp_path / "empty.yaml"
    path.write_text("title: nothing here\n", encoding="utf-8")
    problem = _only(read_bank(path).problems)
    assert (problem.path, problem.field) == (path, "questions")


def test_missing_path_is_a_problem(tmp_path: Path):
    problem = _only(read_bank(tmp_path / "nope").problems)
    assert problem.field == "path"


def test_error_text_is_file_id_field_message(raw_question, write_rubric):
    raw_question["importance"] = 9
    path = write_rubric("importance.yaml", [raw_question])
    text = str(_only(read_bank(path).problems))
    assert text.startswith(f"{path}: fx_bias_variance: importance: ")


def test_field_path_formats_pydantic_locations():
    assert field_path(("key_points", 2, "weight")) == "key_points[2].weight"
    assert field_path(("follow_ups", 0, "probes", 1)) == "follow_ups[0].probes[1]"
    assert field_path(()) == "(question)"


def test_default_data_dir_is_the_package_data():
    assert default_data_dir().name == "data"
    assert (default_data_dir() / "behavioral.yaml").is_file()


def test_start_up_is_lenient_but_strict_mode_applies_authoring_rules(raw_question, write_rubric):
    raw_question["follow_ups"] = raw_question["follow_ups"][:1]
    path = write_rubric("lenient.yaml", [raw_question])
    assert len(load_bank(path)) == 1
    with pytest.raises(RubricBankError):
        load_bank(path, strict=True)


def test_strict_validation_refuses_yaml_only_libyaml_accepts(tmp_path: Path):
    path = tmp_path / "flow.yaml"
    path.write_text("questions:\n  - {id: a, note: is this ok?, x: 1}\n", encoding="utf-8")
    problem = _only(read_bank(path, strict=True).problems)
    assert problem.field.startswith("line ")
