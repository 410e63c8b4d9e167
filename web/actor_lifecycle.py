"""The actor's clock, hand-over and leaving: lease heartbeats, a take-over by another
connection, idle and start timeouts, saving what was heard when the connection goes, and
recovering from an internal error without getting stuck."""

from __future__ import annotations

import logging
import time

from interviewer.leases import LeaseLost
from interviewer.session_state import Phase
from speech.types import Transcript
from web.actor_state import ActorState, Stop
from web.answer_audio import decode_answer
from web.audio_input import FinishedAnswer, merge_answers
from web.protocol import ProtocolError, error_event, event

log = logging.getLogger(__name__)


class ActorLifecycle(ActorState):
    async def _on_tick(self) -> None:
        now = time.monotonic()
        if self._conductor is None:
            if now - self._opened_at > self._limits.start_timeout_s:
                seconds = round(self._limits.start_timeout_s)
                raise ProtocolError(
                    "idle_timeout", f"no 'start' or 'resume_session' within {seconds} s", True
                )
            return
        if self._phase is Phase.ENDED:
            return
        if now - self._last_heartbeat >= self._limits.heartbeat_s:
            self._last_heartbeat = now
            store, interview_id = self._rt.services.store, self._conductor.interview.id
            beat = await self._rt.bridge.run(store.heartbeat, interview_id, self.owner)
            # A closing interview is only waiting for its report, then ends: a tab asking
            # for it then is told it has ended, rather than given a closing line again.
            wanted = beat.wanted and self._phase is not Phase.CLOSING
            if not beat.mine or wanted:
                await self._hand_over(save=beat.mine)
        idle = self._phase in (Phase.LISTENING, Phase.PAUSED) and self._player.playing is None
        if idle and now - self._last_activity > self._limits.idle_timeout_s:
            await self._save_in_flight()
            await self._io.send(event("state", phase=str(Phase.PAUSED)))
            minutes = round(self._limits.idle_timeout_s / 60)
            raise ProtocolError(
                "idle_timeout",
                f"paused after {minutes} min without activity; resume when you are ready",
                True,
            )

    async def _hand_over(self, save: bool) -> None:
        """Another connection takes this interview over: save what was heard, tell the
        client (it must not reconnect), and stop."""
        if save:
            await self._save_in_flight()
        await self._io.send(
            error_event("taken_over", "this interview continues in another window", True)
        )
        raise Stop

    async def _save_in_flight(self) -> None:
        """Save an answer being given or decided (the connection is going away)."""
        conductor, audio = self._conductor, self._audio
        if conductor is None or audio is None or self._phase in (Phase.CLOSING, Phase.ENDED):
            return
        await self._player.interrupt()
        answer: FinishedAnswer | None = None
        complete = False
        if self._phase is Phase.THINKING and self._pending is not None:
            answer, complete = self._pending, True  # finished, only not yet decided
            self._cancel_decoding()
        elif audio.heard_speech or self._prefix is not None:
            answer = audio.force_end()
            if self._prefix is not None:
                answer = merge_answers(self._prefix, answer)
        if answer is None:
            return
        self._pending = self._prefix = None
        try:
            transcript = await decode_answer(answer, self._language())
        except ProtocolError:
            transcript = Transcript("", (), self._language(), 0.0)
            complete = False
        self._leaving = True
        try:
            await self._commit(transcript, answer, complete)
        except LeaseLost:
            log.warning("could not save the in-flight answer: the lease is gone")

    async def _recover(self) -> None:
        """After an internal error: back to the pending line, never stuck thinking."""
        if self._conductor is None or self._phase in (Phase.CLOSING, Phase.ENDED):
            return
        if self._phase is Phase.THINKING:
            self._cancel_decoding()
            self._pending = self._prefix = None
            await self._speak(self._conductor.current_line)

    async def _shut_down(self) -> None:
        self.release_slot()
        self._cancel_decoding()
        if self._reporting is not None:
            self._reporting.cancel()  # only the wait: the report itself is shielded
        playing = self._player.playing
        if playing is not None:
            playing.task.cancel()
        self._rt.live_owners.discard(self.owner)
        if self._conductor is not None:
            interview_id = self._conductor.interview.id
            try:
                await self._rt.bridge.run(
                    self._rt.services.store.release_lease, interview_id, self.owner
                )
            except Exception:
                log.exception("could not release the lease of %s", interview_id)
