"""Scripted fakes implementing the real Protocols, for unit tests of the logic around models.

Each has failure switches (`fail_with=`, `delay_s=`) so tests can drive error paths. Tests of
the models themselves use the real bundled models (marked `models`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator

import numpy as np

from speech.errors import SpeechError
from speech.types import AudioChunk, FloatAudio, Transcript, Word

SPEECH_AMPLITUDE = 0.3


def speech_like(seconds: float, rate_hz: int = 16_000) -> FloatAudio:
    """A loud tone the energy VAD below calls speech."""
    t = np.arange(int(seconds * rate_hz), dtype=np.float32) / rate_hz
    return (SPEECH_AMPLITUDE * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def silence(seconds: float, rate_hz: int = 16_000) -> FloatAudio:
    return np.zeros(int(seconds * rate_hz), dtype=np.float32)


class EnergyVad:
    """A VoiceActivityDetector that calls any loud window speech: deterministic for tests."""

    window_samples = 512

    def speech_probability(self, window: FloatAudio) -> float:
        return 1.0 if float(np.sqrt(np.mean(window**2))) > 0.05 else 0.0

    def reset(self) -> None:
        return None


class ScriptedRecognizer:
    """Returns the scripted texts in order (the last one repeats), with word timings spread
    over the audio's duration."""

    def __init__(
        self, texts: list[str], fail_with: Exception | None = None, delay_s: float = 0.0
    ) -> None:
        self._texts = texts
        self._fail_with = fail_with
        self._delay_s = delay_s
        self.calls: list[tuple[float, str, str | None]] = []

    def transcribe(self, audio: FloatAudio, language: str, prompt: str | None = None) -> Transcript:
        duration_s = len(audio) / 16_000
        self.calls.append((duration_s, language, prompt))
        if self._delay_s:
            time.sleep(self._delay_s)
        if self._fail_with is not None:
            raise self._fail_with
        text = self._texts[min(len(self.calls) - 1, len(self._texts) - 1)]
        tokens = text.split()
        step = duration_s / max(1, len(tokens))
        words = tuple(Word(w, i * step, (i + 0.8) * step) for i, w in enumerate(tokens))
        return Transcript(text, words, language, duration_s)


class ToneSynthesizer:
    """A SpeechSynthesizer producing 50 ms of tone per word, one chunk per call."""

    sample_rate_hz = 22_050

    def __init__(self, fail_with: SpeechError | None = None, delay_s: float = 0.0) -> None:
        self._fail_with = fail_with
        self._delay_s = delay_s
        self.spoken: list[str] = []

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        if self._fail_with is not None:
            raise self._fail_with
        time.sleep(self._delay_s)
        self.spoken.append(text)
        samples = speech_like(0.05 * max(1, len(text.split())), self.sample_rate_hz)
        yield AudioChunk((samples * 32767).astype("<i2").tobytes(), self.sample_rate_hz)


class HashingEmbedder:
    """An Embedder from hashed word counts: similar wording -> similar vectors, no model."""

    name = "hashing-fake"

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word in text.lower().split():
                row[int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1.0
            norm = np.linalg.norm(row)
            if norm:
                row /= norm
        return rows
