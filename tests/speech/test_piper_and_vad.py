"""Real piper voice, real Silero VAD, and the endpointer on real speech."""

from __future__ import annotations

import numpy as np
import pytest

from speech.endpointing import EndOfTurn, Endpointer, EndpointingConfig, SpeechResumed
from speech.pcm import is_silent, pcm16_to_float
from speech.piper_synthesizer import PiperSynthesizer
from speech.silero_vad import WINDOW_SAMPLES, SileroVad
from speech.types import SAMPLE_RATE_HZ, FloatAudio

pytestmark = pytest.mark.models


def probabilities(vad: SileroVad, audio: FloatAudio) -> np.ndarray:
    usable = audio[: audio.size // WINDOW_SAMPLES * WINDOW_SAMPLES]
    return np.array([vad.speech_probability(w) for w in usable.reshape(-1, WINDOW_SAMPLES)])


def test_piper_speaks_each_sentence_at_the_voice_rate(piper: PiperSynthesizer) -> None:
    chunks = list(piper.synthesize("Welcome to your interview. What is overfitting?"))
    assert len(chunks) == 2
    assert piper.sample_rate_hz == 22_050
    for chunk in chunks:
        assert chunk.sample_rate_hz == 22_050 and len(chunk.pcm) % 2 == 0
        audio = pcm16_to_float(chunk.pcm)
        assert audio.size > 0.5 * 22_050 and not is_silent(audio)


def test_piper_says_nothing_for_blank_text(piper: PiperSynthesizer) -> None:
    assert list(piper.synthesize("   ")) == []


def test_vad_hears_speech_but_not_silence_or_noise(answer_16k: FloatAudio) -> None:
    vad = SileroVad()
    assert probabilities(vad, answer_16k).max() > 0.8
    vad.reset()
    assert probabilities(vad, np.zeros(SAMPLE_RATE_HZ * 2, dtype=np.float32)).max() < 0.5
    vad.reset()
    noise = np.random.default_rng(0).normal(0, 0.02, SAMPLE_RATE_HZ * 2).astype(np.float32)
    assert probabilities(vad, noise).max() < 0.5


def test_vad_keeps_state_between_windows(answer_16k: FloatAudio) -> None:
    clip = answer_16k[: 64 * WINDOW_SAMPLES]
    stateful = probabilities(SileroVad(), clip)
    fresh = [SileroVad().speech_probability(w) for w in clip.reshape(-1, WINDOW_SAMPLES)]
    assert not np.allclose(stateful, fresh, atol=0.01)
    reset_vad = SileroVad()
    probabilities(reset_vad, clip)
    reset_vad.reset()
    assert np.allclose(probabilities(reset_vad, clip), stateful)


def test_thinking_pause_in_real_speech_does_not_end_the_turn(answer_16k: FloatAudio) -> None:
    half = answer_16k.size // 2
    silence = np.zeros(int(0.8 * SAMPLE_RATE_HZ), dtype=np.float32)
    tail = np.zeros(int(2.5 * SAMPLE_RATE_HZ), dtype=np.float32)
    stream = np.concatenate([answer_16k[:half], silence, answer_16k[half:], tail])
    endpointer = Endpointer(SileroVad(), EndpointingConfig(trailing_silence_ms=1500))
    events = []
    for start in range(0, stream.size, 320):
        events += endpointer.feed(stream[start : start + 320])
    ends = [event for event in events if isinstance(event, EndOfTurn)]
    assert len(ends) == 1
    speech_end_s = (answer_16k.size + silence.size) / SAMPLE_RATE_HZ
    assert ends[0].last_voiced_s is not None and ends[0].last_voiced_s > speech_end_s - 0.5
    assert any(isinstance(event, SpeechResumed) for event in events)
    assert endpointer.answer_audio().size > answer_16k.size
