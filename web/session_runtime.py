"""What every connection shares: services, the thread bridge, the speaker, scoring, session
slots, and the calls into the synchronous libraries (planning, opening and resuming an
interview under its lease, transcribing) made off the event loop."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from interviewer.conductor import Conductor
from interviewer.mock_phases import Phase
from interviewer.prompts import authored_lead_ins
from interviewer.resume_tokens import token_matches
from interviewer.storage import CreatedInterview, InterviewRow, NewInterview
from rubrics.errors import PlanError
from rubrics.planner import PlanRequest, plan_interview
from rubrics.schema import Question
from speech.errors import SpeechError
from speech.types import FloatAudio, Transcript
from web.asr_prompt import asr_prompt
from web.bridge import Bridge
from web.protocol import ProtocolError, ResumeSession, Start, event
from web.scoring_service import ScoringService
from web.services import Services
from web.settings import Settings
from web.speaker import Speaker, SynthesisCache

LEASE_POLL_S = 0.2


class SessionRuntime:
    def __init__(self, services: Services, bridge: Bridge) -> None:
        self.services = services
        self.settings: Settings = services.settings
        self.bridge = bridge
        self.speaker = Speaker(bridge, services.writer, SynthesisCache())
        self.scoring = ScoringService(services, bridge)
        self.active_sessions = 0  # interviews started or resumed on an open socket
        self.user_sessions: Counter[str] = Counter()  # the same, by candidate
        self.pending_connections = 0  # sockets that have not sent `start` yet
        self.decodes_in_flight = 0  # speech recognition calls queued or running, all sessions
        # Lease owners are "<process>:<connection>"; a lease held by a connection of this
        # process that has closed can be taken at once instead of waiting for it to go stale.
        self.process_id = uuid.uuid4().hex[:12]
        self.live_owners: set[str] = set()

    def new_owner(self) -> str:
        owner = f"{self.process_id}:{uuid.uuid4().hex[:12]}"
        self.live_owners.add(owner)
        return owner

    def warm_up(self) -> None:
        """Load the English models and pre-synthesise the authored lead-ins, so the first
        candidate does not wait for model loads and most replies start from the cache."""
        self.services.warm_up()
        self.speaker.warm(self.services.synthesizer("en"), authored_lead_ins("en"))

    def warm_up_chinese(self) -> None:
        """Load the Chinese voice and pre-synthesise its lead-ins (blocking; run in the
        background): Kokoro takes ~0.5 s a sentence, which a reply's first words must not wait
        for. A voice that cannot load (a missing package, a cache directory it cannot write) is
        loaded again, or reported, by the first Chinese session instead."""
        try:
            self.speaker.warm(self.services.synthesizer("zh"), authored_lead_ins("zh"))
        except (SpeechError, OSError):
            return

    async def start(self, message: Start, owner: str, user_id: str) -> tuple[Conductor, str]:
        """The new interview's conductor, and its resume token for the client (the database
        keeps only the token's hash). `user_id` owns it."""
        await self.bridge.run(self._check_daily_limit, user_id)
        interview, token = await self.bridge.run(self._create, message, user_id)
        stale_s = self.settings.session.lease_stale_s
        await self.bridge.run(self.services.store.claim_lease, interview.id, owner, stale_s)
        return self._conductor(interview, owner), token

    async def resume(self, message: ResumeSession, owner: str, user_id: str) -> Conductor:
        """Take the interview over from whichever connection holds it (it saves its in-flight
        answer and lets go), then rebuild from every saved turn. Only its owner may: a token
        seen over someone's shoulder is not enough."""
        store = self.services.store
        interview = await self.bridge.run(store.interview, message.interview_id)
        if (
            interview is None
            or interview.user_id != user_id
            or not token_matches(interview.token, message.token)
        ):
            raise ProtocolError("no_session", "no interview with this id and token")
        ended = ProtocolError("invalid_state", "this interview has ended; see its report")
        if interview.status == "ended":
            raise ended
        await self._claim(interview.id, owner)
        # Read again under the lease: the connection that handed over may have ended the
        # interview (and sent its session_ended) while this one waited.
        interview = await self.bridge.run(store.interview, message.interview_id)
        if interview is None or interview.status == "ended":
            await self.bridge.run(store.release_lease, message.interview_id, owner)
            raise ended
        conductor = self._conductor(interview, owner)
        conductor.resume(await self.bridge.run(store.turns, interview.id))
        await self.scoring.recover_interview(interview.id)
        return conductor

    async def _claim(self, interview_id: str, owner: str) -> None:
        store = self.services.store
        stale_s = self.settings.session.lease_stale_s
        deadline = asyncio.get_running_loop().time() + self.settings.session.takeover_wait_s
        while not await self.bridge.run(store.claim_lease, interview_id, owner, stale_s):
            holder = await self.bridge.run(store.lease_owner, interview_id)
            gone = holder is not None and self._closed_here(holder)
            if gone and await self.bridge.run(store.force_claim_lease, interview_id, owner, holder):
                return
            if asyncio.get_running_loop().time() > deadline:
                raise ProtocolError(
                    "busy", "this interview is open in another window that did not let go"
                )
            await asyncio.sleep(LEASE_POLL_S)

    def _closed_here(self, holder: str) -> bool:
        return holder.startswith(f"{self.process_id}:") and holder not in self.live_owners

    def _check_daily_limit(self, user_id: str) -> None:
        daily = self.settings.limits.daily_sessions_per_user
        if daily == 0 or self.settings.mode != "team":
            return
        since = datetime.now(UTC) - timedelta(days=1)
        if self.services.store.interviews_started_since(user_id, since) >= daily:
            raise ProtocolError(
                "limit", f"you have started {daily} interviews in the last 24 hours", True
            )

    def _create(self, message: Start, user_id: str) -> CreatedInterview:
        phases: list[Phase] = []
        if message.mock:
            questions, phases = self._plan_mock(message)
        else:
            questions = self._plan(message, user_id)
        return self.services.store.create_interview(
            NewInterview(
                mode=message.mode,
                round="full_mock" if message.mock else message.round,
                level=message.level,
                language=message.language,
                company=message.company,
                question_ids=[q.id for q in questions],
                phases=[phase.as_dict() for phase in phases] or None,
            ),
            user_id,
        )

    def _plan_mock(self, message: Start) -> tuple[list[Question], list[Phase]]:
        """Each phase's questions from its round at the candidate's level, none twice."""
        questions: list[Question] = []
        phases: list[Phase] = []
        for plan in self.settings.interview.mock_phases:
            # The planner plans at least three; the phase takes what it needs of them.
            request = PlanRequest(
                round=plan.round,
                level=message.level,
                count=min(8, max(3, plan.questions + len(questions))),
                company=message.company,
            )
            try:
                chosen = plan_interview(self.services.bank, request)
            except PlanError as exc:
                raise ProtocolError("invalid_message", f"cannot plan the mock: {exc}") from None
            taken = {seen.id for seen in questions}
            fresh = [q for q in chosen if q.id not in taken][: plan.questions]
            if not fresh:
                continue
            phases.append(Phase(plan.name, len(questions), len(fresh), plan.budget_s))
            questions += fresh
        if not questions:
            raise ProtocolError("invalid_message", "no questions match this level")
        return questions, phases

    def _plan(self, message: Start, user_id: str) -> list[Question]:
        bank = self.services.bank  # with the deep dives (web/services.py)
        custom = self.services.custom
        if message.question_ids:
            # Someone else's deep dive is refused like an unknown id: an id is not a grant.
            unknown = [
                qid
                for qid in message.question_ids
                if qid not in bank or not custom.may_ask(qid, user_id)
            ]
            if unknown:
                raise ProtocolError("invalid_message", f"no such question: {unknown[0]}")
            return [bank.get(qid) for qid in message.question_ids]
        count = message.questions or self.settings.interview.questions_per_interview
        request = PlanRequest(
            round=message.round,
            level=message.level,
            count=count,
            domains=message.domains,
            company=message.company,
        )
        try:
            questions = plan_interview(self.services.bank, request)
        except PlanError as exc:
            raise ProtocolError("invalid_message", f"cannot plan this interview: {exc}") from None
        if not questions:
            raise ProtocolError("invalid_message", "no questions match this round and level")
        return questions

    def _conductor(self, interview: InterviewRow, owner: str) -> Conductor:
        services = self.services
        return Conductor(
            services.bank,
            services.store,
            services.writer,
            interview,
            max_follow_ups=self.settings.interview.max_follow_ups,
            owner=owner,
        )

    def session_started(self, conductor: Conductor, token: str) -> dict[str, Any]:
        """`token`: the plain resume token, which only the client holds."""
        interview = conductor.interview
        questions = [self.services.bank.get(qid) for qid in interview.question_ids]
        plan = [
            {"id": q.id, "domain": q.domain, "prompt": q.prompt.in_language(conductor.language)}
            for q in questions
        ]
        return event(
            "session_started",
            interview_id=interview.id,
            token=token,
            plan=plan,
            language=conductor.language,
            # A timed mock's phases (name, first question, count, budget); empty otherwise.
            phases=interview.phases or [],
        )

    async def transcribe(self, audio: FloatAudio, conductor: Conductor) -> Transcript:
        language = conductor.language
        if audio.size == 0:
            return Transcript("", (), language, 0.0)
        prompt = asr_prompt(conductor.question, language)
        self.decodes_in_flight += 1
        try:
            recognizer = await self.bridge.run(self.services.recognizer, language)
            return await self.bridge.run_asr(recognizer.transcribe, audio, language, prompt)
        except SpeechError as exc:
            raise ProtocolError("asr_failed", f"speech recognition failed: {exc}") from exc
        finally:
            self.decodes_in_flight -= 1
