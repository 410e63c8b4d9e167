import pytest

from interviewer.scoring.non_answer import is_gibberish, lexical_non_answer
from interviewer.scoring.text import tokens
from rubrics.schema import Question


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "empty"),
        ("   ...  ", "empty"),
        ("I don't know.", "dont_know"),
        ("Hmm, no idea, sorry, can we skip this one?", "dont_know"),
        ("我不知道。", "dont_know"),
        ("Sorry, I can't answer that one.", "dont_know"),
        ("(not answered)", "dont_know"),
        ("这个我答不上来。", "dont_know"),
        ("asdf qwer zxcv hjkl", "gibberish"),
        ("blah blah blah blah blah blah", "gibberish"),
        ("xkqzt prrtv mnbvv qwpl", "gibberish"),
        ("Explain the bias-variance trade-off.", "read_back"),
        ("So, the bias variance trade off, explain it.", "read_back"),
    ],
)
def test_lexical_non_answers(sample_questions: dict[str, Question], text: str, kind: str) -> None:
    assert lexical_non_answer(sample_questions["sample_bias_variance"], text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure, but I think variance is overfitting to noise and bias is underfitting.",
        "High bias underfits; high variance overfits, so regularise.",
        "偏差大欠拟合，方差大过拟合。",
        "I can't answer fully, but high variance means overfitting the training data.",
    ],
)
def test_hedged_or_real_answers_are_scored(
    sample_questions: dict[str, Question], text: str
) -> None:
    assert lexical_non_answer(sample_questions["sample_bias_variance"], text) is None


def test_technical_word_lists_are_not_gibberish() -> None:
    assert not is_gibberish(tokens("xgboost lstm rnn cnn softmax relu gelu"))
