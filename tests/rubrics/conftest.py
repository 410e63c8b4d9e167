"""Fixtures for the rubrics tests: the small fixture bank, a question factory, a YAML writer.

The fixture bank under fixtures/bank is strictly valid and independent of the bundled content,
which other people are still writing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from rubrics.bank import QuestionBank
from rubrics.loader import load_bank
from rubrics.schema import Question

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"

RawQuestion = dict[str, Any]


@pytest.fixture(scope="session")
def fixture_bank() -> QuestionBank:
    return load_bank(FIXTURE_BANK, strict=True)


@pytest.fixture
def raw_question() -> RawQuestion:
    """A fresh, strictly valid theory question as a plain dict, ready to be broken by a test."""
    data = yaml.safe_load((FIXTURE_BANK / "theory.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data["questions"][0])


@pytest.fixture
def raw_design() -> RawQuestion:
    data = yaml.safe_load((FIXTURE_BANK / "design.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data["questions"][0])


@pytest.fixture
def raw_behavioral() -> RawQuestion:
    data = yaml.safe_load((FIXTURE_BANK / "behavioral.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data["questions"][0])


@pytest.fixture
def write_rubric(tmp_path: Path) -> Callable[[str, list[RawQuestion]], Path]:
    """Write questions to tmp_path/<name> as a rubric file and return its path."""

    def write(name: str, questions: list[RawQuestion]) -> Path:
        path = tmp_path / name
        text = yaml.safe_dump({"questions": questions}, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_question(raw_question: RawQuestion) -> Callable[..., Question]:
    """Variants of the valid theory question: `make_question(id=..., domain=..., levels=[...])`."""

    def make(**overrides: Any) -> Question:
        return Question.model_validate({**copy.deepcopy(raw_question), **overrides})

    return make
