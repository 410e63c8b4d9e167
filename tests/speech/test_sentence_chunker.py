"""Sentence chunking of streamed tokens and authored text, English and Chinese."""

from __future__ import annotations

import pytest

from speech.sentence_chunker import SentenceChunker, split_sentences


def stream(tokens: list[str], max_chars: int = 180) -> tuple[list[list[str]], list[str]]:
    chunker = SentenceChunker(max_chars)
    return [chunker.feed(token) for token in tokens], chunker.flush()


def test_sentence_is_emitted_once_the_next_token_confirms_the_end() -> None:
    per_token, rest = stream(["Good", " answer", ".", " Now", " tell me more"])
    assert per_token == [[], [], [], ["Good answer."], []]
    assert rest == ["Now tell me more"]


def test_decimal_split_across_tokens_is_kept_whole() -> None:
    per_token, rest = stream(["The learning rate was 3", ".", "5 times", " too high. ", "Why?"])
    assert [s for batch in per_token for s in batch] == [
        "The learning rate was 3.5 times too high."
    ]
    assert rest == ["Why?"]


@pytest.mark.parametrize(
    "text",
    [
        "Use an optimiser, e.g. Adam, and compare it vs. SGD on the same data.",
        "Dr. Smith and Mr. Lee reviewed it with Prof. Chen.",
        "Version 2.0 of the model reached 97.3 percent accuracy on file data.csv today.",
        "Regularisation, i.e. a penalty on the weights, reduces variance.",
    ],
)
def test_abbreviations_and_numbers_do_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_english_sentences_split_on_terminal_punctuation() -> None:
    text = 'Good. Why does it work? It "generalises!" Then stop.'
    assert split_sentences(text) == [
        "Good.",
        "Why does it work?",
        'It "generalises!"',
        "Then stop.",
    ]


def test_chinese_punctuation_splits_without_spaces() -> None:
    text = "好的。请解释一下过拟合？比如决策树！还有；正则化"
    assert split_sentences(text) == [
        "好的。",
        "请解释一下过拟合？",
        "比如决策树！",
        "还有；",
        "正则化",
    ]


def test_chinese_sentence_is_emitted_immediately() -> None:
    per_token, _ = stream(["什么是", "梯度消失", "？"])
    assert per_token[-1] == ["什么是梯度消失？"]


def test_run_on_is_flushed_at_a_comma() -> None:
    clause = "we scale the features, "
    chunks = split_sentences(clause * 12, max_chars=80)
    assert len(chunks) > 1
    assert all(len(chunk) <= 80 for chunk in chunks)
    assert all(chunk.endswith(",") for chunk in chunks[:-1])


def test_run_on_without_any_break_is_cut_at_the_limit() -> None:
    chunks = split_sentences("梯" * 50, max_chars=20)
    assert [len(chunk) for chunk in chunks] == [20, 20, 10]


def test_punctuation_only_is_not_speakable() -> None:
    assert split_sentences(" ... ") == []
    assert split_sentences("") == []


def test_newline_ends_a_line_of_a_list() -> None:
    assert split_sentences("First point\nSecond point") == ["First point", "Second point"]
