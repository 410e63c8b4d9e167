"""The interviewer's actions for one connection, run one at a time by the turn worker.

Ordering promise: `transcript_final` -> (commit) -> `turn_saved` -> next `interviewer_line`.
Full scoring is started after the commit and reported with a `score` event when it is done,
never on the path to the next line.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import soundfile

from interviewer.conductor import AnswerOutcome, Conductor, InterviewerLine
from interviewer.line_writer import LineContext
from interviewer.session_state import Event, Phase
from interviewer.transcripts import join_transcripts
from speech.errors import SpeechError
from speech.types import SAMPLE_RATE_HZ, SpeechSynthesizer, Transcript
from web.audio_input import FinishedAnswer
from web.protocol import ProtocolError, error_event, event
from web.session_runtime import SessionRuntime

if TYPE_CHECKING:
    from web.voice_session import VoiceSession


@dataclass(frozen=True)
class Job:
    """One interviewer action, queued for the turn worker."""

    kind: str  # answer | dropped | text | skip | repeat | stop | speak
    answer: FinishedAnswer | None = None
    text: str = ""
    line: InterviewerLine | None = None


class TurnRunner:
    def __init__(
        self, session: VoiceSession, runtime: SessionRuntime, conductor: Conductor
    ) -> None:
        self._session = session
        self._rt = runtime
        self.conductor = conductor
        self._speaking: asyncio.Task[Any] | None = None
        self._scoring: list[asyncio.Task[None]] = []
        self._voice_error = False

    async def interrupt(self) -> None:
        """Stop the interviewer's audio (barge-in, typed answer, pause, skip...)."""
        if self._speaking is not None and not self._speaking.done():
            self._speaking.cancel()

    async def handle(self, job: Job, closed: bool) -> None:
        kind = job.kind
        if kind == "speak" and job.line is not None:
            await self._speak(job.line, closed)
        elif kind == "repeat":
            await self._speak(self.conductor.current_line, closed)
        elif kind == "skip":
            line = await self._rt.bridge.run(self.conductor.skip)
            await self._session.send(event("turn_saved", turn=line.turn_index - 1, skipped=True))
            await self._speak(line, closed)
        elif kind == "stop":
            await self._speak(await self._rt.bridge.run(self.conductor.stop), closed)
        elif kind == "text":
            language = self.conductor.language
            await self._answer(Transcript(job.text.strip(), (), language, 0.0), None, True, closed)
        elif job.answer is not None:  # answer | dropped
            await self._answer_audio(job.answer, complete=kind == "answer", closed=closed)
        if self.conductor.ended:
            await self._finish()

    async def _answer_audio(self, answer: FinishedAnswer, complete: bool, closed: bool) -> None:
        started = time.perf_counter()
        audio_path = await self._rt.bridge.run(self._keep_audio, answer)
        try:
            parts = [await segment for segment in answer.segments]
        except ProtocolError:
            # Keep the recording as an incomplete turn so nothing said is lost; the worker
            # reports the error and asks the same line again.
            silent = Transcript("", (), self.conductor.language, len(answer.audio) / SAMPLE_RATE_HZ)
            await self._answer(silent, audio_path, False, closed)
            raise
        language = self.conductor.language
        transcript = join_transcripts(parts) if parts else Transcript("", (), language, 0.0)
        asr_s = time.perf_counter() - started
        end = answer.end
        wait_s = 0.0 if end.last_voiced_s is None else max(0.0, end.at_s - end.last_voiced_s)
        timing = {"endpoint_wait_ms": round(wait_s * 1000), "asr_ms": round(asr_s * 1000)}
        await self._answer(transcript, audio_path, complete, closed, started, timing)

    async def _answer(
        self,
        transcript: Transcript,
        audio_path: str | None,
        complete: bool,
        closed: bool,
        started: float | None = None,
        timing: dict[str, int] | None = None,
    ) -> None:
        started = started or time.perf_counter()
        turn = self.conductor.current_line.turn_index
        await self._session.send(event("transcript_final", turn=turn, text=transcript.text))
        decide_started = time.perf_counter()
        outcome: AnswerOutcome = await self._rt.bridge.run(
            self.conductor.answer, transcript, complete, audio_path
        )
        decide_ms = round((time.perf_counter() - decide_started) * 1000)
        saved = event("turn_saved", turn=outcome.turn.turn_index, complete=complete)
        await self._session.send(saved)
        if complete:
            self._scoring.append(asyncio.create_task(self._score(outcome)))
        if not complete:
            return
        spoken_at = await self._speak(outcome.next_line, closed)
        if spoken_at is not None:
            await self._session.send(
                event(
                    "metrics",
                    turn=outcome.turn.turn_index,
                    **(timing or {}),
                    decide_ms=decide_ms,
                    line_first_audio_ms=round((spoken_at - decide_started) * 1000) - decide_ms,
                    reply_ms=round((spoken_at - started) * 1000),
                )
            )

    async def _score(self, outcome: AnswerOutcome) -> None:
        detail = await self._rt.score(outcome.scoring)
        await self._session.send(event("score", turn=outcome.turn.turn_index, **detail))

    async def _speak(self, line: InterviewerLine, closed: bool) -> float | None:
        """Speak a line unless the connection is gone; returns when its first audio left."""
        session = self._session
        if closed or session.phase is Phase.ENDED:
            return None
        await session.set_phase(Event.LINE_STARTED)
        conductor = self.conductor
        language = conductor.language
        synthesizer = await self._voice(language)
        bank = self._rt.services.bank
        question = None if line.question_id is None else bank.get(line.question_id)
        context = LineContext(
            language, question, line.transition_index, tuple(conductor.spoken_lines)
        )
        self._speaking = asyncio.create_task(
            self._rt.speaker.speak(line, context, synthesizer, session.send)
        )
        await asyncio.wait({self._speaking})
        interrupted = self._speaking.cancelled()
        if interrupted:
            await session.send(event("audio_end", interrupted=True))
        if session.phase is Phase.SPEAKING:
            await session.set_phase(Event.BARGE_IN if interrupted else Event.LINE_FINISHED)
        if interrupted:
            conductor.record_spoken(line, line.text)
            return None
        spoken = self._speaking.result()
        conductor.record_spoken(line, spoken.text)
        return spoken.first_audio_s

    async def _voice(self, language: str) -> SpeechSynthesizer | None:
        """The voice for this language, or None (text on screen) when none can be loaded,
        e.g. Chinese without a piper voice and without espeak-ng; said once per session."""
        if self._voice_error:
            return None
        try:
            return await self._rt.bridge.run(self._rt.services.synthesizer, language)
        except SpeechError as exc:
            self._voice_error = True
            message = f"no interviewer voice for '{language}' ({exc}); lines are shown as text"
            await self._session.send(error_event("tts_failed", message))
            return None

    async def scored(self) -> None:
        """Wait until every started scoring job has been saved."""
        await asyncio.gather(*self._scoring)

    async def _finish(self) -> None:
        await self.scored()
        report_url = await self._rt.finish(self.conductor)
        await self._session.send(
            event("session_ended", interview_id=self.conductor.interview.id, report_url=report_url)
        )

    def _keep_audio(self, answer: FinishedAnswer) -> str | None:
        settings = self._rt.settings
        if not settings.keep_audio or answer.audio.size == 0:
            return None
        folder = Path(settings.data_dir) / "audio" / self.conductor.interview.id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.conductor.current_line.turn_index}.wav"
        soundfile.write(path, answer.audio, SAMPLE_RATE_HZ, subtype="PCM_16")
        return str(path)
