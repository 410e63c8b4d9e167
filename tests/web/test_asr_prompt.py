"""The ASR prompt policy: question and Latin-script terms in English, nothing in Chinese."""

from __future__ import annotations

import pytest

from rubrics.loader import load_bank
from rubrics.schema import Question
from web.asr_prompt import asr_prompt


@pytest.fixture(scope="module")
def question_with_chinese_terms() -> Question:
    for question in sorted(load_bank(), key=lambda q: q.id):
        terms = question.priming_terms()
        if any(t.isascii() for t in terms) and any(not t.isascii() for t in terms):
            return question
    raise AssertionError("the bank has no question with both English and Chinese terms")


def test_english_prompt_is_the_question_then_its_latin_script_terms(
    question_with_chinese_terms: Question,
) -> None:
    question = question_with_chinese_terms
    prompt = asr_prompt(question, "en")
    assert prompt is not None
    assert prompt.startswith(question.prompt.en + " ")
    english_terms = [t for t in question.priming_terms() if t.isascii()]
    assert prompt.removeprefix(question.prompt.en + " ") == ", ".join(english_terms)


def test_english_prompt_holds_no_chinese(question_with_chinese_terms: Question) -> None:
    prompt = asr_prompt(question_with_chinese_terms, "en")
    assert prompt is not None
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in prompt)


def test_chinese_answers_are_not_primed(question_with_chinese_terms: Question) -> None:
    # Priming with the question made whisper base worse on real Mandarin and let it copy the
    # question into the transcript (figures in web/asr_prompt.py).
    assert asr_prompt(question_with_chinese_terms, "zh") is None
