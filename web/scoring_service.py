"""Full scoring and reports, owned by the app rather than by a connection.

Scoring runs off the reply path and outlives the socket that asked for it: a candidate who
closes the tab still gets every answer scored and the report written, and no session slot is
held while that happens. A failed job is retried with a growing delay and then recorded as
failed (the report says so); at start-up, answers left unscored by a crash are scored and
interviews that reached their closing line get their report.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from interviewer.code_review import with_code_review
from interviewer.conductor import ScoringJob
from interviewer.reports import build_report
from interviewer.scoring.sentences import fenced_code
from interviewer.scoring_jobs import scoring_job
from web.bridge import Bridge
from web.services import Services

log = logging.getLogger(__name__)

OnScored = Callable[[int, dict[str, Any]], Awaitable[None]]


class ScoringService:
    def __init__(self, services: Services, bridge: Bridge) -> None:
        self._services = services
        self._bridge = bridge
        self._attempts = services.settings.scoring.attempts
        self._delay_s = services.settings.scoring.retry_delay_s
        self._running: dict[str, set[asyncio.Task[None]]] = {}
        self._versions: dict[tuple[str, int], int] = {}
        self._finishing: dict[str, asyncio.Task[str]] = {}

    def submit(self, job: ScoringJob, on_scored: OnScored | None = None) -> None:
        """Score `job` in the background; a newer job for the same turn (a continuation)
        supersedes an older one still running."""
        key = (job.interview_id, job.turn_index)
        version = self._versions.get(key, 0) + 1
        self._versions[key] = version
        task = asyncio.create_task(self._score(job, version, on_scored))
        tasks = self._running.setdefault(job.interview_id, set())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def scored(self, interview_id: str) -> None:
        """Wait until every job submitted for this interview has been saved."""
        while tasks := set(self._running.get(interview_id, ())):
            await asyncio.wait(tasks)

    def finish(self, interview_id: str) -> asyncio.Task[str]:
        """Write the report once the interview's scoring is done; one task per interview,
        which goes on if the connection that asked for it closes."""
        task = self._finishing.get(interview_id)
        if task is None:
            task = asyncio.create_task(self._finish(interview_id))
            self._finishing[interview_id] = task
        return task

    async def recover(self) -> None:
        """Score what a crash left unscored and finish interviews left without a report."""
        store = self._services.store
        unscored = await self._bridge.run(store.unscored_turns)
        for interview_id in sorted({turn.interview_id for turn in unscored}):
            await self.recover_interview(interview_id)
        for interview in await self._bridge.run(store.ended_without_report):
            self.finish(interview.id)
        if unscored:
            log.info("scoring %d answers left unscored by an earlier run", len(unscored))

    async def recover_interview(self, interview_id: str) -> None:
        """Score the interview's complete answers that have no score and none on its way
        (a resume after a crash, or on another replica)."""
        store, bank = self._services.store, self._services.bank
        turns = await self._bridge.run(store.turns, interview_id)
        interview = await self._bridge.run(store.interview, interview_id)
        level = None if interview is None else interview.level
        scored = {s.turn_index for s in await self._bridge.run(store.scores, interview_id)}
        for turn in turns:
            key = (interview_id, turn.turn_index)
            if turn.turn_index in scored or key in self._versions:
                continue
            if not turn.complete or turn.kind == "skipped":
                continue
            job = scoring_job(turns, turn, bank, level)
            if job is not None:
                self.submit(job)

    async def drain(self, timeout_s: float) -> None:
        pending: list[asyncio.Task[Any]] = [t for tasks in self._running.values() for t in tasks]
        pending += [t for t in self._finishing.values() if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout_s)

    async def _score(self, job: ScoringJob, version: int, on_scored: OnScored | None) -> None:
        key = (job.interview_id, job.turn_index)
        detail, status = await self._attempt(job)
        if self._versions.get(key) != version:
            return  # superseded by a continuation's longer answer
        try:
            await self._bridge.run(self._save, job, detail, status)
        except Exception:
            log.exception("could not save the score of turn %s", key)
            return
        if on_scored is not None:
            shown = {**detail, "status": "ok"} if status == "ok" else {"status": status}
            await on_scored(job.turn_index, shown)

    def _save(self, job: ScoringJob, detail: dict[str, Any], status: str) -> None:
        """The score, then its outcomes and notebook reviews for the practice loop."""
        store = self._services.store
        store.save_score(job.interview_id, job.turn_index, job.question.id, detail, status)
        interview = store.interview(job.interview_id)
        if status == "ok" and interview is not None:
            self._services.practice.record(
                interview.user_id, job.interview_id, job.turn_index, job.question.id, detail
            )

    async def _attempt(self, job: ScoringJob) -> tuple[dict[str, Any], str]:
        scorer = self._services.scorer
        delay_s = self._delay_s
        error = ""
        for attempt in range(1, self._attempts + 1):
            try:
                result = await self._bridge.run_background(
                    scorer.score, job.question, job.transcript, job.language, job.level
                )
                detail = result.model_dump(mode="json")
                # Code typed in the answer's own fenced blocks counts as the pad's when the pad
                # is empty (the scorer reads those lines by their words only).
                code = job.code or fenced_code(job.transcript.text)
                return with_code_review(detail, job.question, code, job.language), "ok"
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                log.warning("scoring attempt %d of %d failed: %s", attempt, self._attempts, error)
                if attempt < self._attempts:
                    await asyncio.sleep(delay_s)
                    delay_s *= 2
        return {"status": "failed", "error": error, "attempts": self._attempts}, "failed"

    async def _finish(self, interview_id: str) -> str:
        await self.scored(interview_id)
        store, bank = self._services.store, self._services.bank

        def build() -> None:
            report = build_report(
                store.interview(interview_id),
                store.turns(interview_id),
                store.scores(interview_id),
                bank,
            )
            store.end_interview(interview_id, report.model_dump(mode="json"))
            # The notebook learns from each question's final answer, once.
            self._services.practice.review_interview(interview_id)

        for attempt in range(1, self._attempts + 1):
            try:
                await self._bridge.run(build)
                break
            except Exception:
                log.exception("writing the report failed (attempt %d)", attempt)
                await asyncio.sleep(self._delay_s * attempt)
        return f"/interviews/{interview_id}"
