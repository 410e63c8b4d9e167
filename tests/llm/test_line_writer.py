"""The line writer with a scripted model: authored fallback, every check, provenance."""

from __future__ import annotations

import itertools

import pytest

from interviewer.chat_model import LLMError
from interviewer.line_writer import AUTHORED, LineContext, LineWriter
from interviewer.prompts import OPENINGS, TRANSITIONS
from tests.fakes import FakeChatModel
from tests.llm.questions import bias_variance_question

QUESTION = bias_variance_question()
AUTHORED_EN = QUESTION.prompt.en
AUTHORED_ZH = QUESTION.prompt.zh
EN = LineContext("en", QUESTION)
ZH = LineContext("zh", QUESTION)


def test_without_a_model_the_authored_line_is_spoken() -> None:
    line = LineWriter(None).phrase("question", AUTHORED_EN, EN)
    assert "".join(line) == AUTHORED_EN
    assert line.written is not None and line.written.source == AUTHORED


def test_a_model_that_is_not_capable_is_never_asked() -> None:
    model = FakeChatModel(["Could you walk me through the bias-variance tradeoff?"], capable=False)
    line = LineWriter(model).phrase("question", AUTHORED_EN, EN)
    assert "".join(line) == AUTHORED_EN
    assert model.calls == []


def test_the_authored_transition_comes_first_and_is_recorded() -> None:
    context = LineContext("en", QUESTION, transition_index=2)
    line = LineWriter(None).phrase("question", AUTHORED_EN, context)
    pieces = list(line)
    assert pieces[0].strip() in TRANSITIONS["en"]
    assert line.written is not None
    assert line.written.text == "".join(pieces)
    assert line.written.text.endswith(AUTHORED_EN)


def test_a_transition_is_yielded_before_the_model_is_asked() -> None:
    model = FakeChatModel(["Could you walk me through the bias-variance tradeoff?"])
    line = LineWriter(model).phrase("question", AUTHORED_EN, LineContext("en", QUESTION, 0, ()))
    assert next(line).strip() == OPENINGS["en"]
    assert model.calls == []
    assert next(line).endswith("?")


def test_transitions_vary_and_exist_in_both_languages() -> None:
    writer = LineWriter(None)
    for language in ("en", "zh"):
        lines = [writer.transition(language, index) for index in range(1, 7)]
        assert all(a != b for a, b in itertools.pairwise(lines))
        assert writer.transition(language, 0) == OPENINGS[language]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in writer.transition("zh", 3))


def test_a_good_generated_line_is_used_and_attributed_to_the_model() -> None:
    reply = '"Interviewer: Could you walk me through the bias-variance tradeoff?"'
    line = LineWriter(FakeChatModel([reply], name="tiny")).phrase("question", AUTHORED_EN, EN)
    assert "".join(line) == "Could you walk me through the bias-variance tradeoff?"
    assert line.written is not None
    assert line.written.source == "generated:tiny"
    assert line.written.rejected is None


def test_a_good_chinese_line_is_used() -> None:
    model = FakeChatModel(["你能解释一下偏差-方差权衡吗？"])
    line = LineWriter(model).phrase("question", AUTHORED_ZH, ZH)
    assert "".join(line) == "你能解释一下偏差-方差权衡吗？"


LONG = "Could you " + "really " * 50 + "explain the bias-variance tradeoff?"
REJECTED = [
    ("en", "Explain the bias-variance tradeoff to me.", "not_a_question"),
    ("en", "Tradeoff?", "too_short"),
    ("en", LONG, "too_long"),
    ("en", "请你解释一下 bias-variance tradeoff 吧？", "wrong_language"),
    ("zh", "Could you explain the bias-variance tradeoff?", "wrong_language"),
    ("en", "What is your favourite programming language?", "off_topic"),
    ("en", "Explain the bias-variance tradeoff; why does overfitting happen?", "leaks_key_point"),
    ("en", "How do dropout and L2 shape the bias-variance tradeoff?", "leaks_key_point"),
    ("zh", "请解释偏差-方差权衡，以及为什么会过拟合？", "leaks_key_point"),
]


@pytest.mark.parametrize(("language", "reply", "reason"), REJECTED)
def test_a_failing_generated_line_falls_back_to_the_authored_one(
    language: str, reply: str, reason: str
) -> None:
    context = EN if language == "en" else ZH
    authored = AUTHORED_EN if language == "en" else AUTHORED_ZH
    line = LineWriter(FakeChatModel([reply])).phrase("question", authored, context)
    assert "".join(line) == authored
    assert line.written is not None
    assert (line.written.source, line.written.rejected) == (AUTHORED, reason)


def test_a_repeat_of_an_earlier_line_is_rejected() -> None:
    earlier = ("Can you explain the bias-variance tradeoff?",)
    context = LineContext("en", QUESTION, previous_lines=earlier)
    model = FakeChatModel(["Could you explain the bias-variance tradeoff for me?"])
    line = LineWriter(model).phrase("question", AUTHORED_EN, context)
    assert "".join(line) == AUTHORED_EN
    assert line.written is not None and line.written.rejected == "repeats_earlier_line"


def test_a_failing_model_never_stops_the_interview() -> None:
    model = FakeChatModel(fail_with=LLMError("server down"))
    line = LineWriter(model).phrase("follow_up", "How would you reduce variance in practice?", EN)
    assert "".join(line) == "How would you reduce variance in practice?"
    assert line.written is not None and (line.written.rejected or "").startswith("llm_failed")


def test_a_question_line_without_its_rubric_is_not_generated() -> None:
    model = FakeChatModel(["Could you walk me through the bias-variance tradeoff?"])
    line = LineWriter(model).phrase("question", AUTHORED_EN, LineContext("en"))
    assert "".join(line) == AUTHORED_EN
    assert line.written is not None and line.written.rejected == "no_rubric_context"


def test_a_closing_line_need_not_be_a_question() -> None:
    closing = "That's the end of our interview. Thank you for your time."
    model = FakeChatModel(["That is the end of our interview; thank you so much for your time."])
    line = LineWriter(model).phrase("closing", closing, LineContext("en"))
    assert "".join(line) != closing
    assert line.written is not None and line.written.source == "generated:fake"


ANSWER = "Bias is error from wrong assumptions; variance is sensitivity to the training data."
REGULARIZE = QUESTION.key_point("regularize")


def test_drafting_needs_a_capable_model() -> None:
    model = FakeChatModel(["unused"], capable=False)
    writer = LineWriter(model)
    assert not writer.can_draft
    assert writer.draft_follow_up(QUESTION, REGULARIZE, ANSWER, "en") is None
    assert model.calls == []
    assert not LineWriter(None).can_draft


def test_a_good_draft_is_returned_and_its_prompt_carries_the_goal() -> None:
    draft = "What could you change in training to make the model less sensitive to its data?"
    model = FakeChatModel([draft])
    writer = LineWriter(model)
    assert writer.can_draft
    assert writer.draft_follow_up(QUESTION, REGULARIZE, ANSWER, "en") == draft
    prompt = " ".join(message.content for message in model.calls[0])
    assert QUESTION.prompt.en in prompt and ANSWER in prompt and REGULARIZE.text.en in prompt


@pytest.mark.parametrize(
    "draft",
    [
        "Have you considered dropout or weight decay?",
        "Why is that?",
        "What is your favourite programming language?",
        "Could you add more detail please.",
    ],
)
def test_a_bad_draft_is_dropped(draft: str) -> None:
    writer = LineWriter(FakeChatModel([draft]))
    assert writer.draft_follow_up(QUESTION, REGULARIZE, ANSWER, "en") is None


def test_a_chinese_draft_is_asked_for_in_chinese() -> None:
    model = FakeChatModel(["如果模型对训练数据太敏感，你会在训练中调整什么？"])
    answer = "偏差是错误假设带来的误差，方差是模型对训练数据的敏感程度。"
    drafted = LineWriter(model).draft_follow_up(QUESTION, REGULARIZE, answer, "zh")
    assert drafted == "如果模型对训练数据太敏感，你会在训练中调整什么？"
    assert "候选人的回答" in model.calls[0][-1].content


def test_closing_a_line_after_its_transition_never_asks_the_model() -> None:
    model = FakeChatModel(["Could you walk me through the bias-variance tradeoff?"])
    line = LineWriter(model).phrase("question", AUTHORED_EN, LineContext("en", QUESTION, 1))
    next(line)
    line.close()
    assert model.calls == []
    assert line.written is None
    assert list(line) == []
