"""REST routes: past interviews, reports (HTML page, JSON, Markdown) and answer audio.

`/interviews/{id}` serves the report page to browsers and the report JSON to clients asking
for JSON (`Accept: application/json` or `?format=json`), one URL for both as the issue asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from interviewer.reports import Report, build_report, report_markdown
from web.services import Services

STATIC_DIR = Path(__file__).parent / "static"


def _wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    return "application/json" in request.headers.get("accept", "")


def build_router(services: Services) -> APIRouter:
    router = APIRouter()
    store = services.store

    def load_report(interview_id: str) -> Report:
        saved = store.report(interview_id)
        if saved is not None:
            return Report.model_validate(saved)
        interview = store.interview(interview_id)
        if interview is None:
            raise HTTPException(404, "no such interview")
        # Still running or dropped: a report of what has been said so far.
        return build_report(
            interview, store.turns(interview_id), store.scores(interview_id), services.bank
        )

    @router.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @router.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/api/options")
    def options() -> dict[str, Any]:
        bank = services.bank
        return {
            "rounds": sorted({q.round for q in bank}),
            "domains": sorted({q.domain for q in bank}),
            "levels": ["L3", "L4", "L5", "L6", "L7"],
            "languages": ["en", "zh"],
            "companies": sorted({c for q in bank for c in q.companies}),
            "questions": len(bank),
        }

    @router.get("/interviews", response_model=None)
    def interviews(request: Request) -> Any:
        if not _wants_json(request):
            return FileResponse(STATIC_DIR / "interviews.html")
        rows = store.interviews()
        reports = {row.id: store.report(row.id) for row in rows}
        return [
            {
                "interview_id": row.id,
                "created_at": row.created_at.isoformat(),
                "status": row.status,
                "round": row.round,
                "level": row.level,
                "language": row.language,
                "questions": len(row.question_ids),
                "overall_0_10": (reports[row.id] or {}).get("rollup", {}).get("overall_0_10"),
                "report_url": f"/interviews/{row.id}",
            }
            for row in rows
        ]

    @router.get("/interviews/{interview_id}.md", response_class=PlainTextResponse)
    def report_md(interview_id: str) -> str:
        return report_markdown(load_report(interview_id))

    @router.get("/interviews/{interview_id}", response_model=None)
    def report(interview_id: str, request: Request) -> Any:
        if not _wants_json(request):
            if store.interview(interview_id) is None:
                raise HTTPException(404, "no such interview")
            return FileResponse(STATIC_DIR / "report.html")
        return load_report(interview_id).model_dump(mode="json")

    @router.get("/interviews/{interview_id}/audio/{turn_index}.wav", response_model=None)
    def answer_audio(interview_id: str, turn_index: int) -> Response:
        turn = next((t for t in store.turns(interview_id) if t.turn_index == turn_index), None)
        if turn is None or turn.audio_path is None or not Path(turn.audio_path).is_file():
            raise HTTPException(404, "no audio kept for this answer")
        return FileResponse(turn.audio_path, media_type="audio/wav")

    return router
