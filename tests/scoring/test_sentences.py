"""Sentences from speech: pauses between words end sentences; long runs break at discourse
markers; a text that no longer matches its words is split on its own."""

from __future__ import annotations

from interviewer.scoring.sentences import answer_sentences, fenced_code
from speech.types import Transcript, Word


def spoken(pieces: list[str], pause_s: float, language: str = "en") -> Transcript:
    """Words spread evenly inside each piece (as the recogniser does), pieces `pause_s` apart."""
    words: list[Word] = []
    at = 0.0
    for piece in pieces:
        tokens = list(piece) if language == "zh" else piece.split()
        for token in tokens:
            words.append(Word(token, at, at + 0.3))
            at += 0.3
        at += pause_s
    joiner = "" if language == "zh" else " "
    return Transcript(joiner.join(pieces), tuple(words), language, at)


def test_pauses_split_an_unpunctuated_spoken_answer() -> None:
    pieces = [
        "the forward pass computes the loss and keeps the activations",
        "then the backward pass applies the chain rule layer by layer",
        "and the optimiser uses the gradients to update the weights",
    ]
    sentences = answer_sentences(spoken(pieces, pause_s=0.6))
    assert [s.text for s in sentences] == pieces
    assert [s.index for s in sentences] == [0, 1, 2]


def test_no_pause_no_split_but_long_runs_break_at_markers() -> None:
    pieces = [
        "the forward pass computes the loss and keeps every activation it will need later on "
        "so the backward pass can apply the chain rule from the loss back to the input layer "
        "because each layer only needs its local derivative and the upstream gradient"
    ]
    sentences = answer_sentences(spoken(pieces, pause_s=0.0))
    assert len(sentences) >= 2
    assert sentences[1].text.startswith(("so ", "because "))


def test_chinese_pauses_split_sentences() -> None:
    pieces = ["前向传播计算损失并缓存激活值", "反向传播用链式法则逐层求梯度"]
    sentences = answer_sentences(spoken(pieces, pause_s=0.5, language="zh"))
    assert [s.text for s in sentences] == pieces


def test_text_that_no_longer_matches_its_words_is_split_on_its_own() -> None:
    transcript = spoken(["one two three four", "five six seven"], pause_s=1.0)
    edited = Transcript("Something else. Entirely typed.", transcript.words, "en", 3.0)
    assert [s.text for s in answer_sentences(edited)] == ["Something else.", "Entirely typed."]


def test_typed_answer_keeps_its_punctuation() -> None:
    typed = Transcript("Bias underfits. Variance overfits!", (), "en", 0.0)
    assert [s.text for s in answer_sentences(typed)] == ["Bias underfits.", "Variance overfits!"]


def test_fenced_code_lines_are_code_sentences_and_comments_are_prose() -> None:
    text = (
        "Two pointers, one per list.\n"
        "```python\n"
        "def merge(a, b):\n"
        "    # always take the smaller head\n"
        "    i = j = 0\n"
        "    }\n"
        "```\n"
        "It runs in linear time.\n"
        "```\n"
        "return out"
    )
    sentences = answer_sentences(Transcript(text, (), "en", 0.0))
    assert [(s.text, s.code) for s in sentences] == [
        ("Two pointers, one per list.", False),
        ("def merge(a, b):", True),
        ("always take the smaller head", False),
        ("i = j = 0", True),
        ("It runs in linear time.", False),
        ("return out", True),  # an unclosed fence runs to the end
    ]
    assert [s.index for s in sentences] == list(range(6))


def test_an_answer_without_fences_has_no_code() -> None:
    text = "Use a hash map. #1 tip: check the complement first."
    assert not any(s.code for s in answer_sentences(Transcript(text, (), "en", 0.0)))


def test_fenced_code_is_the_blocks_bodies() -> None:
    text = "Here:\n```python\nseen = {}\n```\nand\n```\nreturn seen\n```"
    assert fenced_code(text) == "seen = {}\n\nreturn seen"
    assert fenced_code("no code here") == ""
