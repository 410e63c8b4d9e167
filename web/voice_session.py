"""One websocket connection: receive task, turn worker and sender (DESIGN.md §4).

The sender is the only writer to the socket, fed by a bounded queue. The turn worker runs the
interviewer's actions one at a time (answer, skip, repeat, stop, speak), so a turn is always
committed and announced with `turn_saved` before the next line is spoken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from interviewer.conductor import Conductor
from interviewer.session_state import Event, InvalidTransition, Phase, allows, next_phase
from speech.endpointing import EndOfTurn, Endpointer, SpeechStarted
from web.audio_input import AudioInput, FinishedAnswer
from web.protocol import (
    Control,
    ProtocolError,
    ResumeSession,
    Start,
    TextAnswer,
    check_audio_frame,
    error_event,
    event,
    parse_client_message,
)
from web.session_runtime import SessionRuntime
from web.turns import Job, TurnRunner

log = logging.getLogger(__name__)


class VoiceSession:
    def __init__(self, websocket: WebSocket, runtime: SessionRuntime) -> None:
        self._ws = websocket
        self._rt = runtime
        self._outbox: asyncio.Queue[dict[str, Any] | bytes | None] = asyncio.Queue(maxsize=256)
        self._jobs: asyncio.Queue[Job | None] = asyncio.Queue()
        self._phase = Phase.IDLE
        self._closed = False
        self._audio: AudioInput | None = None
        self._held: list[bytes] = []  # frames that arrive while the reply is being prepared
        self._draining = False
        self._vad_lock = asyncio.Lock()
        self._turns: TurnRunner | None = None

    async def run(self) -> None:
        await self._ws.accept()
        sender = asyncio.create_task(self._send_loop())
        worker = asyncio.create_task(self._work_loop())
        try:
            await self._receive_loop()
        finally:
            # Shielded: a server cancelling the handler on disconnect must not lose the answer
            # that was being spoken when the connection dropped.
            await asyncio.shield(self._close(worker, sender))

    async def _close(self, worker: asyncio.Task[None], sender: asyncio.Task[None]) -> None:
        self._closed = True
        await self._save_what_was_heard()
        await self._jobs.put(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(worker, timeout=120)
        if self._turns is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._turns.scored(), timeout=120)
        sender.cancel()

    # --- sending -------------------------------------------------------------------------
    async def send(self, item: dict[str, Any] | bytes) -> None:
        if not self._closed:
            await self._outbox.put(item)

    async def _send_loop(self) -> None:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            while (item := await self._outbox.get()) is not None:
                if isinstance(item, bytes):
                    await self._ws.send_bytes(item)
                else:
                    await self._ws.send_json(item)

    async def set_phase(self, happened: Event) -> None:
        self._phase = next_phase(self._phase, happened)
        await self.send(event("state", phase=str(self._phase)))
        if self._phase in (Phase.PAUSED, Phase.ENDED):
            self._held.clear()  # not being listened to: nothing to replay later
        if self._phase in (Phase.LISTENING, Phase.SPEAKING):
            await self._drain_held()

    async def _drain_held(self) -> None:
        """Feed, in order, the frames that arrived while the reply was being prepared; frames
        arriving meanwhile queue behind them. Stops if they end another turn."""
        if self._draining:
            return
        self._draining = True
        try:
            while self._held and self._phase in (Phase.LISTENING, Phase.SPEAKING):
                await self._feed(self._held.pop(0))
        finally:
            self._draining = False

    # --- receiving -----------------------------------------------------------------------
    async def _receive_loop(self) -> None:
        limit = self._rt.settings.max_message_bytes
        while True:
            message = await self._ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                if message.get("bytes") is not None:
                    check_audio_frame(message["bytes"], limit)
                    await self._on_audio_frame(message["bytes"])
                elif message.get("text") is not None:
                    await self._on_message(parse_client_message(message["text"], limit))
            except ProtocolError as exc:
                await self.send(error_event(exc.code, exc.message, exc.fatal))

    async def _on_audio_frame(self, frame: bytes) -> None:
        if self._turns is None or self._audio is None:
            raise ProtocolError("no_session", "send 'start' before audio")
        if self._phase is Phase.THINKING or self._held:
            self._held.append(frame)
            return
        if self._phase not in (Phase.LISTENING, Phase.SPEAKING):
            return  # paused or ended: the candidate is not being listened to
        await self._feed(frame)

    async def _feed(self, frame: bytes) -> None:
        assert self._audio is not None and self._turns is not None
        # The endpointer sees frames one at a time, in order, even across awaits.
        async with self._vad_lock:
            events = await self._rt.bridge.run(self._audio.detect, frame)
            for item in self._audio.react(events, frame):
                if isinstance(item, SpeechStarted):
                    await self.send(event("speech_started"))
                    if self._phase is Phase.SPEAKING:
                        await self._turns.interrupt()
                elif isinstance(item, EndOfTurn):
                    await self._end_turn(self._audio.finish(item))

    async def _end_turn(self, answer: FinishedAnswer) -> None:
        if self._turns is not None:
            await self._turns.interrupt()
        await self.set_phase(Event.END_OF_TURN)
        await self._jobs.put(Job("answer", answer=answer))

    async def _on_message(self, message: Start | Control | TextAnswer | ResumeSession) -> None:
        if isinstance(message, Start | ResumeSession):
            await self._open(message)
            return
        if self._turns is None or self._audio is None:
            raise ProtocolError("no_session", "no interview yet: send 'start' first")
        kind = message.type
        if kind in ("answer_done", "text_answer"):
            self._require(Event.END_OF_TURN)
            if isinstance(message, TextAnswer):
                if len(message.text) > self._rt.settings.max_text_answer_chars:
                    raise ProtocolError("message_too_large", "the typed answer is too long")
                async with self._vad_lock:
                    self._audio.discard()
                await self._turns.interrupt()
                await self.set_phase(Event.END_OF_TURN)
                await self._jobs.put(Job("text", text=message.text))
            else:
                async with self._vad_lock:
                    answer = self._audio.force_end()
                await self._end_turn(answer)
        elif kind == "pause":
            self._require(Event.PAUSE)
            await self._turns.interrupt()
            await self.set_phase(Event.PAUSE)
        elif kind == "resume":
            self._require(Event.RESUME)
            async with self._vad_lock:
                self._audio.discard()
            await self.set_phase(Event.RESUME)
        else:  # repeat, skip, stop
            if self._phase in (Phase.ENDED, Phase.IDLE):
                raise ProtocolError("invalid_state", f"'{kind}' is not allowed while {self._phase}")
            await self._turns.interrupt()
            async with self._vad_lock:
                self._audio.discard()
            await self._jobs.put(Job(kind))

    def _require(self, happened: Event) -> None:
        if not allows(self._phase, happened):
            raise ProtocolError("invalid_state", str(InvalidTransition(self._phase, happened)))

    async def _open(self, message: Start | ResumeSession) -> None:
        if self._turns is not None:
            raise ProtocolError("invalid_state", "this connection already has an interview")
        conductor = await self._rt.open_conductor(message)
        self._audio = AudioInput(
            Endpointer(self._rt.services.make_vad(), self._rt.services.endpointing),
            lambda audio: self._rt.transcribe(audio, conductor),
            lambda text: self.send(event("transcript_partial", text=text)),
            self._rt.settings.asr.partial_every_ms / 1000,
            self._rt.settings.asr.partial_window_s,
            # With 2 cores, captions for several candidates would queue in front of their
            # answers' own decodes: only a lone session gets live captions.
            lambda: self._rt.active_sessions <= 1,
        )
        self._turns = TurnRunner(self, self._rt, conductor)
        await self.send(self._rt.session_started(conductor))
        await self.set_phase(Event.START)
        resumed = isinstance(message, ResumeSession)
        first = conductor.resumed_line() if resumed else conductor.current_line
        await self._jobs.put(Job("speak", line=first))

    # --- the turn worker -----------------------------------------------------------------
    async def _work_loop(self) -> None:
        while (job := await self._jobs.get()) is not None:
            if self._turns is not None:
                await self._run_job(self._turns, job)

    async def _run_job(self, turns: TurnRunner, job: Job) -> None:
        failed = True
        try:
            await turns.handle(job, closed=self._closed)
            failed = False
        except ProtocolError as exc:
            await self.send(error_event(exc.code, exc.message, exc.fatal))
        except Exception:
            log.exception("turn failed")
            await self.send(error_event("internal", "the interviewer hit an internal error"))
        if failed and self._phase is Phase.THINKING and not self._closed:
            await self._jobs.put(Job("repeat"))  # back to the pending line, never stuck
        if turns.conductor.ended and self._phase is not Phase.ENDED:
            await self.set_phase(Event.STOP)

    async def _save_what_was_heard(self) -> None:
        """A dropped connection mid-answer: transcribe and save what was heard, incomplete."""
        if self._audio is None or self._turns is None or self._turns.conductor.ended:
            return
        if self._audio.heard_speech and self._phase in (Phase.LISTENING, Phase.SPEAKING):
            async with self._vad_lock:
                answer = self._audio.force_end()
            await self._jobs.put(Job("dropped", answer=answer))

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def conductor(self) -> Conductor | None:
        return None if self._turns is None else self._turns.conductor
