"""The lexical "not finished yet" signal on recognizer-style text."""

from __future__ import annotations

import pytest

from speech.turn_words import sounds_unfinished


@pytest.mark.parametrize(
    "text",
    [
        "Overfitting is when the model learns the noise and",
        "the learning rate is too large, so",
        "I would add regularisation, um",
        "The other part is",
        "the other part is.",  # whisper adds a full stop to whatever it hears
        "it stops generalising because",
        "we compare it with the",
        "所以",
        "过拟合就是模型把噪声也学进去了，然后",
        "嗯，我的任务就是",
    ],
)
def test_stopping_on_a_word_that_needs_more_is_unfinished(text: str) -> None:
    assert sounds_unfinished(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Then it stops generalising to data it has not seen.",
        "I would do that.",
        "They can be slow for big models though.",
        "What would a good enough model look like?",
        "Averaging them reduces the variance",  # no punctuation: still a whole sentence
        "在新数据上效果就变差了。",
        "我觉得就是这样",
    ],
)
def test_a_sentence_that_could_be_the_end_is_not_called_unfinished(text: str) -> None:
    assert not sounds_unfinished(text)
