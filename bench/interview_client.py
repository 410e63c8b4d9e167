"""A scripted candidate over /ws/interview, shared by the end-to-end tests and the benchmarks.

It waits for the interviewer to finish each line, streams a spoken answer as PCM16 16 kHz in
20 ms frames (in real time or faster), and records every event with its arrival time so the
caller can check ordering and measure the latency users feel: from the candidate's last voiced
frame to the first audio byte of the reply.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import websockets

FRAME_SAMPLES = 320
SAMPLE_RATE_HZ = 16_000

Answer = Callable[[dict[str, Any]], "np.ndarray | str | None"]
"""Given the interviewer's line event (with `text` of the whole line), the answer to give:
16 kHz float32 audio, a typed string, or None to stop the interview."""


@dataclass
class TurnTiming:
    turn: int
    last_voiced_at: float  # perf_counter when the last frame of speech was sent
    first_reply_audio_at: float | None = None
    server: dict[str, Any] = field(default_factory=dict)  # the server's `metrics` event

    @property
    def reply_latency_s(self) -> float | None:
        if self.first_reply_audio_at is None:
            return None
        return self.first_reply_audio_at - self.last_voiced_at


@dataclass
class InterviewRun:
    events: list[dict[str, Any]] = field(default_factory=list)
    timings: list[TurnTiming] = field(default_factory=list)
    audio_bytes: int = 0
    interview_id: str | None = None
    report_url: str | None = None

    def of_type(self, type_: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == type_]


class ScriptedCandidate:
    """Streams microphone audio continuously (silence between answers, as a browser does)."""

    def __init__(self, url: str, answer: Answer, speed: float = 1.0) -> None:
        self._url = url
        self._answer = answer
        self._speed = speed  # 1.0 = real time; higher streams faster than a person speaks
        self.run = InterviewRun()
        self._line: dict[str, Any] | None = None
        self._awaiting: TurnTiming | None = None
        self._to_say: asyncio.Queue[tuple[np.ndarray, int]] = asyncio.Queue()

    async def interview(self, start: dict[str, Any], max_turns: int = 10) -> InterviewRun:
        async with websockets.connect(self._url, max_size=2**24) as ws:
            await ws.send(json.dumps({"type": "start", **start}))
            microphone = asyncio.create_task(self._microphone(ws))
            try:
                await self._converse(ws, max_turns)
            finally:
                microphone.cancel()
        return self.run

    async def _converse(self, ws: Any, max_turns: int) -> None:
        turns = 0
        while await self._next_listening(ws):
            line = self._line or {}
            if line.get("kind") == "closing":
                continue  # the interviewer said goodbye: the report follows
            answer = self._answer(line) if turns < max_turns else None
            if answer is None:
                await ws.send(json.dumps({"type": "stop"}))
            elif isinstance(answer, str):
                await ws.send(json.dumps({"type": "text_answer", "text": answer}))
                self._expect_reply(line.get("turn", 0))
            else:
                await self._to_say.put((answer, line.get("turn", 0)))
            turns += 1

    def _expect_reply(self, turn: int) -> None:
        self._awaiting = TurnTiming(turn, time.perf_counter())
        self.run.timings.append(self._awaiting)

    async def _microphone(self, ws: Any) -> None:
        """Send 20 ms frames at the chosen pace: queued answers, otherwise silence."""
        silence = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        frame_s = FRAME_SAMPLES / SAMPLE_RATE_HZ / self._speed
        next_at = time.perf_counter()
        while True:
            if self._to_say.empty():
                chunks, turn = [silence], None
            else:
                audio, turn = self._to_say.get_nowait()
                chunks = [audio[i : i + FRAME_SAMPLES] for i in range(0, len(audio), FRAME_SAMPLES)]
            for chunk in chunks:
                await ws.send((np.clip(chunk, -1, 1) * 32767).astype("<i2").tobytes())
                next_at += frame_s
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            if turn is not None:
                self._expect_reply(turn)

    async def _receive(self, ws: Any) -> dict[str, Any] | None:
        message = await ws.recv()
        now = time.perf_counter()
        if isinstance(message, bytes):
            self.run.audio_bytes += len(message)
            if self._awaiting is not None and self._awaiting.first_reply_audio_at is None:
                self._awaiting.first_reply_audio_at = now
            return None
        event = json.loads(message)
        event["_at"] = now
        self.run.events.append(event)
        self._note(event)
        return event

    def _note(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if kind == "session_started":
            self.run.interview_id = event["interview_id"]
        elif kind == "interviewer_line":
            if self._line is None or self._line["turn"] != event["turn"]:
                self._line = dict(event)
            else:
                self._line["text"] += " " + event["text"]
        elif kind == "metrics":
            timing = next((t for t in self.run.timings if t.turn == event["turn"]), None)
            if timing is not None:
                timing.server = event
        elif kind == "session_ended":
            self.run.report_url = event["report_url"]

    async def _next_listening(self, ws: Any) -> bool:
        """Wait until the interviewer has finished a line (True) or the interview ended."""
        while True:
            event = await self._receive(ws)
            if event is None:
                continue
            if event["type"] == "session_ended":
                return False
            if event["type"] == "error" and event.get("fatal"):
                raise RuntimeError(f"server error: {event}")
            if event["type"] == "state" and event["phase"] == "listening":
                return True
