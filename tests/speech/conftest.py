"""Session-scoped real models for the speech tests (each loaded once per test session)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from speech.pcm import pcm16_to_float, resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from speech.whisper_recognizer import WhisperRecognizer

EVAL_SPEECH_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "speech"
ANSWER_TEXT = (
    "Bias is error from wrong assumptions in the model. "
    "Variance is sensitivity to small changes in the training data."
)


@pytest.fixture(scope="session")
def piper() -> PiperSynthesizer:
    # No generator noise: the same text gives the same audio, so ASR assertions are repeatable.
    return PiperSynthesizer("joe", variation=0.0)


@pytest.fixture(scope="session")
def tiny_en() -> WhisperRecognizer:
    return WhisperRecognizer("tiny.en")


@pytest.fixture(scope="session")
def whisper_base() -> WhisperRecognizer:
    return WhisperRecognizer("base")


def speak_16k(piper: PiperSynthesizer, text: str) -> FloatAudio:
    """Synthesize `text` with the piper voice and bring it to the 16 kHz recognizers use."""
    audio = np.concatenate([pcm16_to_float(c.pcm) for c in piper.synthesize(text)])
    return resample(audio, piper.sample_rate_hz, SAMPLE_RATE_HZ)


@pytest.fixture(scope="session")
def answer_16k(piper: PiperSynthesizer) -> FloatAudio:
    return speak_16k(piper, ANSWER_TEXT)


@pytest.fixture(scope="session")
def eval_manifest() -> list[dict[str, str]]:
    manifest = EVAL_SPEECH_DIR / "manifest.jsonl"
    if not manifest.is_file():
        pytest.skip(f"no evaluation clips at {EVAL_SPEECH_DIR}")
    return [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
