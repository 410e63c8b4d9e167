"""Reading reports and recordings, for whoever may: the owner, a coach they granted, or the
holder of a live share link.

Someone who may not read an interview gets the same 404 as for an interview that does not
exist, so ids cannot be probed for. The checks live here, and every route that serves an
interview's data goes through `readable` or `owned` (tests/web/test_access.py tries them all).
"""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.responses import Response

from interviewer.accounts import Accounts
from interviewer.recordings import to_wav
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
        if interview.user_id not in self.accounts.readable_owners(viewer.user_id):
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
        else:  # still running or dropped: a report of what has been said so far
            turns, scores = store.turns(interview.id), store.scores(interview.id)
            report = build_report(interview, turns, scores, self.services.bank)
        # A player where the database holds a recording (interviewer/recordings.py); they
        # expire (audio_retention_days), also after the report was saved.
        kept = store.recorded_turns(interview.id)
        for question in report.questions:
            for answer in question.answers:
                answer.has_audio = answer.turn_index in kept
        return report

    def audio(self, interview: InterviewRow, turn_index: int) -> Response:
        """The answer's recording as WAV, decoded from the database by whichever replica is
        asked (the report page's <audio> plays WAV)."""
        recording = self.services.store.recording(interview.id, turn_index)
        if recording is None:
            raise HTTPException(404, "no audio kept for this answer")
        return Response(to_wav(recording), media_type="audio/wav")
