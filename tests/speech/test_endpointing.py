"""Endpointer behaviour on synthetic frames through a scripted VAD."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from speech.endpointing import (
    EndOfTurn,
    Endpointer,
    EndpointingConfig,
    PauseStarted,
    SpeechResumed,
    SpeechStarted,
)
from tests.fakes import RATE, ScriptedVad, script, windows
from tests.fakes import VAD_WINDOW as WINDOW

WINDOW_S = WINDOW / RATE
SILENCE_1500 = EndpointingConfig(trailing_silence_ms=1500)


def feed_in_frames(endpointer: Endpointer, seconds: float, frame: int = 320) -> list[object]:
    """Feed `seconds` of audio in 20 ms client frames, like the websocket does."""
    audio = np.zeros(round(seconds * RATE), dtype=np.float32)
    events: list[object] = []
    for start in range(0, audio.size, frame):
        events += endpointer.feed(audio[start : start + frame])
    return events


def kinds(events: list[object]) -> list[type]:
    return [type(event) for event in events]


def test_trailing_silence_ends_the_turn_after_pause_hint() -> None:
    vad = ScriptedVad(script(("silence", 0.5), ("speech", 1.0), ("silence", 5.0)))
    endpointer = Endpointer(vad)
    events = feed_in_frames(endpointer, 6.5)
    assert kinds(events) == [SpeechStarted, PauseStarted, EndOfTurn]
    started, pause, end = events
    assert isinstance(started, SpeechStarted) and started.at_s == pytest.approx(0.5, abs=WINDOW_S)
    assert isinstance(end, EndOfTurn) and end.last_voiced_s == pytest.approx(1.5, abs=WINDOW_S)
    assert isinstance(pause, PauseStarted) and pause.at_s == end.last_voiced_s
    default_silence_s = EndpointingConfig().trailing_silence_ms / 1000
    assert end.at_s - end.last_voiced_s == pytest.approx(default_silence_s, abs=WINDOW_S)
    assert endpointer.ended


def test_thinking_pause_shorter_than_trailing_silence_does_not_end_the_turn() -> None:
    parts = (("speech", 1.0), ("silence", 1.2), ("speech", 1.0), ("silence", 2.0))
    endpointer = Endpointer(ScriptedVad(script(*parts)), SILENCE_1500)
    events = feed_in_frames(endpointer, 5.5)
    assert kinds(events) == [SpeechStarted, PauseStarted, SpeechResumed, PauseStarted, EndOfTurn]
    end = events[-1]
    assert isinstance(end, EndOfTurn) and end.last_voiced_s == pytest.approx(3.2, abs=WINDOW_S)


def test_pre_roll_keeps_audio_before_detected_speech() -> None:
    vad = ScriptedVad(script(("silence", 1.0), ("speech", 1.0)), after_script=0.9)
    config = EndpointingConfig(pre_roll_ms=300)
    endpointer = Endpointer(vad, config)
    marker = np.concatenate(
        [np.full(windows(1.0) * WINDOW, 0.25), np.full(windows(1.0) * WINDOW, 0.5)]
    ).astype(np.float32)
    endpointer.feed(marker)
    audio = endpointer.answer_audio()
    pre_roll = int(np.count_nonzero(audio == np.float32(0.25)))
    assert pre_roll == pytest.approx(0.3 * RATE, abs=WINDOW)
    assert np.count_nonzero(audio == np.float32(0.5)) == windows(1.0) * WINDOW
    assert endpointer.answer_start_s == pytest.approx(1.0 - 0.3, abs=WINDOW_S)


def test_a_blip_shorter_than_min_speech_is_not_speech() -> None:
    vad = ScriptedVad(script(("silence", 0.3), ("speech", 0.1), ("silence", 3.0)))
    endpointer = Endpointer(vad, EndpointingConfig(min_speech_ms=200))
    assert feed_in_frames(endpointer, 3.4) == []
    assert not endpointer.heard_speech
    assert endpointer.answer_audio().size == 0


def test_force_end_ends_at_once_and_stops_events() -> None:
    endpointer = Endpointer(ScriptedVad(script(("speech", 1.0)), after_script=0.9))
    feed_in_frames(endpointer, 1.0)
    end = endpointer.force_end()
    assert isinstance(end, EndOfTurn)
    assert end.last_voiced_s == pytest.approx(1.0, abs=WINDOW_S)
    assert feed_in_frames(endpointer, 1.0) == []


def test_force_end_without_speech_reports_no_voiced_time() -> None:
    endpointer = Endpointer(ScriptedVad([]))
    feed_in_frames(endpointer, 0.5)
    assert endpointer.force_end().last_voiced_s is None


def test_max_answer_length_ends_a_monologue() -> None:
    vad = ScriptedVad([], after_script=0.9)
    endpointer = Endpointer(vad, EndpointingConfig(max_answer_s=2.0))
    events = feed_in_frames(endpointer, 4.0)
    assert kinds(events) == [SpeechStarted, EndOfTurn]
    end = events[-1]
    assert isinstance(end, EndOfTurn) and end.at_s == pytest.approx(2.0, abs=WINDOW_S)


def test_chunk_size_does_not_change_events() -> None:
    parts = (("silence", 0.4), ("speech", 0.8), ("silence", 0.6), ("speech", 0.5), ("silence", 2))
    by_frames = feed_in_frames(Endpointer(ScriptedVad(script(*parts)), SILENCE_1500), 4.5, 333)
    whole = feed_in_frames(
        Endpointer(ScriptedVad(script(*parts)), SILENCE_1500), 4.5, frame=4 * RATE * 2
    )
    assert by_frames == whole and len(whole) == 5


def test_reset_starts_a_new_answer_on_a_running_clock() -> None:
    vad = ScriptedVad(script(("speech", 1.0), ("silence", 2.0), ("speech", 1.0)))
    endpointer = Endpointer(vad, SILENCE_1500)
    feed_in_frames(endpointer, 3.0)
    assert endpointer.ended
    endpointer.reset()
    assert not endpointer.heard_speech and not endpointer.ended and vad.resets == 2
    events = feed_in_frames(endpointer, 1.0)
    assert kinds(events) == [SpeechStarted]
    started = events[0]
    assert isinstance(started, SpeechStarted) and started.at_s == pytest.approx(3.0, abs=WINDOW_S)


@pytest.mark.parametrize(
    "field",
    [
        "trailing_silence_ms",
        "pause_hint_ms",
        "max_answer_s",
        "speech_threshold",
        "finished_silence_ms",
        "finished_threshold",
    ],
)
def test_config_rejects_non_positive_values(field: str) -> None:
    with pytest.raises(ValidationError):
        EndpointingConfig(**{field: 0})
