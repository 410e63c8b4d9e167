"""The latency split of one reply, sent as the `metrics` event: how long the endpointer waited
after the last voiced audio, how long ASR still ran after the end of turn, the decision (commit
and decide next), and the line to its first audio. `bench/latency.py` reads it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from web.protocol import event


@dataclass
class ReplyTiming:
    ended_at: float | None = None  # perf_counter at the end of turn
    endpoint_wait_ms: int = 0
    asr_ms: int = 0
    decide_ms: int = 0
    decided_at: float | None = None
    turn: int = -1

    def answer_ended(self, last_voiced_s: float | None, at_s: float) -> None:
        waited_s = 0.0 if last_voiced_s is None else max(0.0, at_s - last_voiced_s)
        self.ended_at = time.perf_counter()
        self.endpoint_wait_ms = round(waited_s * 1000)
        self.asr_ms = 0

    def answer_heard(self) -> None:
        if self.ended_at is not None:
            self.asr_ms = round((time.perf_counter() - self.ended_at) * 1000)

    def decided(self, turn: int, started_at: float) -> None:
        """The turn was saved and the next line chosen; `started_at` began the decision."""
        now = time.perf_counter()
        if self.ended_at is None:  # a typed answer: the reply starts at the decision
            self.ended_at = started_at
        self.decide_ms = round((now - started_at) * 1000)
        self.decided_at = now
        self.turn = turn

    def metrics(self, first_audio_at: float | None) -> dict[str, Any] | None:
        """The `metrics` event once the reply's first audio left (None if not measured)."""
        ended_at, decided_at = self.ended_at, self.decided_at
        if first_audio_at is None or ended_at is None or decided_at is None:
            return None
        return event(
            "metrics",
            turn=self.turn,
            endpoint_wait_ms=self.endpoint_wait_ms,
            asr_ms=self.asr_ms,
            decide_ms=self.decide_ms,
            line_first_audio_ms=round((first_audio_at - decided_at) * 1000),
            reply_ms=round((first_audio_at - ended_at) * 1000),
        )
