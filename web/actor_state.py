"""The state of one interview's actor and the small steps every part of it uses.

The actor (`web/interview_actor.py`) is one object; its parts live in small modules by what
they do: this state and helpers, the controls (`web/actor_controls.py`), and the clock,
hand-over and leaving (`web/actor_lifecycle.py`). Only the actor's own task runs any of them,
so the phase still has one owner. The abstract steps below are the ones those parts call and
the actor itself implements (answering, speaking).
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod

from interviewer.accounts import LOCAL_USER_ID
from interviewer.conductor import Conductor, InterviewerLine
from interviewer.session_state import Event, Phase, allows, next_phase
from speech.types import Transcript
from web.actor_events import ActorEvent
from web.audio_input import AudioInput, FinishedAnswer
from web.line_player import LinePlayer
from web.protocol import ProtocolError, event
from web.reply_timing import ReplyTiming
from web.session_io import SessionIO
from web.session_runtime import SessionRuntime


class Stop(Exception):
    """The actor's work on this connection is over (after a fatal error or a hand-over)."""


class ActorState(ABC):
    def __init__(
        self, io: SessionIO, runtime: SessionRuntime, owner: str, user_id: str = LOCAL_USER_ID
    ) -> None:
        self._io = io
        self._rt = runtime
        self.owner = owner  # this connection, as the interview's lease holder
        self.user_id = user_id  # the candidate, who owns the interview
        self._limits = runtime.settings.session
        self._inbox: asyncio.Queue[ActorEvent] = asyncio.Queue(maxsize=self._limits.inbox_size)
        self._phase = Phase.IDLE
        self._conductor: Conductor | None = None
        self._audio: AudioInput | None = None
        self._player = LinePlayer(runtime, io, self.post)
        self._decode_token = 0
        self._decoding: asyncio.Task[None] | None = None
        self._reporting: asyncio.Task[None] | None = None  # waits for the report, then posts
        self._pending: FinishedAnswer | None = None  # decoding, not yet saved
        self._prefix: FinishedAnswer | None = None  # continued before it was saved
        self._saved_answer: FinishedAnswer | None = None  # continued after it was saved
        self._amending = False
        self._codes: dict[str, str] = {}  # the code pad's text, by the question it was for
        self._saved_question_id = ""  # the question of the last saved answer
        self._stop_requested = False
        self._leaving = False  # the connection is going: save, but say nothing more
        self._timing = ReplyTiming()
        self._reply_token = 0  # the reply to the last answer: its metrics, its continuation window
        self._repeat_token = 0  # the line a repeat started, while it plays
        self._repeat_heard_until = 0.0  # monotonic time the client finishes playing it
        self._opened_at = time.monotonic()
        self._last_activity = time.monotonic()
        self._last_heartbeat = 0.0
        self._holds_slot = False

    @property
    def phase(self) -> Phase:
        return self._phase

    async def post(self, item: ActorEvent) -> None:
        await self._inbox.put(item)

    def release_slot(self) -> None:
        """Give the session slot back (once): when the socket closes, or the actor stops."""
        if self._holds_slot:
            self._holds_slot = False
            self._rt.active_sessions -= 1
            self._rt.user_sessions[self.user_id] -= 1

    @abstractmethod
    async def _end_answer(self, answer: FinishedAnswer) -> None:
        """The candidate's answer is over: decode it, then decide."""

    @abstractmethod
    async def _commit(
        self, transcript: Transcript, answer: FinishedAnswer | None, complete: bool
    ) -> None:
        """Save the answer, then say what comes next."""

    @abstractmethod
    async def _speak(self, line: InterviewerLine, reply: bool = False) -> None:
        """Start saying a line."""

    @abstractmethod
    def _cancel_decoding(self) -> None:
        """Stop waiting for the answer's decode."""

    async def _change(self, happened: Event) -> None:
        self._set_phase(happened)
        await self._io.send(event("state", phase=str(self._phase)))

    def _set_phase(self, happened: Event) -> None:
        self._phase = next_phase(self._phase, happened)

    def _require(self, happened: Event, kind: str) -> None:
        if not allows(self._phase, happened):
            raise ProtocolError("invalid_state", f"'{kind}' is not allowed while {self._phase}")

    def _require_conductor(self) -> Conductor:
        if self._conductor is None:
            raise ProtocolError("no_session", "no interview yet: send 'start' first")
        return self._conductor

    def _require_audio(self) -> AudioInput:
        if self._audio is None:
            raise ProtocolError("no_session", "no interview yet: send 'start' first")
        return self._audio

    def _language(self) -> str:
        return self._conductor.language if self._conductor is not None else "en"

    def _touch(self) -> None:
        self._last_activity = time.monotonic()
