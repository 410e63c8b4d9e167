"""The candidate's audio for one connection: endpointing, live captions, and decoding the
answer piece by piece while the candidate is still talking.

Kept apart from the websocket plumbing so the latency-critical choices are in one place:
- every thinking pause (`PauseStarted`) closes a segment of the answer, which is decoded at
  once; when the trailing silence later confirms the end of the turn, usually only the last
  segment is still being decoded (DESIGN.md: start during the pause wait what can start);
- captions decode only the last `partial_window_s` seconds, at most one at a time;
- an early decode is worth its cost only when the decoder has room: with `BUSY_BACKLOG` decodes
  already queued (other sessions' answers), a piece shorter than `MERGE_BELOW_S` is not decoded
  at its pause but carried into the next piece. Each decode has a fixed cost (VAD filter, mel
  features, the prompt: ~35-50 ms on 2 cores) and a queued one would not start before the
  backlog anyway; a long piece is still decoded at once, so the decode left when the turn
  ends stays short.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import numpy as np

from speech.endpointing import EndOfTurn, Endpointer, EndpointEvent, PauseStarted
from speech.pcm import pcm16_to_float
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript
from web.protocol import ProtocolError

TAIL_KEEP_S = 0.3
"""Silence kept after the last voiced sample: enough for the last word, and whisper invents
words in long silences."""
MIN_SEGMENT_S = 0.3
BUSY_BACKLOG = 2
"""Decodes in flight (queued or running) from which the decoder counts as busy."""
MERGE_BELOW_S = 4.0
"""Pieces shorter than this wait for the next pause while the decoder is busy."""

Transcribe = Callable[[FloatAudio], Coroutine[Any, Any, Transcript]]


@dataclass(frozen=True)
class FinishedAnswer:
    audio: FloatAudio
    end: EndOfTurn
    # Decodes of consecutive pieces of `audio`, in order, covering all of it.
    segments: tuple[asyncio.Task[Transcript], ...]


def merge_answers(first: FinishedAnswer, then: FinishedAnswer) -> FinishedAnswer:
    """One answer from an answer and its continuation: the audio end to end, the decodes of
    both in order, and the end of the later one."""
    audio = np.concatenate([first.audio, then.audio]).astype(np.float32, copy=False)
    return FinishedAnswer(audio, then.end, first.segments + then.segments)


class AudioInput:
    def __init__(
        self,
        endpointer: Endpointer,
        transcribe: Transcribe,
        on_partial: Callable[[str], Awaitable[None]],
        partial_every_s: float,
        partial_window_s: float,
        captions_allowed: Callable[[], bool] = lambda: True,
        decode_backlog: Callable[[], int] = lambda: 0,
    ) -> None:
        """`decode_backlog`: speech recognition calls in flight across sessions now."""
        self._endpointer = endpointer
        self._transcribe = transcribe
        self._on_partial = on_partial
        self._partial_every = int(partial_every_s * SAMPLE_RATE_HZ)
        self._partial_window = int(partial_window_s * SAMPLE_RATE_HZ)
        self._since_partial = 0
        self._captions_allowed = captions_allowed
        self._decode_backlog = decode_backlog
        self.deferred_pauses = 0  # pauses whose piece waited for the next one (for tests)
        self._partial: asyncio.Task[None] | None = None
        self._segments: list[asyncio.Task[Transcript]] = []
        self._decoded_samples = 0  # answer samples already handed to a segment decode
        self._pausing = False

    @property
    def heard_speech(self) -> bool:
        return self._endpointer.heard_speech

    def detect(self, pcm16: bytes) -> list[EndpointEvent]:
        """Run the VAD over a frame: a model call, so the caller runs it in a worker thread
        (one frame at a time, in order)."""
        return self._endpointer.feed(pcm16_to_float(pcm16))

    def react(self, events: list[EndpointEvent], pcm16: bytes) -> list[EndpointEvent]:
        """On the event loop: start segment decodes and captions for what `detect` found."""
        for item in events:
            if isinstance(item, PauseStarted):
                self._close_segment_at_pause(self._endpointer.answer_audio())
            self._pausing = isinstance(item, PauseStarted)
        # No caption while pausing: the recognizer is needed for the segment just closed.
        if self._endpointer.heard_speech and not self._pausing:
            self._since_partial += len(pcm16) // 2
            self._maybe_caption()
        return events

    def finish(self, end: EndOfTurn) -> FinishedAnswer:
        """Take the finished answer (decoding what no segment covers yet) and start listening
        for the next one. The silence that confirmed the end is cut off."""
        audio = self._endpointer.answer_audio()
        start_s = self._endpointer.answer_start_s
        spoke_after_last_segment = True
        if end.last_voiced_s is not None and start_s is not None:
            keep = int((end.last_voiced_s - start_s + TAIL_KEEP_S) * SAMPLE_RATE_HZ)
            audio = audio[: max(keep, self._decoded_samples)]
            covered_s = start_s + self._decoded_samples / SAMPLE_RATE_HZ
            spoke_after_last_segment = end.last_voiced_s > covered_s
        if spoke_after_last_segment and audio.size > self._decoded_samples:
            self._close_segment(audio, minimum_s=0.0)
        answer = FinishedAnswer(audio, end, tuple(self._segments))
        self.reset()
        return answer

    def force_end(self) -> FinishedAnswer:
        return self.finish(self._endpointer.force_end())

    def reset(self) -> None:
        self._endpointer.reset()
        self._segments = []
        self._decoded_samples = 0
        self._since_partial = 0
        self._pausing = False

    def discard(self) -> None:
        """Drop the answer in progress (a typed answer, skip, pause...) and its decodes."""
        for segment in self._segments:
            segment.cancel()
        self.reset()

    def _close_segment_at_pause(self, audio: FloatAudio) -> None:
        piece_s = (audio.size - self._decoded_samples) / SAMPLE_RATE_HZ
        if piece_s < MERGE_BELOW_S and self._decode_backlog() >= BUSY_BACKLOG:
            self.deferred_pauses += 1
            return
        self._close_segment(audio)

    def _close_segment(self, audio: FloatAudio, minimum_s: float = MIN_SEGMENT_S) -> None:
        piece = audio[self._decoded_samples :]
        if piece.size < minimum_s * SAMPLE_RATE_HZ:
            return
        self._segments.append(asyncio.create_task(self._transcribe(np.ascontiguousarray(piece))))
        self._decoded_samples = audio.size

    def _maybe_caption(self) -> None:
        if self._partial_every <= 0 or self._since_partial < self._partial_every:
            return
        if not self._captions_allowed():
            return
        if self._partial is not None and not self._partial.done():
            return
        if any(not segment.done() for segment in self._segments):
            return  # the answer's own decode comes first: it is on the latency path
        self._since_partial = 0
        window = self._endpointer.answer_audio()[-self._partial_window :]
        self._partial = asyncio.create_task(self._caption(np.ascontiguousarray(window)))

    async def _caption(self, window: FloatAudio) -> None:
        """Live captions are best effort: a failed one is simply not shown."""
        try:
            transcript = await self._transcribe(window)
        except ProtocolError:
            return
        if transcript.text.strip():
            await self._on_partial(transcript.text.strip())
