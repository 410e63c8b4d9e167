"""Share one report by a link, and take the link back.

The owner makes a link (`POST /interviews/{id}/share`); whoever holds it reads that report,
its Markdown and its recordings under `/shared/{token}`, signed in or not, until the owner
revokes it. The token is 192 random bits, stored only as its SHA-256.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from interviewer.accounts import ShareLinkRow
from interviewer.reports import report_markdown
from web.auth import viewer_of
from web.report_access import ReportAccess
from web.routes import STATIC_DIR, wants_json


def _link(row: ShareLinkRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "created_at": row.created_at.isoformat(),
        "revoked": row.revoked_at is not None,
    }


def build_share_router(access: ReportAccess) -> APIRouter:
    router = APIRouter()
    accounts = access.accounts

    @router.post("/interviews/{interview_id}/share")
    def share(interview_id: str, request: Request) -> dict[str, Any]:
        viewer = viewer_of(request)
        interview = access.owned(viewer, interview_id)
        made = accounts.share(interview.id, viewer.user_id)
        # The token is shown this once; the list below never has it.
        return {**_link(made.link), "url": f"/shared/{made.token}"}

    @router.get("/interviews/{interview_id}/share")
    def links(interview_id: str, request: Request) -> list[dict[str, Any]]:
        interview = access.owned(viewer_of(request), interview_id)
        return [_link(row) for row in accounts.share_links(interview.id)]

    @router.delete("/interviews/{interview_id}/share/{link_id}")
    def revoke(interview_id: str, link_id: str, request: Request) -> dict[str, bool]:
        interview = access.owned(viewer_of(request), interview_id)
        if not accounts.revoke_share(interview.id, link_id):
            raise HTTPException(404, "no such link")
        return {"revoked": True}

    @router.get("/shared/{token}.md", response_class=PlainTextResponse)
    def shared_md(token: str) -> str:
        return report_markdown(access.report(access.shared(token)))

    @router.get("/shared/{token}", response_model=None)
    def shared(token: str, request: Request) -> Any:
        interview = access.shared(token)
        if not wants_json(request):
            return FileResponse(STATIC_DIR / "report.html")
        return access.report(interview).model_dump(mode="json")

    @router.get("/shared/{token}/audio/{turn_index}.wav", response_model=None)
    def shared_audio(token: str, turn_index: int) -> Response:
        return access.audio(access.shared(token), turn_index)

    return router
