"""Sentences from speech: pauses between words end sentences; long runs break at discourse
markers; a text that no longer matches its words is split on its own."""

from __future__ import annotations

from interviewer.scoring.sentences import answer_sentences
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
