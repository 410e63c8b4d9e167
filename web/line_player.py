"""Speaking the interviewer's lines for one interview: one line at a time, as a child task of
the actor, so the actor keeps hearing the candidate (barge-in, continuation) while it talks.
The task reports back with a `LineDone` carrying its token; an interrupted line never does."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from interviewer.conductor import Conductor, InterviewerLine
from interviewer.line_writer import LineContext
from speech.errors import SpeechError
from speech.types import SpeechSynthesizer
from web.actor_events import ActorEvent, LineDone
from web.protocol import error_event, event
from web.session_io import SessionIO
from web.session_runtime import SessionRuntime

log = logging.getLogger(__name__)


@dataclass
class Playing:
    line: InterviewerLine
    token: int
    task: asyncio.Task[None]
    started_at: float  # monotonic time the line was started


class LinePlayer:
    def __init__(
        self,
        runtime: SessionRuntime,
        io: SessionIO,
        post: Callable[[ActorEvent], Awaitable[None]],
    ) -> None:
        self._rt = runtime
        self._io = io
        self._post = post
        self._token = 0
        self._voice_error = False
        self.playing: Playing | None = None

    def start(self, line: InterviewerLine, conductor: Conductor) -> Playing:
        self._token += 1
        task = asyncio.create_task(self._say(line, conductor, self._token))
        self.playing = Playing(line, self._token, task, time.monotonic())
        return self.playing

    def finished(self, done: LineDone) -> Playing | None:
        """The playing line if `done` is its report (else a stale one: ignore it)."""
        playing = self.playing
        if playing is None or playing.token != done.token:
            return None
        self.playing = None
        return playing

    async def interrupt(self) -> InterviewerLine | None:
        """Stop the line now (barge-in, a control); returns it, or None if none was playing."""
        playing, self.playing = self.playing, None
        if playing is None:
            return None
        playing.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await playing.task
        await self._io.send(event("audio_end", interrupted=True))
        return playing.line

    async def _say(self, line: InterviewerLine, conductor: Conductor, token: int) -> None:
        try:
            synthesizer = await self._voice(conductor.language)
            question_id = line.question_id
            bank = self._rt.services.bank
            known = question_id is not None and question_id in bank
            question = bank.get(question_id) if known and question_id else None
            context = LineContext(
                conductor.language, question, line.transition_index, tuple(conductor.spoken_lines)
            )
            spoken = await self._rt.speaker.speak(line, context, synthesizer, self._io.send)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("speaking a line failed")
            await self._post(LineDone(token, None, failed=True))
            return
        await self._post(LineDone(token, spoken))

    async def _voice(self, language: str) -> SpeechSynthesizer | None:
        """The voice for this language, or None (text on screen) when none can be loaded,
        e.g. a Chinese piper voice path that does not exist; said once per session."""
        if self._voice_error:
            return None
        try:
            return await self._rt.bridge.run(self._rt.services.synthesizer, language)
        except SpeechError as exc:
            self._voice_error = True
            message = f"no interviewer voice for '{language}' ({exc}); lines are shown as text"
            await self._io.send(error_event("tts_failed", message))
            return None
