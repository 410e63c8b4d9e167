"""A negation that is part of a key point's own content keeps its credit; a key point denied or
contradicted earns none. The polarity of the answer's sentence is compared with the point's own
phrasings (claims.py), not read off the mere presence of 不/没/无 or "not". Every answer here was
written for this test on real bank questions; none is taken from ../shared."""

from __future__ import annotations

import pytest

from interviewer.scoring import AnswerScore, AnswerScorer
from interviewer.scoring.claims import denies, phrasings, point_terms, states_positively
from interviewer.scoring.lexical import question_terms
from rubrics.schema import Question
from tests.scoring.conftest import typed

pytestmark = pytest.mark.models


def point_status(result: AnswerScore, point: str) -> str:
    return next(kp.status for kp in result.key_points if kp.id == point)


def denial(question: Question, point: str, sentence: str) -> bool:
    """The scorer's own reading: the point's terms less the prompt's, with its phrasings."""
    key_point = next(kp for kp in question.key_points if kp.id == point)
    terms = point_terms(key_point) - question_terms(question)
    return denies(sentence, terms, phrasings(key_point, terms))


@pytest.mark.parametrize(
    "sentence",
    [
        # "Too simple, so it cannot learn the pattern": the point's paraphrase says it with a
        # negation too ("连训练误差都降不下来").
        "模型太简单就学不到规律。",
        "模型太简单就学不到规律，训练误差也很高。",
    ],
)
def test_a_negation_that_belongs_to_the_point_is_not_a_denial(
    bank_by_id: dict[str, Question], sentence: str
) -> None:
    assert not denial(bank_by_id["fund_bias_variance"], "bias_underfit", sentence)


@pytest.mark.parametrize(
    ("question", "point", "sentence"),
    [
        ("fund_bias_variance", "bias_underfit", "高偏差并不是欠拟合。"),
        ("fund_bias_variance", "bias_underfit", "这不是欠拟合，是过拟合。"),
        # Reads like the negative paraphrase, but negates what that paraphrase affirms.
        ("fund_bias_variance", "bias_underfit", "这不是因为模型太简单。"),
        ("fund_bias_variance", "bias_underfit", "High bias is not underfitting."),
        ("dl_backprop", "forward_cache", "前向传播并不需要保存激活值。"),
        ("dl_backprop", "forward_cache", "前向的时候不用把中间结果存下来。"),
        ("beh_tight_deadline", "risk_management", "我们没有做离线评估，也没有灰度发布。"),
    ],
)
def test_a_denied_or_contradicted_point_is_still_denied(
    bank_by_id: dict[str, Question], question: str, point: str, sentence: str
) -> None:
    assert denial(bank_by_id[question], point, sentence)


def test_a_point_stated_with_its_own_negation_is_not_denied(
    bank_by_id: dict[str, Question],
) -> None:
    """'Neither evaluation nor the canary was skipped': the point's paraphrase, other order."""
    assert not denial(
        bank_by_id["beh_tight_deadline"], "risk_management", "评估和灰度我们一个都没省。"
    )


def test_a_correct_chinese_answer_negating_in_its_content_earns_credit(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    question = bank_by_id["fund_bias_variance"]
    text = "模型太简单就学不到规律。"
    result = scorer.score(question, typed(text, "zh"), "zh")
    assert result.non_answer is None
    assert point_status(result, "bias_underfit") == "covered", result.key_points
    assert result.score_0_10 >= 3


def test_a_chinese_denial_earns_no_credit(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    question = bank_by_id["fund_bias_variance"]
    result = scorer.score(question, typed("高偏差并不是欠拟合。", "zh"), "zh")
    assert point_status(result, "bias_underfit") == "missed", result.key_points
    backprop = scorer.score(
        bank_by_id["dl_backprop"], typed("前向传播并不需要保存激活值。", "zh"), "zh"
    )
    assert point_status(backprop, "forward_cache") == "missed"
    assert backprop.score_0_10 <= 3


@pytest.mark.parametrize(
    ("point", "sentence"),
    [
        ("regularisation", "Regularization never helps."),
        ("data_and_simpler_models", "More data does not really matter."),
        ("regularisation", "加正则化其实没什么用。"),
        ("data_and_simpler_models", "数据增强没必要。"),
    ],
)
def test_a_negated_verdict_after_the_point_denies_it(
    bank_by_id: dict[str, Question], point: str, sentence: str
) -> None:
    """'X never helps' denies X though the negation comes after it."""
    assert denial(bank_by_id["fund_overfitting"], point, sentence)


@pytest.mark.parametrize(
    ("point", "sentence"),
    [
        # Not a verdict of worth: "hurts" is not dismissed.
        ("data_and_simpler_models", "More data never hurts, and augmentation helps too."),
        # The verdict is about something else in its own clause.
        ("regularisation", "Dropout helps, and it does not matter much which rate you pick."),
        ("data_and_simpler_models", "加数据一般都有用，数据增强也很有效。"),
        # The negated verdict does not end its clause: it is about the labelling.
        ("data_and_simpler_models", "More augmented data does not need to be labelled again."),
        # "Unimportant" describing features is no verdict on the selection.
        ("data_and_simpler_models", "做特征选择去掉不重要的特征。"),
    ],
)
def test_an_affirmed_point_near_a_verdict_is_not_denied(
    bank_by_id: dict[str, Question], point: str, sentence: str
) -> None:
    assert not denial(bank_by_id["fund_overfitting"], point, sentence)


def test_early_stopping_is_a_name_not_a_negative_meaning(bank_by_id: dict[str, Question]) -> None:
    """A point listing early stopping is stated positively, so its denials are read."""
    assert states_positively(bank_by_id["fund_overfitting"].key_point("regularisation"))
    assert not states_positively(bank_by_id["dl_overfitting_deep_nets"].key_point("early_stopping"))


def test_an_answer_dismissing_every_remedy_earns_none_of_them(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    question = bank_by_id["fund_overfitting"]
    text = "Regularization never helps and more data does not matter."
    result = scorer.score(question, typed(text), "en")
    assert point_status(result, "regularisation") == "missed", result.key_points
    assert point_status(result, "data_and_simpler_models") == "missed", result.key_points
