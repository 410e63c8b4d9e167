"""A real Viva server with the bundled models on a loopback port, and spoken answers made
with the bundled piper voice (so no recording is committed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest

from bench.server import running_server
from rubrics.schema import Question
from speech.pcm import resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    ws_url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("viva-live")) as ws_url:
        base_url = ws_url.removesuffix("/ws/interview").replace("ws://", "http://")
        yield LiveServer(base_url, ws_url)


@pytest.fixture(scope="session")
def voice() -> PiperSynthesizer:
    return PiperSynthesizer("joe", variation=0.0)


def speak(voice: PiperSynthesizer, text: str) -> FloatAudio:
    """The bundled voice saying `text`, as 16 kHz float audio."""
    pcm = b"".join(chunk.pcm for chunk in voice.synthesize(text))
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    return resample(audio, voice.sample_rate_hz, SAMPLE_RATE_HZ)


def complete_answer(question: Question) -> str:
    """An answer written from the rubric: every key point, in order."""
    return " ".join(kp.text.en for kp in question.key_points)
