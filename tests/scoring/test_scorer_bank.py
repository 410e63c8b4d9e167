"""Simulated candidates on real bank questions, scored with the real bundled embedder."""

from __future__ import annotations

import pytest

from interviewer.e5_embedder import E5Embedder
from interviewer.scoring import AnswerScorer
from rubrics.schema import Question
from tests.scoring.conftest import score

pytestmark = pytest.mark.models

# The smallest gap that reads as "clearly above" on a 0-10 scale.
CLEAR_MARGIN = 1.0
N_QUESTIONS = 24


def spread_pick(questions: list[Question], n: int) -> list[Question]:
    """Technical questions with common mistakes, taken round-robin over domains, so the set
    covers the whole bank rather than its first file."""
    by_domain: dict[str, list[Question]] = {}
    for q in sorted(questions, key=lambda q: q.id):
        if q.common_mistakes and q.round != "behavioral":
            by_domain.setdefault(q.domain, []).append(q)
    picked: list[Question] = []
    while len(picked) < n and any(by_domain.values()):
        for domain in sorted(by_domain):
            if by_domain[domain] and len(picked) < n:
                picked.append(by_domain[domain].pop(0))
    return picked


def answers(question: Question, language: str) -> tuple[str, str, str]:
    """Complete (every key point), partial (every other key point), wrong (the mistakes)."""
    points = [kp.text.in_language(language) for kp in question.key_points]  # type: ignore[arg-type]
    wrong = [m.text.in_language(language) for m in question.common_mistakes]  # type: ignore[arg-type]
    return " ".join(points), " ".join(points[::2]), " ".join(wrong)


@pytest.fixture(scope="module")
def picked(bank_questions: list[Question]) -> list[Question]:
    chosen = spread_pick(bank_questions, N_QUESTIONS)
    if len(chosen) < 20:
        pytest.skip(f"the bank has only {len(chosen)} technical questions with mistakes so far")
    return chosen


@pytest.mark.parametrize("language", ["en", "zh"])
def test_complete_beats_partial_beats_wrong(
    scorer: AnswerScorer, picked: list[Question], language: str
) -> None:
    failures = []
    for question in picked:
        complete, partial, wrong = (
            score(scorer, question, text, language) for text in answers(question, language)
        )
        ranked = complete.score_0_10 - partial.score_0_10 >= CLEAR_MARGIN
        ranked = ranked and partial.score_0_10 > wrong.score_0_10
        caught = bool(wrong.mistakes)
        if not (ranked and caught):
            failures.append(
                f"{question.id}: {complete.score_0_10}/{partial.score_0_10}/{wrong.score_0_10}"
                f" mistakes caught={caught}"
            )
    assert not failures, failures


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_core_points_alone_read_as_a_good_answer_and_depth_still_counts(
    scorer: AnswerScorer, picked: list[Question], language: str
) -> None:
    """Only the points the rubric marks core, in its own words: at least 7 on every question
    (a concise correct answer), and a clear point below every key point stated."""
    failures = []
    for question in picked:
        core = " ".join(
            kp.text.in_language(language)  # type: ignore[arg-type]
            for kp in question.key_points
            if kp.core
        )
        complete = score(scorer, question, answers(question, language)[0], language)
        concise = score(scorer, question, core, language)
        if not 7 <= concise.score_0_10 <= complete.score_0_10 - CLEAR_MARGIN:
            failures.append(f"{question.id}: {concise.score_0_10}/{complete.score_0_10}")
    assert not failures, failures


NON_ANSWERS = {
    "en": {
        "empty": "",
        "dont_know": "Sorry, I don't know.",
        "gibberish": "asdf qwer zxcv hjkl uiop",
        "off_topic": "My favourite pizza has mushrooms, olives and fresh basil on top.",
    },
    "zh": {
        "empty": "。。。",
        "dont_know": "这个我不知道。",
        "off_topic": "我周末喜欢去爬山，然后吃火锅。",
    },
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_non_answer_kind_scores_zero(
    scorer: AnswerScorer, picked: list[Question], language: str
) -> None:
    for question in picked[:8]:
        kinds = dict(NON_ANSWERS[language])
        kinds["read_back"] = question.prompt.in_language(language)  # type: ignore[arg-type]
        for kind, text in kinds.items():
            result = score(scorer, question, text, language)
            assert (result.non_answer, result.score_0_10) == (kind, 0.0), (question.id, kind)
            assert result.feedback and result.model_outline


def test_same_input_same_score_and_fresh_embedder_agrees(
    scorer: AnswerScorer, picked: list[Question]
) -> None:
    question = picked[0]
    _, partial, _ = answers(question, "en")
    first = score(scorer, question, partial, "en")
    again = score(scorer, question, partial, "en")
    fresh = score(AnswerScorer(E5Embedder(num_threads=1)), question, partial, "en")
    assert first == again == fresh


def test_fine_is_not_seven(scorer: AnswerScorer, picked: list[Question]) -> None:
    """A vague, on-topic answer that names the subject but states no key point scores low."""
    question = picked[0]
    vague = f"{question.prompt.en} It is an important topic and it depends on the situation."
    result = score(scorer, question, vague, "en")
    assert result.score_0_10 < 5
