"""Ending a turn sooner when the answer sounds finished: the endpointer with a scripted VAD and a
scripted turn classifier, and with the words so far."""

from __future__ import annotations

import numpy as np
import pytest

from speech.endpointing import (
    CLASSIFIER_TAIL_MS,
    CLASSIFIER_WINDOW_S,
    EndOfTurn,
    Endpointer,
    EndpointingConfig,
    PauseStarted,
)
from speech.types import FloatAudio
from tests.fakes import RATE, ScriptedVad, script
from tests.fakes import VAD_WINDOW as WINDOW

WINDOW_S = WINDOW / RATE
SOONER = EndpointingConfig(trailing_silence_ms=3000, finished_silence_ms=800)


class ScriptedTurnClassifier:
    """A `TurnClassifier` returning one probability, recording the audio it was asked about."""

    def __init__(self, probability: float) -> None:
        self.probability = probability
        self.heard: list[FloatAudio] = []

    def finished_probability(self, audio: FloatAudio) -> float:
        self.heard.append(audio.copy())
        return self.probability


def stream(endpointer: Endpointer, seconds: float, start_s: float = 0.0) -> list[object]:
    """Feed 20 ms frames whose samples hold their own stream time, so the audio handed to the
    classifier says where it was cut."""
    times = (np.arange(round(seconds * RATE)) / RATE + start_s).astype(np.float32)
    events: list[object] = []
    for start in range(0, times.size, 320):
        events += endpointer.feed(times[start : start + 320])
    return events


def end_of(events: list[object]) -> EndOfTurn:
    ends = [event for event in events if isinstance(event, EndOfTurn)]
    assert len(ends) == 1
    return ends[0]


def silence_before_end(events: list[object]) -> float:
    end = end_of(events)
    assert end.last_voiced_s is not None
    return end.at_s - end.last_voiced_s


def test_without_finished_silence_the_classifier_is_never_asked() -> None:
    classifier = ScriptedTurnClassifier(0.99)
    config = EndpointingConfig(trailing_silence_ms=2000)
    vad = ScriptedVad(script(("speech", 1.0), ("silence", 3.0)))
    events = stream(Endpointer(vad, config, classifier=classifier), 4.0)
    assert silence_before_end(events) == pytest.approx(2.0, abs=WINDOW_S)
    assert classifier.heard == []


def test_an_answer_that_sounds_finished_ends_after_the_short_silence() -> None:
    classifier = ScriptedTurnClassifier(0.9)
    vad = ScriptedVad(script(("silence", 0.5), ("speech", 1.5), ("silence", 4.0)))
    events = stream(Endpointer(vad, SOONER, classifier=classifier), 6.0)
    assert silence_before_end(events) == pytest.approx(0.8, abs=WINDOW_S)
    (audio,) = classifier.heard
    end = end_of(events)
    assert end.last_voiced_s is not None
    # The classifier hears the answer (with its pre-roll) up to a short tail after the last
    # voiced window, not the whole silence so far.
    assert audio[-1] == pytest.approx(end.last_voiced_s + CLASSIFIER_TAIL_MS / 1000, abs=1e-3)
    assert audio[0] == pytest.approx(0.5 - 0.3, abs=WINDOW_S)


def test_an_answer_that_sounds_unfinished_waits_for_the_full_silence_asking_once() -> None:
    classifier = ScriptedTurnClassifier(0.2)
    vad = ScriptedVad(script(("speech", 1.0), ("silence", 4.0)))
    events = stream(Endpointer(vad, SOONER, classifier=classifier), 5.0)
    assert silence_before_end(events) == pytest.approx(3.0, abs=WINDOW_S)
    assert len(classifier.heard) == 1


def test_the_threshold_decides_what_sounds_finished() -> None:
    config = SOONER.model_copy(update={"finished_threshold": 0.7})
    vad = ScriptedVad(script(("speech", 1.0), ("silence", 4.0)))
    events = stream(Endpointer(vad, config, classifier=ScriptedTurnClassifier(0.6)), 5.0)
    assert silence_before_end(events) == pytest.approx(3.0, abs=WINDOW_S)


def test_each_pause_long_enough_is_judged_once_and_short_ones_not_at_all() -> None:
    classifier = ScriptedTurnClassifier(0.2)
    parts = (
        ("speech", 1.0),
        ("silence", 0.5),  # shorter than finished_silence_ms: nobody asks
        ("speech", 1.0),
        ("silence", 1.5),  # judged unfinished, and the candidate goes on
        ("speech", 1.0),
        ("silence", 4.0),
    )
    events = stream(Endpointer(ScriptedVad(script(*parts)), SOONER, classifier=classifier), 10.0)
    assert len(classifier.heard) == 2
    assert [type(e) for e in events].count(PauseStarted) == 3
    assert end_of(events).last_voiced_s == pytest.approx(5.0, abs=2 * WINDOW_S)


def test_the_classifier_hears_at_most_its_window_of_a_long_answer() -> None:
    classifier = ScriptedTurnClassifier(0.9)
    vad = ScriptedVad(script(("speech", 12.0), ("silence", 2.0)))
    stream(Endpointer(vad, SOONER, classifier=classifier), 14.0)
    (audio,) = classifier.heard
    assert audio.size == round(CLASSIFIER_WINDOW_S * RATE)


def test_words_stopping_mid_sentence_keep_the_turn_open_whatever_the_audio_says() -> None:
    classifier = ScriptedTurnClassifier(0.95)
    endpointer = Endpointer(
        ScriptedVad(script(("speech", 1.0), ("silence", 4.0))), SOONER, classifier=classifier
    )
    events = stream(endpointer, 1.5)
    endpointer.hear_words("the bias is high and the other part is", through_s=1.4)
    events += stream(endpointer, 3.5, start_s=1.5)
    assert silence_before_end(events) == pytest.approx(3.0, abs=WINDOW_S)
    assert classifier.heard == []


def test_words_from_before_newer_speech_are_ignored() -> None:
    parts = (("speech", 1.0), ("silence", 0.5), ("speech", 1.0), ("silence", 3.0))
    endpointer = Endpointer(
        ScriptedVad(script(*parts)), SOONER, classifier=ScriptedTurnClassifier(0.95)
    )
    events = stream(endpointer, 1.4)
    endpointer.hear_words("so", through_s=1.4)  # covers the first pause only
    events += stream(endpointer, 4.1, start_s=1.4)
    assert silence_before_end(events) == pytest.approx(0.8, abs=WINDOW_S)


def test_words_alone_end_a_finished_sentence_sooner_once_they_arrive() -> None:
    endpointer = Endpointer(ScriptedVad(script(("speech", 1.0), ("silence", 4.0))), SOONER)
    events = stream(endpointer, 2.2)
    assert not any(isinstance(e, EndOfTurn) for e in events)  # no words yet: no sooner end
    endpointer.hear_words("That is how I would do it.", through_s=1.4)
    events += stream(endpointer, 0.1, start_s=2.2)
    assert silence_before_end(events) == pytest.approx(1.2, abs=2 * WINDOW_S)


def test_reset_forgets_the_words() -> None:
    vad = ScriptedVad(script(("speech", 1.0), ("silence", 1.0), ("speech", 1.0), ("silence", 4)))
    endpointer = Endpointer(vad, SOONER)
    stream(endpointer, 1.5)
    endpointer.hear_words("Finished.", through_s=1.4)
    assert silence_before_end(stream(endpointer, 0.5, start_s=1.5)) == pytest.approx(0.8, abs=0.05)
    endpointer.reset()
    events = stream(endpointer, 6.0, start_s=2.0)
    assert silence_before_end(events) == pytest.approx(3.0, abs=WINDOW_S)
