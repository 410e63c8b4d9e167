"""Turn endpointing: when has the candidate finished answering?

Interview answers contain thinking pauses; being cut off mid-thought is the top complaint about AI
interviewers, so a turn ends after `trailing_silence_ms` of silence, after `max_answer_s`, or when
the candidate presses "Done" (`force_end`). A shorter `pause_hint_ms` raises `PauseStarted` so the
caller can start decoding speculatively and have the transcript ready if the pause turns out to
be the end.

The default silence, 2 s, is chosen with bench/endpointing.py on spoken answers with thinking
pauses of 0.5-4 s, together with the voice loop's continuations (speech that starts while the
interviewer decides, or within `continuation_window_ms` of its reply starting, continues the same
answer): at 2 s no pause is lost to the next question (0 of 187), and the felt gap is ~2.05 s
instead of the 3.9 s that ending no pause at all would need (1.6 % cut-offs). The price is that
the interviewer begins its reply ("Thanks.") and yields in about a third of long thinking pauses.
About half of such pauses fall between sentences, where neither the audio nor the words tell a
pause from the end, so no "sounds finished" signal did better (measured: smart-turn and a words
rule saved ~20-100 ms). With `finished_silence_ms` set, an answer that sounds finished ends after
that shorter silence instead: once per pause of that length the endpointer asks a
`TurnClassifier` (smart-turn, from the audio) and reads the recognizer's words so far if the
caller passed them (`hear_words`); words that stop on "and", "so", "um"... keep the turn open
whatever the audio says.

All times are seconds of audio fed since the endpointer was created ("stream time"), so they stay
comparable across answers on one connection.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from speech.turn_words import sounds_unfinished
from speech.types import SAMPLE_RATE_HZ, FloatAudio, VoiceActivityDetector

CLASSIFIER_WINDOW_S = 8.0
"""The turn classifier judges at most the last 8 s of the answer (smart-turn's window)."""
CLASSIFIER_TAIL_MS = 200
"""Silence kept after the last voiced window when the classifier listens, as it was trained."""


class TurnClassifier(Protocol):
    def finished_probability(self, audio: FloatAudio) -> float:
        """Probability that speech ending at the end of `audio` (16 kHz) is a finished turn."""
        ...


class EndpointingConfig(BaseModel):
    """Endpointing thresholds; validated because they come from user settings."""

    model_config = ConfigDict(frozen=True)

    trailing_silence_ms: int = Field(default=2000, gt=0)
    # Silence that ends an answer that sounds finished (classifier and/or words); None: only
    # trailing_silence_ms ends a turn.
    finished_silence_ms: int | None = Field(default=None, gt=0)
    # Classifier probability at or above which the answer sounds finished.
    finished_threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    speech_threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    pre_roll_ms: int = Field(default=300, ge=0)
    min_speech_ms: int = Field(default=200, ge=0)
    pause_hint_ms: int = Field(default=400, gt=0)
    max_answer_s: float = Field(default=300.0, gt=0.0)


@dataclass(frozen=True)
class SpeechStarted:
    at_s: float


@dataclass(frozen=True)
class PauseStarted:
    """Silence has lasted `pause_hint_ms` since `at_s` (the end of the last voiced window)."""

    at_s: float


@dataclass(frozen=True)
class SpeechResumed:
    at_s: float


@dataclass(frozen=True)
class EndOfTurn:
    """The answer is over; `last_voiced_s` is None when no speech was heard at all."""

    at_s: float
    last_voiced_s: float | None


EndpointEvent = SpeechStarted | PauseStarted | SpeechResumed | EndOfTurn


class Endpointer:
    """Feeds arbitrary-sized 16 kHz chunks through the VAD window by window and emits events."""

    def __init__(
        self,
        vad: VoiceActivityDetector,
        config: EndpointingConfig | None = None,
        classifier: TurnClassifier | None = None,
    ) -> None:
        self._vad = vad
        self._config = config or EndpointingConfig()
        self._classifier = classifier
        self._window = vad.window_samples
        self._stream_samples = 0  # samples already judged by the VAD, since construction
        self._pending = np.zeros(0, dtype=np.float32)
        self.reset()

    @property
    def heard_speech(self) -> bool:
        """True once speech has lasted `min_speech_ms` in the current answer."""
        return self._speech_start_s is not None

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def answer_start_s(self) -> float | None:
        """Stream time of the first sample of `answer_audio()` (None before speech)."""
        if self._speech_start_s is None:
            return None
        return self._now_s() - self._answer_samples() / SAMPLE_RATE_HZ

    def reset(self) -> None:
        """Start listening for the next answer; the stream clock keeps running."""
        self._vad.reset()
        self._speech_start_s: float | None = None
        self._last_voiced_s: float | None = None
        self._voiced_run_samples = 0
        self._pause_reported = False
        self._ended = False
        self._words: tuple[str, float] | None = None
        self._classified_finished: bool | None = None  # the classifier's verdict on this pause
        lookback = self._ms_to_samples(self._config.pre_roll_ms + self._config.min_speech_ms)
        self._lookback: deque[FloatAudio] = deque(maxlen=max(1, -(-lookback // self._window)))
        self._answer: list[FloatAudio] = []

    def feed(self, samples: FloatAudio) -> list[EndpointEvent]:
        """Consume audio and return the events it caused, in order; nothing after EndOfTurn."""
        if self._ended:
            return []
        events: list[EndpointEvent] = []
        self._pending = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        while self._pending.size >= self._window and not self._ended:
            window = self._pending[: self._window]
            self._pending = self._pending[self._window :]
            events.extend(self._on_window(window))
        return events

    def hear_words(self, text: str, through_s: float) -> None:
        """The recognizer's text of the answer so far, covering audio up to stream time
        `through_s`. It counts for the pause that follows, never for one after newer speech."""
        self._words = (text, through_s)

    def force_end(self) -> EndOfTurn:
        """End the turn now (the "Done" button), whatever the VAD thinks."""
        self._ended = True
        return EndOfTurn(at_s=self._now_s(), last_voiced_s=self._last_voiced_s)

    def answer_audio(self) -> FloatAudio:
        """The answer so far: `pre_roll_ms` before the first speech up to the latest sample fed."""
        if self._speech_start_s is None:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([*self._answer, self._pending]).astype(np.float32, copy=False)

    def _on_window(self, window: FloatAudio) -> list[EndpointEvent]:
        voiced = self._vad.speech_probability(window) >= self._config.speech_threshold
        start_s = self._stream_samples / SAMPLE_RATE_HZ
        self._stream_samples += self._window
        if self._speech_start_s is None:
            return self._before_speech(window, voiced)
        self._answer.append(window)
        return self._during_answer(voiced, start_s)

    def _before_speech(self, window: FloatAudio, voiced: bool) -> list[EndpointEvent]:
        self._lookback.append(window)
        self._voiced_run_samples = self._voiced_run_samples + self._window if voiced else 0
        if not voiced or self._voiced_run_samples < self._ms_to_samples(self._config.min_speech_ms):
            return []
        run_start_s = self._now_s() - self._voiced_run_samples / SAMPLE_RATE_HZ
        keep = self._voiced_run_samples + self._ms_to_samples(self._config.pre_roll_ms)
        self._answer = [np.concatenate(list(self._lookback))[-keep:]]
        self._lookback.clear()
        self._speech_start_s = run_start_s
        self._last_voiced_s = self._now_s()
        return [SpeechStarted(at_s=run_start_s)]

    def _during_answer(self, voiced: bool, start_s: float) -> list[EndpointEvent]:
        assert self._speech_start_s is not None and self._last_voiced_s is not None
        now_s = self._now_s()
        events: list[EndpointEvent] = []
        if voiced:
            if self._pause_reported:
                events.append(SpeechResumed(at_s=start_s))
                self._pause_reported = False
            self._last_voiced_s = now_s
            self._classified_finished = None
        silence_ms = (now_s - self._last_voiced_s) * 1000.0
        if not self._pause_reported and silence_ms >= self._config.pause_hint_ms:
            self._pause_reported = True
            events.append(PauseStarted(at_s=self._last_voiced_s))
        too_long = now_s - self._speech_start_s >= self._config.max_answer_s
        short_silence_ms = self._config.finished_silence_ms
        finished = (
            short_silence_ms is not None
            and silence_ms >= short_silence_ms
            and self._sounds_finished()
        )
        if silence_ms >= self._config.trailing_silence_ms or too_long or finished:
            self._ended = True
            events.append(EndOfTurn(at_s=now_s, last_voiced_s=self._last_voiced_s))
        return events

    def _sounds_finished(self) -> bool:
        """Words that stop mid-sentence keep the turn open; otherwise the classifier decides
        (asked once per pause); with words but no classifier, words that end like a sentence
        are enough; with neither, nothing sounds finished."""
        assert self._last_voiced_s is not None
        words = self._words if self._words and self._words[1] >= self._last_voiced_s else None
        if words is not None and sounds_unfinished(words[0]):
            return False
        if self._classifier is None:
            return words is not None
        if self._classified_finished is None:
            tail_s = self._last_voiced_s + CLASSIFIER_TAIL_MS / 1000.0
            probability = self._classifier.finished_probability(self._recent_audio(tail_s))
            self._classified_finished = probability >= self._config.finished_threshold
        return self._classified_finished

    def _recent_audio(self, until_s: float) -> FloatAudio:
        """Up to `CLASSIFIER_WINDOW_S` of answer audio ending at stream time `until_s`."""
        drop = max(0, round((self._now_s() - until_s) * SAMPLE_RATE_HZ))
        wanted = round(CLASSIFIER_WINDOW_S * SAMPLE_RATE_HZ) + drop
        parts: list[FloatAudio] = []
        held = 0
        for part in reversed(self._answer):
            parts.append(part)
            held += part.size
            if held >= wanted:
                break
        audio = np.concatenate(parts[::-1]) if parts else np.zeros(0, dtype=np.float32)
        return audio[max(0, audio.size - wanted) : max(0, audio.size - drop)]

    def _now_s(self) -> float:
        return self._stream_samples / SAMPLE_RATE_HZ

    def _answer_samples(self) -> int:
        return sum(part.size for part in self._answer)

    def _ms_to_samples(self, ms: float) -> int:
        return round(ms * SAMPLE_RATE_HZ / 1000.0)
