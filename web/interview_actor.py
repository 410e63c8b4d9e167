"""The one owner of one interview on this connection (DESIGN.md §2, "the voice loop").

A single task consumes one typed event union (`web/actor_events.py`) in order and alone
changes the phase and calls the conductor. The receive task only parses and enqueues; the
sender only sends; decoding an answer and speaking a line run as child tasks that report back
with events. So every control meets one well-defined phase: it is either valid there or
refused with a code, and no two actions ever interleave.

What it promises:
- every finished answer is committed (`turn_saved`) before the next line is spoken, against
  the line the candidate heard;
- speech that starts while the interviewer is thinking, or within `continuation_window_ms` of
  its reply starting, continues the same answer: the reply stops and the decision is taken
  again on the whole answer;
- a dropped connection, a take-over by another tab and an idle timeout all save what was
  heard first; nothing is accepted after the closing line; `session_ended` comes once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from interviewer.conductor import InterviewerLine
from interviewer.leases import LeaseLost
from interviewer.session_state import Event, Phase
from speech.endpointing import EndOfTurn, Endpointer, SpeechStarted
from speech.types import Transcript
from web.actor_controls import ActorControls
from web.actor_events import (
    ActorEvent,
    AnswerHeard,
    AudioIn,
    CodeIn,
    ControlIn,
    Disconnected,
    LineDone,
    Opened,
    ReportReady,
    TextIn,
    Tick,
)
from web.actor_lifecycle import ActorLifecycle
from web.actor_state import Stop
from web.answer_audio import decode_answer, keep_answer_audio
from web.audio_input import AudioInput, FinishedAnswer, merge_answers
from web.protocol import ProtocolError, ResumeSession, Start, error_event, event
from web.reply_timing import ReplyTiming

log = logging.getLogger(__name__)


class InterviewActor(ActorControls, ActorLifecycle):
    """One interview's owner on this connection; its parts are in actor_state.py,
    actor_controls.py and actor_lifecycle.py."""

    async def run(self) -> None:
        try:
            while True:
                item = await self._inbox.get()
                if isinstance(item, Disconnected):
                    await self._save_in_flight()
                    return
                await self._dispatch(item)
        except Stop:
            return
        finally:
            await self._shut_down()

    async def _dispatch(self, item: ActorEvent) -> None:
        try:
            await self._handle(item)
        except ProtocolError as exc:
            await self._io.send(error_event(exc.code, exc.message, exc.fatal))
            if exc.fatal:
                raise Stop from None
        except LeaseLost:
            await self._hand_over(save=False)
        except Stop:
            raise
        except Exception:
            log.exception("the interview hit an internal error")
            await self._io.send(error_event("internal", "the interviewer hit an internal error"))
            await self._recover()

    async def _handle(self, item: ActorEvent) -> None:
        if isinstance(item, Opened):
            await self._open(item)
        elif isinstance(item, AudioIn):
            await self._on_audio(item.pcm16)
        elif isinstance(item, ControlIn):
            await self._on_control(item.kind)
        elif isinstance(item, TextIn):
            await self._on_text(item.text)
        elif isinstance(item, CodeIn):
            self._touch()
            self._codes[self._require_conductor().question.id] = item.text
        elif isinstance(item, AnswerHeard):
            await self._on_answer_heard(item)
        elif isinstance(item, LineDone):
            await self._on_line_done(item)
        elif isinstance(item, ReportReady):
            await self._end(item.report_url)
        elif isinstance(item, Tick):
            await self._on_tick()

    # --- opening -------------------------------------------------------------------------
    async def _open(self, item: Opened) -> None:
        if self._conductor is not None:
            raise ProtocolError("invalid_state", "this connection already has an interview")
        if self._rt.active_sessions >= self._rt.settings.max_sessions:
            raise ProtocolError("busy", "the server is at its session limit; try again", True)
        limits = self._rt.settings.limits
        # Team mode bounds each account's new interviews; a resume (a reload, a second tab
        # taking over) is not refused, as it frees the connection it takes over from.
        team = self._rt.settings.mode == "team"
        starting = isinstance(item.message, Start)
        if (
            team
            and starting
            and self._rt.user_sessions[self.user_id] >= limits.concurrent_sessions_per_user
        ):
            raise ProtocolError(
                "limit",
                f"you already have {limits.concurrent_sessions_per_user} interview(s) open; "
                "finish or leave one first",
                True,
            )
        self._rt.active_sessions += 1  # held while the interview is being opened, too
        self._rt.user_sessions[self.user_id] += 1
        self._holds_slot = True
        try:
            await self._open_interview(item)
        except BaseException:
            self.release_slot()
            raise

    async def _open_interview(self, item: Opened) -> None:
        message = item.message
        resumed = isinstance(message, ResumeSession)
        if isinstance(message, ResumeSession):
            conductor = await self._rt.resume(message, self.owner, self.user_id)
            token = message.token  # the resume proved it
        else:
            conductor, token = await self._rt.start(message, self.owner, self.user_id)
        self._conductor = conductor
        self._audio = AudioInput(
            Endpointer(self._rt.services.make_vad(), self._rt.services.endpointing),
            lambda audio: self._rt.transcribe(audio, conductor),
            lambda text: self._io.send(event("transcript_partial", text=text)),
            self._rt.settings.asr.partial_every_ms / 1000,
            self._rt.settings.asr.partial_window_s,
            # With 2 cores, captions for several candidates would queue in front of their
            # answers' own decodes: only a lone session gets live captions.
            lambda: self._rt.active_sessions <= 1,
            lambda: self._rt.decodes_in_flight,
        )
        await self._io.send(self._rt.session_started(conductor, token))
        self._set_phase(Event.START)
        if conductor.ended or conductor.interview.status == "closing":
            await self._speak(conductor.stop())  # then the report, as it would have come
            return
        await self._speak(conductor.resumed_line() if resumed else conductor.current_line)

    # --- audio ---------------------------------------------------------------------------
    async def _on_audio(self, pcm16: bytes) -> None:
        audio = self._audio
        if audio is None:
            raise ProtocolError("no_session", "send 'start' before audio")
        if self._phase not in (Phase.LISTENING, Phase.SPEAKING, Phase.THINKING):
            return  # paused, closing or ended: the candidate is not being listened to
        found = await self._rt.bridge.run_vad(audio.detect, pcm16)
        for item in audio.react(found, pcm16):
            if isinstance(item, SpeechStarted):
                await self._on_speech_started()
            elif isinstance(item, EndOfTurn):
                await self._end_answer(audio.finish(item))

    async def _on_speech_started(self) -> None:
        self._touch()
        await self._io.send(event("speech_started"))
        if self._phase is Phase.THINKING and self._pending is not None:
            # Talking on before the decision was taken: the same answer goes on.
            self._cancel_decoding()
            self._prefix, self._pending = self._pending, None
            await self._change(Event.CONTINUE)
        elif self._phase is Phase.SPEAKING:
            continuing = self._within_continuation_window()
            await self._player.interrupt()
            if continuing:
                self._amending = True
                await self._change(Event.CONTINUE)
            else:
                await self._change(Event.BARGE_IN)

    def _within_continuation_window(self) -> bool:
        """The line playing is the reply to the last saved answer, started only just now."""
        playing = self._player.playing
        if playing is None or playing.token != self._reply_token or self._conductor is None:
            return False
        window_s = self._limits.continuation_window_ms / 1000
        return self._conductor.can_amend and time.monotonic() - playing.started_at <= window_s

    async def _end_answer(self, answer: FinishedAnswer) -> None:
        if self._prefix is not None:
            answer = merge_answers(self._prefix, answer)
            self._prefix = None
        await self._player.interrupt()
        await self._change(Event.END_OF_TURN)
        self._timing.answer_ended(answer.end.last_voiced_s, answer.end.at_s)
        self._pending = answer
        self._decode_token += 1
        self._decoding = asyncio.create_task(self._decode(answer, self._decode_token))

    async def _decode(self, answer: FinishedAnswer, token: int) -> None:
        try:
            transcript = await decode_answer(answer, self._language())
        except ProtocolError as exc:
            await self.post(AnswerHeard(token, None, exc))
            return
        await self.post(AnswerHeard(token, transcript))

    def _cancel_decoding(self) -> None:
        """Stop waiting for a decode (its segment decodes go on: a continuation reuses them)."""
        self._decode_token += 1
        if self._decoding is not None:
            self._decoding.cancel()
            self._decoding = None

    async def _on_answer_heard(self, heard: AnswerHeard) -> None:
        if heard.token != self._decode_token or self._phase is not Phase.THINKING:
            return  # superseded by a continuation
        answer, self._pending, self._decoding = self._pending, None, None
        self._timing.answer_heard()
        if heard.transcript is None:
            # Keep the recording as an incomplete turn so nothing said is lost, say what
            # went wrong, and ask the same line again.
            silent = Transcript("", (), self._language(), 0.0)
            await self._commit(silent, answer, complete=False)
            if heard.error is not None:
                await self._io.send(error_event(heard.error.code, heard.error.message))
            return
        await self._commit(heard.transcript, answer, complete=True)

    # --- committing and speaking -----------------------------------------------------------
    async def _commit(
        self, transcript: Transcript, answer: FinishedAnswer | None, complete: bool
    ) -> None:
        """Save the answer, then (unless the connection is leaving) say what comes next."""
        conductor = self._require_conductor()
        started = time.perf_counter()
        amending = self._amending and complete and conductor.can_amend
        self._amending = False
        if amending and answer is not None and self._saved_answer is not None:
            answer = merge_answers(self._saved_answer, answer)
        turn_index = self._amend_index() if amending else conductor.current_line.turn_index
        audio_path = await keep_answer_audio(
            self._rt.bridge, self._rt.settings, conductor, turn_index, answer
        )
        answered = self._saved_question_id if amending else conductor.question.id
        code = self._codes.get(answered) or None
        if amending:
            outcome = await self._rt.bridge.run(conductor.amend, transcript, audio_path, code)
        else:
            outcome = await self._rt.bridge.run(
                conductor.answer, transcript, complete, audio_path, code
            )
        self._saved_question_id = outcome.turn.question_id
        # After the commit: the text as saved (for a continuation, the whole answer).
        turn = outcome.turn
        await self._io.send(event("transcript_final", turn=turn.turn_index, text=turn.text))
        saved = event("turn_saved", turn=turn.turn_index, complete=complete)
        await self._io.send({**saved, "amended": True} if amending else saved)
        self._saved_answer = answer if complete else None
        if complete:
            self._rt.scoring.submit(outcome.scoring, self._on_scored)
        self._timing.decided(outcome.turn.turn_index, started)
        if self._leaving:
            return
        if self._stop_requested:
            await self._speak(await self._rt.bridge.run(conductor.stop))
            return
        await self._speak(outcome.next_line, reply=complete)

    def _amend_index(self) -> int:
        return self._require_conductor().current_line.turn_index - 1

    async def _speak(self, line: InterviewerLine, reply: bool = False) -> None:
        """Start saying `line`; the actor goes on listening while it plays."""
        conductor = self._require_conductor()
        if line.kind == "closing":
            await self._change(Event.CLOSE)
            await self._rt.bridge.run(self._rt.services.store.mark_closing, conductor.interview.id)
        else:
            await self._change(Event.LINE_STARTED)
        phase = conductor.phase_status()
        if phase is not None and line.kind != "closing":  # a timed mock: the page's clock
            await self._io.send(event("phase", **phase))
        playing = self._player.start(line, conductor)
        self._reply_token = playing.token if reply else 0

    async def _on_line_done(self, done: LineDone) -> None:
        playing = self._player.finished(done)
        if playing is None:
            return
        conductor = self._require_conductor()
        spoken = done.spoken.text if done.spoken is not None else playing.line.text
        conductor.record_spoken(playing.line, spoken)
        if playing.token == self._repeat_token and done.spoken is not None:
            sent_s = time.perf_counter() - (done.spoken.first_audio_s or time.perf_counter())
            self._repeat_heard_until = time.monotonic() + max(0.0, done.spoken.audio_s - sent_s)
        if playing.token == self._reply_token and done.spoken is not None:
            metrics = self._timing.metrics(done.spoken.first_audio_s)
            self._timing = ReplyTiming()
            if metrics is not None:
                await self._io.send(metrics)
        if done.failed:
            await self._io.send(error_event("internal", "the interviewer's line failed"))
        if self._phase is Phase.CLOSING:
            self._await_report()
        elif self._phase is Phase.SPEAKING:
            await self._change(Event.LINE_FINISHED)

    def _await_report(self) -> None:
        """Wait for the report beside the actor, not in it: scoring the last answers can take
        minutes (a first start embeds the bank), and the actor must go on draining its inbox
        meanwhile. Blocked, it stopped the socket being read, the client's audio and pongs
        queued unread, and the keep-alive dropped the connection before `session_ended`."""
        if self._reporting is not None:
            return
        finishing = self._rt.scoring.finish(self._require_conductor().interview.id)

        async def report_ready() -> None:
            # Shielded: the report is written even if this connection goes first.
            await self.post(ReportReady(await asyncio.shield(finishing)))

        self._reporting = asyncio.create_task(report_ready())

    async def _end(self, report_url: str) -> None:
        interview_id = self._require_conductor().interview.id
        await self._change(Event.ENDED)
        ended = event("session_ended", interview_id=interview_id, report_url=report_url)
        await self._io.send(ended)
        raise Stop  # nothing is accepted after the end: the connection closes

    async def _on_scored(self, turn: int, detail: dict[str, Any]) -> None:
        await self._io.send(event("score", turn=turn, **detail))
