"""The real smart-turn classifier, alone and inside the endpointer with the real Silero VAD, on
piper speech: a finished sentence against one cut off mid-thought."""

from __future__ import annotations

import numpy as np
import pytest

from speech.endpointing import EndOfTurn, Endpointer, EndpointingConfig
from speech.errors import ModelNotFoundError
from speech.piper_synthesizer import PiperSynthesizer
from speech.silero_vad import SileroVad
from speech.smart_turn import SmartTurnClassifier
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from tests.speech.conftest import speak_16k

pytestmark = pytest.mark.models

FINISHED = "Overfitting is when the model learns the noise in the training data."
CUT_OFF = "To reduce overfitting I would add regularisation, because"


@pytest.fixture(scope="module")
def smart_turn() -> SmartTurnClassifier:
    try:
        return SmartTurnClassifier()
    except ModelNotFoundError as error:
        pytest.skip(f"{error} (pip install --no-deps pipecat-ai ships the model file)")


def with_silence(speech: FloatAudio, seconds: float) -> FloatAudio:
    lead = np.zeros(SAMPLE_RATE_HZ // 2, dtype=np.float32)
    tail = np.zeros(round(seconds * SAMPLE_RATE_HZ), dtype=np.float32)
    return np.concatenate([lead, 0.5 * speech, tail]).astype(np.float32)


def test_a_finished_sentence_sounds_finished_and_a_cut_off_one_does_not(
    piper: PiperSynthesizer, smart_turn: SmartTurnClassifier
) -> None:
    finished = smart_turn.finished_probability(with_silence(speak_16k(piper, FINISHED), 0.2))
    cut_off = smart_turn.finished_probability(with_silence(speak_16k(piper, CUT_OFF), 0.2))
    assert finished > 0.5 > cut_off


def test_the_endpointer_ends_the_finished_answer_sooner(
    piper: PiperSynthesizer, smart_turn: SmartTurnClassifier
) -> None:
    config = EndpointingConfig(trailing_silence_ms=3000, finished_silence_ms=800)
    waits: dict[str, float] = {}
    for text in (FINISHED, CUT_OFF):
        endpointer = Endpointer(SileroVad(), config, classifier=smart_turn)
        audio = with_silence(speak_16k(piper, text), 4.0)
        ends = [
            event
            for start in range(0, audio.size, 320)
            for event in endpointer.feed(audio[start : start + 320])
            if isinstance(event, EndOfTurn)
        ]
        assert len(ends) == 1 and ends[0].last_voiced_s is not None
        waits[text] = ends[0].at_s - ends[0].last_voiced_s
    assert waits[FINISHED] == pytest.approx(0.8, abs=0.1)
    assert waits[CUT_OFF] == pytest.approx(3.0, abs=0.1)
