"""The optional code requirements of coding questions: loaded, checked at start-up for duplicate
ids, and held to the authoring rules by strict validation. Questions without them still load."""

from __future__ import annotations

from typing import Any

import pytest

from rubrics import read_bank
from rubrics.quality import quality_problems
from rubrics.schema import Question

Raw = dict[str, Any]


def _requirement(requirement_id: str, en: str, zh: str, terms: list[str]) -> Raw:
    return {"id": requirement_id, "text": {"en": en, "zh": zh}, "terms": terms}


@pytest.fixture
def raw_coding(raw_question: Raw) -> Raw:
    """The valid theory fixture turned into a coding question with two code requirements."""
    return {
        **raw_question,
        "id": "fx_top_k",
        "round": "ml_coding",
        "domain": "coding",
        "code_requirements": [
            _requirement(
                "empty_input",
                "Returns an empty list for empty input.",
                "输入为空时返回空列表。",
                ["return []", "if not"],
            ),
            _requirement(
                "heap", "Keeps a heap of size k.", "维护大小为 k 的堆。", ["heapq", "heappush"]
            ),
        ],
    }


def _fields(raw: Raw) -> list[str]:
    return [problem.field for problem in quality_problems(Question.model_validate(raw))]


def test_a_coding_question_with_requirements_meets_every_rule(raw_coding):
    question = Question.model_validate(raw_coding)
    assert [r.id for r in question.code_requirements] == ["empty_input", "heap"]
    assert question.code_requirements[1].terms == ["heapq", "heappush"]
    assert question.code_requirements[0].text.in_language("zh") == "输入为空时返回空列表。"
    assert quality_problems(question) == []


def test_requirements_are_optional(raw_question):
    assert "code_requirements" not in raw_question
    assert Question.model_validate(raw_question).code_requirements == []


def test_requirements_load_from_yaml(raw_coding, write_rubric):
    result = read_bank(write_rubric("coding.yaml", [raw_coding]), strict=True)
    assert [str(p) for p in result.problems] == []
    assert result.bank.get("fx_top_k").code_requirements[0].terms == ["return []", "if not"]


def test_duplicate_requirement_ids_are_refused_at_start_up(raw_coding, write_rubric):
    raw_coding["code_requirements"][1]["id"] = "empty_input"
    problems = read_bank(write_rubric("dup.yaml", [raw_coding])).problems
    assert [(p.question_id, p.field) for p in problems] == [("fx_top_k", "code_requirements[1].id")]


def test_unknown_requirement_field_is_a_schema_error(raw_coding, write_rubric):
    raw_coding["code_requirements"][0]["weight"] = 0.5
    problems = read_bank(write_rubric("extra.yaml", [raw_coding])).problems
    assert [p.field for p in problems] == ["code_requirements[0].weight"]


def test_a_requirement_needs_a_term(raw_coding):
    raw_coding["code_requirements"][0]["terms"] = []
    assert _fields(raw_coding) == ["code_requirements[0].terms"]


def test_a_single_requirement_is_too_few(raw_coding):
    raw_coding["code_requirements"] = raw_coding["code_requirements"][:1]
    assert _fields(raw_coding) == ["code_requirements"]


def test_only_coding_questions_have_requirements(raw_coding):
    raw_coding["domain"] = "fundamentals"
    assert _fields(raw_coding) == ["code_requirements"]


def test_requirement_text_is_bilingual_and_ids_snake_case(raw_coding):
    raw_coding["code_requirements"][0]["text"]["zh"] = "return an empty list"
    raw_coding["code_requirements"][1]["id"] = "Heap"
    with pytest.raises(ValueError, match=r"code_requirements\.1\.id"):
        Question.model_validate(raw_coding)
    raw_coding["code_requirements"][1]["id"] = "heap__k"
    assert _fields(raw_coding) == ["code_requirements[1].id", "code_requirements[0].text.zh"]
