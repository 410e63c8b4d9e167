"""The candidate's audio for one connection: endpointing, live captions, speculative decoding.

Kept apart from the websocket plumbing so the latency-critical choices are in one place:
- captions decode only the last `partial_window_s` seconds, at most one at a time;
- when a pause starts, the answer so far is decoded speculatively, so that when the trailing
  silence confirms the end of the turn the transcript is usually ready already.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import numpy as np

from speech.endpointing import EndOfTurn, Endpointer, EndpointEvent, PauseStarted, SpeechResumed
from speech.pcm import pcm16_to_float
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript

Transcribe = Callable[[FloatAudio], Awaitable[Transcript]]


@dataclass(frozen=True)
class FinishedAnswer:
    audio: FloatAudio
    end: EndOfTurn
    speculative: asyncio.Task[Transcript] | None  # a decode of the same audio, if one ran


class AudioInput:
    def __init__(
        self,
        endpointer: Endpointer,
        transcribe: Transcribe,
        on_partial: Callable[[str], Awaitable[None]],
        partial_every_s: float,
        partial_window_s: float,
    ) -> None:
        self._endpointer = endpointer
        self._transcribe = transcribe
        self._on_partial = on_partial
        self._partial_every = int(partial_every_s * SAMPLE_RATE_HZ)
        self._partial_window = int(partial_window_s * SAMPLE_RATE_HZ)
        self._since_partial = 0
        self._partial: asyncio.Task[None] | None = None
        self._speculative: asyncio.Task[Transcript] | None = None

    @property
    def heard_speech(self) -> bool:
        return self._endpointer.heard_speech

    def feed(self, pcm16: bytes) -> list[EndpointEvent]:
        events = self._endpointer.feed(pcm16_to_float(pcm16))
        for item in events:
            if isinstance(item, PauseStarted):
                self._speculative = asyncio.create_task(
                    self._transcribe(self._endpointer.answer_audio())
                )
            elif isinstance(item, SpeechResumed):
                self._speculative = None  # stale: the answer goes on
        if self._endpointer.heard_speech:
            self._since_partial += len(pcm16) // 2
            self._maybe_caption()
        return events

    def finish(self, end: EndOfTurn) -> FinishedAnswer:
        """Take the finished answer and start listening for the next one."""
        answer = FinishedAnswer(self._endpointer.answer_audio(), end, self._speculative)
        self.reset()
        return answer

    def force_end(self) -> FinishedAnswer:
        return self.finish(self._endpointer.force_end())

    def reset(self) -> None:
        self._endpointer.reset()
        self._speculative = None
        self._since_partial = 0

    def _maybe_caption(self) -> None:
        if self._partial_every <= 0 or self._since_partial < self._partial_every:
            return
        if self._partial is not None and not self._partial.done():
            return
        self._since_partial = 0
        window = self._endpointer.answer_audio()[-self._partial_window :]
        self._partial = asyncio.create_task(self._caption(np.ascontiguousarray(window)))

    async def _caption(self, window: FloatAudio) -> None:
        transcript = await self._transcribe(window)
        if transcript.text.strip():
            await self._on_partial(transcript.text.strip())
