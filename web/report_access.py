"""Reading reports and recordings, for whoever may: the owner, a coach they granted, or the
holder of a live share link.

Someone who may not read an interview gets the same 404 as for an interview that does not
exist, so ids cannot be probed for. The checks live here, and every route that serves an
interview's data goes through `readable` or `owned` (tests/web/test_access.py tries them all).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import FileResponse

from interviewer.accounts import Accounts
from interviewer.reports import Report, build_report
from interviewer.storage import InterviewRow
from web.auth import Viewer
from web.services import Services

NOT_FOUND = "no such interview"


class ReportAccess:
    def __init__(self, services: Services, accounts: Accounts) -> None:
        self.services = services
        self.accounts = accounts

    def readable(self, viewer: Viewer, interview_id: str) -> InterviewRow:
        """The interview, if `viewer` owns it or coaches its owner; else 404."""
        interview = self.services.store.interview(interview_id)
        if interview is None:
            raise HTTPException(404, NOT_FOUND)
        if interview.user_id != viewer.user_id and interview.user_id not in {
            candidate.id for candidate in self.accounts.candidates_of(viewer.user_id)
        }:
            raise HTTPException(404, NOT_FOUND)
        return interview

    def owned(self, viewer: Viewer, interview_id: str) -> InterviewRow:
        """The interview, if `viewer` owns it (sharing is the owner's alone); else 404."""
        interview = self.services.store.interview(interview_id)
        if interview is None or interview.user_id != viewer.user_id:
            raise HTTPException(404, NOT_FOUND)
        return interview

    def shared(self, token: str) -> InterviewRow:
        """The interview a live share link opens; 404 for an unknown or revoked link."""
        interview_id = self.accounts.shared_interview(token)
        interview = self.services.store.interview(interview_id) if interview_id else None
        if interview is None:
            raise HTTPException(404, "this link does not open a report (revoked or mistyped)")
        return interview

    def report(self, interview: InterviewRow) -> Report:
        store = self.services.store
        saved = store.report(interview.id)
        if saved is not None:
            report = Report.model_validate(saved)
            # Recordings expire (audio_retention_days) after the report was saved.
            kept = {t.turn_index for t in store.turns(interview.id) if t.audio_path is not None}
            for question in report.questions:
                for answer in question.answers:
                    answer.has_audio = answer.has_audio and answer.turn_index in kept
            return report
        # Still running or dropped: a report of what has been said so far.
        return build_report(
            interview, store.turns(interview.id), store.scores(interview.id), self.services.bank
        )

    def audio(self, interview: InterviewRow, turn_index: int) -> FileResponse:
        turns = self.services.store.turns(interview.id)
        turn = next((t for t in turns if t.turn_index == turn_index), None)
        if turn is None or turn.audio_path is None or not Path(turn.audio_path).is_file():
            raise HTTPException(404, "no audio kept for this answer")
        return FileResponse(turn.audio_path, media_type="audio/wav")
