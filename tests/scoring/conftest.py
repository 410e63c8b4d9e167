"""Scoring fixtures: the real embedder and a scorer on it (once per session), the question bank,
sample questions, and `score` for a typed answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interviewer.e5_embedder import E5Embedder
from interviewer.scoring import AnswerScore, AnswerScorer
from rubrics.schema import Question, QuestionFile
from speech.types import Transcript

HERE = Path(__file__).parent
BANK_DIR = HERE.parents[1] / "rubrics" / "data"


def typed(text: str, language: str = "en") -> Transcript:
    """A typed answer: text only, no word timings."""
    return Transcript(text=text, words=(), language=language, duration_s=0.0)


def score(scorer: AnswerScorer, question: Question, text: str, language: str) -> AnswerScore:
    """The score of `text` typed as the answer to `question`."""
    return scorer.score(question, typed(text, language), language)


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    return E5Embedder(num_threads=1)


@pytest.fixture(scope="session")
def scorer(e5: E5Embedder) -> AnswerScorer:
    """The rules-and-embeddings scorer, no judge and no bank background."""
    return AnswerScorer(e5)


@pytest.fixture(scope="session")
def sample_questions() -> dict[str, Question]:
    """Two hand-written rubrics (one technical, one behavioral) that never change under us."""
    data = yaml.safe_load((HERE / "sample_questions.yaml").read_text(encoding="utf-8"))
    return {q.id: q for q in QuestionFile.model_validate(data).questions}


@pytest.fixture(scope="session")
def bank_questions() -> list[Question]:
    """Every bank question that loads today (the bank grows while scoring is developed)."""
    questions: list[Question] = []
    for path in sorted(BANK_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += QuestionFile.model_validate(data).questions
    return questions


@pytest.fixture(scope="session")
def bank_by_id(bank_questions: list[Question]) -> dict[str, Question]:
    return {q.id: q for q in bank_questions}
