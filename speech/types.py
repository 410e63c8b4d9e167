"""Data types and seams of the speech package.

Frozen dataclasses for hot data (every audio frame and word passes through them); small
Protocols for the backends so tests can substitute scripted fakes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

SAMPLE_RATE_HZ = 16_000
"""The rate of all candidate audio inside Viva (and of the client's PCM16 frames)."""

FloatAudio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...]
    language: str
    duration_s: float


@dataclass(frozen=True)
class AudioChunk:
    """PCM s16le mono audio at `sample_rate_hz`."""

    pcm: bytes
    sample_rate_hz: int


class SpeechRecognizer(Protocol):
    def transcribe(self, audio: FloatAudio, language: str, prompt: str | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 audio; `prompt` primes vocabulary (question, terms)."""
        ...


class VoiceActivityDetector(Protocol):
    window_samples: int

    def speech_probability(self, window: FloatAudio) -> float: ...

    def reset(self) -> None: ...


class SpeechSynthesizer(Protocol):
    sample_rate_hz: int

    def synthesize(self, text: str) -> Iterator[AudioChunk]: ...
