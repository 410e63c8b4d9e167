"""What every connection shares: services, the thread bridge, the speaker, and the calls into
the synchronous libraries (planning, transcribing, scoring, reporting) made off the event loop."""

from __future__ import annotations

from typing import Any

from interviewer.conductor import Conductor, ScoringJob
from interviewer.prompts import authored_lead_ins
from interviewer.reports import build_report
from interviewer.storage import NewInterview
from rubrics.planner import PlanRequest, plan_interview
from speech.errors import SpeechError
from speech.types import FloatAudio, Transcript
from web.bridge import Bridge
from web.protocol import ProtocolError, ResumeSession, Start, event
from web.services import Services
from web.settings import Settings
from web.speaker import Speaker, SynthesisCache


class SessionRuntime:
    def __init__(self, services: Services, bridge: Bridge) -> None:
        self.services = services
        self.settings: Settings = services.settings
        self.bridge = bridge
        self.speaker = Speaker(bridge, services.writer, SynthesisCache())
        self.active_sessions = 0

    def warm_up(self) -> None:
        """Load the English models and pre-synthesise the authored lead-ins, so the first
        candidate does not wait for model loads and most replies start from the cache."""
        self.services.warm_up()
        self.speaker.warm(self.services.synthesizer("en"), authored_lead_ins("en"))

    async def open_conductor(self, message: Start | ResumeSession) -> Conductor:
        if isinstance(message, ResumeSession):
            return await self.bridge.run(self._resume, message)
        return await self.bridge.run(self._start, message)

    def _start(self, message: Start) -> Conductor:
        services = self.services
        count = message.questions or self.settings.interview.questions_per_interview
        request = PlanRequest(
            round=message.round,
            level=message.level,
            count=count,
            domains=message.domains,
            company=message.company,
        )
        questions = plan_interview(services.bank, request)
        if not questions:
            raise ProtocolError("invalid_message", "no questions match this round and level")
        interview = services.store.create_interview(
            NewInterview(
                mode=message.mode,
                round=message.round,
                level=message.level,
                language=message.language,
                company=message.company,
                question_ids=[q.id for q in questions],
            )
        )
        return self._conductor(interview)

    def _resume(self, message: ResumeSession) -> Conductor:
        interview = self.services.store.interview(message.interview_id)
        if interview is None or interview.token != message.token:
            raise ProtocolError("no_session", "no interview with this id and token")
        if interview.status == "ended":
            raise ProtocolError("invalid_state", "this interview has ended; see its report")
        conductor = self._conductor(interview)
        conductor.resume(self.services.store.turns(interview.id))
        return conductor

    def _conductor(self, interview: Any) -> Conductor:
        services = self.services
        return Conductor(
            services.bank,
            services.store,
            services.writer,
            interview,
            max_follow_ups=self.settings.interview.max_follow_ups,
        )

    def session_started(self, conductor: Conductor) -> dict[str, Any]:
        interview = conductor.interview
        questions = [self.services.bank.get(qid) for qid in interview.question_ids]
        plan = [
            {"id": q.id, "domain": q.domain, "prompt": q.prompt.in_language(conductor.language)}
            for q in questions
        ]
        return event(
            "session_started",
            interview_id=interview.id,
            token=interview.token,
            plan=plan,
            language=conductor.language,
        )

    async def transcribe(self, audio: FloatAudio, conductor: Conductor) -> Transcript:
        language = conductor.language
        if audio.size == 0:
            return Transcript("", (), language, 0.0)
        prompt = _asr_prompt(conductor)
        try:
            recognizer = await self.bridge.run(self.services.recognizer, language)
            return await self.bridge.run(recognizer.transcribe, audio, language, prompt)
        except SpeechError as exc:
            raise ProtocolError("asr_failed", f"speech recognition failed: {exc}") from exc

    async def score(self, job: ScoringJob) -> dict[str, Any]:
        """Full scoring, off the latency path, then persisted."""
        result = await self.bridge.run_background(
            self.services.scorer.score, job.question, job.transcript, job.language
        )
        detail = result.model_dump(mode="json")
        await self.bridge.run(
            self.services.store.save_score,
            job.interview_id,
            job.turn_index,
            job.question.id,
            detail,
        )
        return detail

    async def finish(self, conductor: Conductor) -> str:
        """Build and save the report; returns its URL."""
        interview_id = conductor.interview.id
        store = self.services.store

        def build() -> None:
            report = build_report(
                store.interview(interview_id),
                store.turns(interview_id),
                store.scores(interview_id),
                self.services.bank,
            )
            store.end_interview(interview_id, report.model_dump(mode="json"))

        await self.bridge.run(build)
        return f"/interviews/{interview_id}"


def _asr_prompt(conductor: Conductor) -> str:
    """Prime Whisper with the question and its rubric's key terms (DESIGN.md §3: WER 4.6% ->
    0.9%). Chinese gets the question alone: a list of terms made base loop on its prompt, and a
    Simplified-Chinese sentence also steers it away from Traditional characters."""
    question = conductor.question
    prompt = question.prompt.in_language(conductor.language)
    if conductor.language == "zh":
        return prompt
    # Only Latin-script terms: Chinese terms in an English prompt made tiny.en emit Chinese.
    english_terms = [t for t in question.priming_terms() if t.isascii()]
    return f"{prompt} {', '.join(english_terms)}"
