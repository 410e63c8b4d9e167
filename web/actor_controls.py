"""The candidate's controls (answer_done, pause, resume, repeat, skip, stop) and typed
answers: each is valid in some phases and refused with a stable code in the others."""

from __future__ import annotations

import time

from interviewer.session_state import Event, Phase
from speech.types import Transcript
from web.actor_state import ActorState
from web.protocol import ProtocolError, event


class ActorControls(ActorState):
    async def _on_control(self, kind: str) -> None:
        conductor, audio = self._require_conductor(), self._require_audio()
        self._touch()
        if self._phase in (Phase.CLOSING, Phase.ENDED):
            raise ProtocolError("invalid_state", f"'{kind}' is not allowed: the interview is over")
        if kind == "stop":
            await self._stop()
            return
        if self._phase is Phase.THINKING:
            raise ProtocolError(
                "invalid_state", f"'{kind}' is not allowed while the interviewer is thinking"
            )
        if kind == "answer_done":
            self._require(Event.END_OF_TURN, kind)
            await self._end_answer(audio.force_end())
        elif kind == "pause":
            self._require(Event.PAUSE, kind)
            await self._player.interrupt()
            await self._change(Event.PAUSE)
        elif kind == "resume":
            self._require(Event.RESUME, kind)
            await self._change(Event.RESUME)
        elif kind == "repeat":
            playing = self._player.playing
            repeating = playing is not None and playing.token == self._repeat_token
            if repeating or time.monotonic() < self._repeat_heard_until:
                # One repeat in flight, until the client has played it: a burst of repeats
                # says the line once, not once each.
                raise ProtocolError("invalid_state", "the line is already being repeated")
            await self._drop_answer_in_progress()
            await self._speak(conductor.current_line)
            self._repeat_token = self._player.playing.token if self._player.playing else 0
        elif kind == "skip":
            await self._drop_answer_in_progress()
            line = await self._rt.bridge.run(conductor.skip)
            await self._io.send(event("turn_saved", turn=line.turn_index - 1, skipped=True))
            await self._speak(line)

    async def _stop(self) -> None:
        """End the interview: an answer being given or decided is saved first."""
        conductor, audio = self._require_conductor(), self._require_audio()
        self._stop_requested = True
        if self._phase is Phase.THINKING:
            return  # the answer being decided is saved, then the closing line is said
        if self._phase in (Phase.LISTENING, Phase.SPEAKING) and (
            audio.heard_speech or self._prefix is not None
        ):
            await self._end_answer(audio.force_end())
            return
        await self._player.interrupt()
        audio.discard()
        await self._speak(await self._rt.bridge.run(conductor.stop))

    async def _on_text(self, text: str) -> None:
        self._require_conductor()
        self._touch()
        if len(text) > self._rt.settings.max_text_answer_chars:
            raise ProtocolError("message_too_large", "the typed answer is too long")
        self._require(Event.END_OF_TURN, "text_answer")
        self._require_audio().discard()
        self._prefix = None
        await self._player.interrupt()
        await self._change(Event.END_OF_TURN)
        await self._commit(Transcript(text.strip(), (), self._language(), 0.0), None, True)

    async def _drop_answer_in_progress(self) -> None:
        """Repeat and skip set aside what the candidate had started to say (their choice)."""
        if self._phase not in (Phase.LISTENING, Phase.SPEAKING, Phase.PAUSED):
            raise ProtocolError("invalid_state", f"not allowed while {self._phase}")
        self._require_audio().discard()
        self._prefix = None
        self._amending = False
        await self._player.interrupt()
