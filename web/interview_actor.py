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

from interviewer.conductor import Conductor, InterviewerLine
from interviewer.leases import LeaseLost
from interviewer.session_state import Event, Phase, allows, next_phase
from speech.endpointing import EndOfTurn, Endpointer, SpeechStarted
from speech.types import Transcript
from web.actor_events import (
    ActorEvent,
    AnswerHeard,
    AudioIn,
    CodeIn,
    ControlIn,
    Disconnected,
    LineDone,
    Opened,
    TextIn,
    Tick,
)
from web.answer_audio import decode_answer, keep_answer_audio
from web.audio_input import AudioInput, FinishedAnswer, merge_answers
from web.line_player import LinePlayer
from web.protocol import ProtocolError, ResumeSession, error_event, event
from web.reply_timing import ReplyTiming
from web.session_io import SessionIO
from web.session_runtime import SessionRuntime

log = logging.getLogger(__name__)


class Stop(Exception):
    """The actor's work on this connection is over (after a fatal error or a hand-over)."""


class InterviewActor:
    def __init__(self, io: SessionIO, runtime: SessionRuntime, owner: str) -> None:
        self._io = io
        self._rt = runtime
        self.owner = owner
        self._limits = runtime.settings.session
        self._inbox: asyncio.Queue[ActorEvent] = asyncio.Queue(maxsize=self._limits.inbox_size)
        self._phase = Phase.IDLE
        self._conductor: Conductor | None = None
        self._audio: AudioInput | None = None
        self._player = LinePlayer(runtime, io, self.post)
        self._decode_token = 0
        self._decoding: asyncio.Task[None] | None = None
        self._pending: FinishedAnswer | None = None  # decoding, not yet saved
        self._prefix: FinishedAnswer | None = None  # continued before it was saved
        self._saved_answer: FinishedAnswer | None = None  # continued after it was saved
        self._amending = False
        self._codes: dict[str, str] = {}  # the code pad's text, by the question it was for
        self._saved_question_id = ""  # the question of the last saved answer
        self._stop_requested = False
        self._leaving = False  # the connection is going: save, but say nothing more
        self._reply_started_at: float | None = None  # the line decided after an answer
        self._timing = ReplyTiming()
        self._reply_token = 0  # the line whose first audio ends the measured reply
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
        elif isinstance(item, Tick):
            await self._on_tick()

    # --- opening -------------------------------------------------------------------------
    async def _open(self, item: Opened) -> None:
        if self._conductor is not None:
            raise ProtocolError("invalid_state", "this connection already has an interview")
        if self._rt.active_sessions >= self._rt.settings.max_sessions:
            raise ProtocolError("busy", "the server is at its session limit; try again", True)
        self._rt.active_sessions += 1  # held while the interview is being opened, too
        self._holds_slot = True
        try:
            await self._open_interview(item)
        except BaseException:
            self.release_slot()
            raise

    def release_slot(self) -> None:
        """Give the session slot back (once): when the socket closes, or the actor stops."""
        if self._holds_slot:
            self._holds_slot = False
            self._rt.active_sessions -= 1

    async def _open_interview(self, item: Opened) -> None:
        message = item.message
        resumed = isinstance(message, ResumeSession)
        if isinstance(message, ResumeSession):
            conductor = await self._rt.resume(message, self.owner)
            token = message.token  # the resume proved it
        else:
            conductor, token = await self._rt.start(message, self.owner)
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
        found = await self._rt.bridge.run(audio.detect, pcm16)
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
        started = self._reply_started_at
        playing = self._player.playing
        if started is None or playing is None or self._conductor is None:
            return False
        window_s = self._limits.continuation_window_ms / 1000
        return self._conductor.can_amend and time.monotonic() - started <= window_s

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
        self._reply_started_at = time.monotonic() if reply else None
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
            await self._finish()
        elif self._phase is Phase.SPEAKING:
            await self._change(Event.LINE_FINISHED)

    async def _finish(self) -> None:
        conductor = self._require_conductor()
        interview_id = conductor.interview.id
        report_url = await asyncio.shield(self._rt.scoring.finish(interview_id))
        await self._change(Event.ENDED)
        ended = event("session_ended", interview_id=interview_id, report_url=report_url)
        await self._io.send(ended)
        raise Stop  # nothing is accepted after the end: the connection closes

    async def _on_scored(self, turn: int, detail: dict[str, Any]) -> None:
        await self._io.send(event("score", turn=turn, **detail))

    # --- controls ------------------------------------------------------------------------
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

    # --- the clock, hand-over and leaving ---------------------------------------------------
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
            if not beat.mine or beat.wanted:
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

    # --- small helpers ---------------------------------------------------------------------
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
