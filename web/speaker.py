"""Speaking one interviewer line: text pieces -> sentences -> TTS -> events and audio frames.

Each sentence is sent as soon as it exists (`interviewer_line`, then `audio_start`, binary
PCM16 frames, `audio_end`), so the first audio leaves after one sentence of synthesis rather
than the whole line. Synthesised authored sentences ("Thanks.", "Next question.") are cached:
they recur in every interview and are the first audio of most replies.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from interviewer.conductor import InterviewerLine
from interviewer.line_writer import LineContext, LineWriter, PhrasedLine
from speech.errors import SpeechError
from speech.sentence_chunker import SentenceChunker, split_sentences
from speech.types import AudioChunk, SpeechSynthesizer
from web.bridge import Bridge
from web.protocol import error_event, event

AUDIO_FRAME_BYTES = 8820  # 200 ms at 22.05 kHz PCM16: small enough to stop quickly on barge-in

Send = Callable[[dict[str, Any] | bytes], Awaitable[None]]


class SynthesisCache:
    """Synthesised sentences shared by all sessions: pinned authored lead-ins (warmed at start)
    plus a small LRU of recent sentences (a repeated question is spoken from here)."""

    def __init__(self, capacity: int = 128) -> None:
        self._pinned: dict[tuple[int, str], list[AudioChunk]] = {}
        self._recent: OrderedDict[tuple[int, str], list[AudioChunk]] = OrderedDict()
        self._capacity = capacity

    def get(self, synthesizer: SpeechSynthesizer, text: str) -> list[AudioChunk] | None:
        key = (id(synthesizer), text)
        if key in self._pinned:
            return self._pinned[key]
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        return None

    def put(
        self, synthesizer: SpeechSynthesizer, text: str, chunks: list[AudioChunk], pin: bool = False
    ) -> None:
        key = (id(synthesizer), text)
        if pin:
            self._pinned[key] = chunks
            return
        self._recent[key] = chunks
        if len(self._recent) > self._capacity:
            self._recent.popitem(last=False)


@dataclass
class SpokenLine:
    text: str
    first_audio_s: float | None  # perf_counter time the first audio frame was queued
    audio_s: float = 0.0  # how long the line's audio plays on the client


class Speaker:
    def __init__(self, bridge: Bridge, writer: LineWriter, cache: SynthesisCache) -> None:
        self._bridge = bridge
        self._writer = writer
        self._cache = cache

    def warm(self, synthesizer: SpeechSynthesizer, lines: list[str]) -> None:
        """Synthesise authored lead-ins ahead of time (blocking: call from a worker thread)."""
        for line in lines:
            for sentence in split_sentences(line):
                if self._cache.get(synthesizer, sentence) is None:
                    chunks = list(synthesizer.synthesize(sentence))
                    self._cache.put(synthesizer, sentence, chunks, pin=True)

    async def speak(
        self,
        line: InterviewerLine,
        context: LineContext,
        synthesizer: SpeechSynthesizer | None,
        send: Send,
    ) -> SpokenLine:
        """Speak `line`; cancellation (barge-in) stops it between audio frames."""
        spoken: list[str] = []
        first_audio_s: float | None = None
        audio_s = 0.0
        phrased = self._writer.phrase(line.kind, line.authored, context)
        async for sentence in self._sentences(phrased):
            await send(
                event(
                    "interviewer_line",
                    turn=line.turn_index,
                    kind=line.kind,
                    question_id=line.question_id,
                    text=sentence,
                    part=len(spoken),
                )
            )
            spoken.append(sentence)
            if synthesizer is None:
                continue
            started, seconds = await self._say(sentence, synthesizer, send)
            first_audio_s = first_audio_s or started
            audio_s += seconds
        written = phrased.written
        text = written.text if written else " ".join(spoken)
        return SpokenLine(text, first_audio_s, audio_s)

    async def _sentences(self, phrased: PhrasedLine) -> Any:
        chunker = SentenceChunker()

        def pieces() -> Iterator[str]:
            return phrased

        async for piece in self._bridge.stream(pieces):
            for sentence in chunker.feed(piece):
                yield sentence
        for sentence in chunker.flush():
            yield sentence

    async def _say(
        self, sentence: str, synthesizer: SpeechSynthesizer, send: Send
    ) -> tuple[float | None, float]:
        """Send one sentence's audio; returns when its first frame left and its seconds."""
        first: float | None = None
        sent_bytes = 0
        await send(event("audio_start", sample_rate=synthesizer.sample_rate_hz))
        try:
            async for chunk in self._chunks(sentence, synthesizer):
                for offset in range(0, len(chunk.pcm), AUDIO_FRAME_BYTES):
                    frame = chunk.pcm[offset : offset + AUDIO_FRAME_BYTES]
                    await send(frame)
                    sent_bytes += len(frame)
                    first = first or time.perf_counter()
        except SpeechError as exc:
            await send(error_event("tts_failed", f"could not synthesise speech: {exc}"))
        await send(event("audio_end", interrupted=False))
        return first, sent_bytes / 2 / synthesizer.sample_rate_hz

    async def _chunks(self, sentence: str, synthesizer: SpeechSynthesizer) -> Any:
        cached = self._cache.get(synthesizer, sentence)
        if cached is not None:
            for chunk in cached:
                yield chunk
            return
        produced: list[AudioChunk] = []
        async for chunk in self._bridge.stream(lambda: synthesizer.synthesize(sentence)):
            produced.append(chunk)
            yield chunk
        self._cache.put(synthesizer, sentence, produced)
