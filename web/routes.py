"""REST routes: past interviews, reports (HTML page, JSON, Markdown), answer audio, and the
look-up of bank questions asking the same as a question someone was asked (`/api/match`).

`/interviews/{id}` serves the report page to browsers and the report JSON to clients asking
for JSON (`Accept: application/json` or `?format=json`), one URL for both as the issue asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from interviewer.reports import report_markdown
from rubrics.bank import QuestionBank
from rubrics.match import Embed, Match, QuestionMatcher
from rubrics.match_terms import has_chinese
from rubrics.schema import Language
from web.auth import viewer_of
from web.report_access import ReportAccess
from web.services import Services

STATIC_DIR = Path(__file__).parent / "static"
# What someone types as the question they were asked; longer input is refused, not embedded.
MAX_ASKED_CHARS = 500


def wants_json(request: Request) -> bool:
    """JSON for `?format=json` or `Accept: application/json`; the page otherwise."""
    if request.query_params.get("format") == "json":
        return True
    return "application/json" in request.headers.get("accept", "")


def build_router(
    services: Services,
    access: ReportAccess,
    matcher: Callable[[], QuestionMatcher] | None = None,
) -> APIRouter:
    """`matcher`: the question matcher for `/api/match` (see `matcher_on_first_use`)."""
    router = APIRouter()
    store = services.store
    matcher = matcher or matcher_on_first_use(services.bank, None)

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

    @router.get("/api/match")
    def match(
        q: Annotated[str, Query(min_length=1, max_length=MAX_ASKED_CHARS)],
        language: Language | None = None,
    ) -> dict[str, Any]:
        """Bank questions asking the same as `q`, best first; `nearest` even when none.

        A plain `def`: FastAPI runs it in a worker thread, off the event loop (the embedder
        blocks, and the first call embeds the bank)."""
        shown: Language = language or ("zh" if has_chinese(q) else "en")
        result = matcher().match(q)

        def row(found: Match) -> dict[str, Any]:
            question = found.question
            return {
                "id": question.id,
                "prompt": found.prompt(shown),
                "domain": question.domain,
                "round": question.round,
                "score": round(found.score, 2),
            }

        nearest = row(result.nearest) if result.nearest else None
        return {
            "matches": [row(m) for m in result.matches],
            "none": result.none,
            "nearest": nearest,
        }

    @router.get("/interviews", response_model=None)
    def interviews(request: Request) -> Any:
        if not wants_json(request):
            return FileResponse(STATIC_DIR / "interviews.html")
        viewer = viewer_of(request)
        candidates = {u.id: u.display_name for u in access.accounts.candidates_of(viewer.user_id)}
        rows = store.interviews({viewer.user_id, *candidates})
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
                # Whose it is, for a coach's list; None for the viewer's own.
                "candidate": candidates.get(row.user_id),
            }
            for row in rows
        ]

    @router.get("/interviews/{interview_id}.md", response_class=PlainTextResponse)
    def report_md(interview_id: str, request: Request) -> str:
        interview = access.readable(viewer_of(request), interview_id)
        return report_markdown(access.report(interview))

    @router.get("/interviews/{interview_id}", response_model=None)
    def report(interview_id: str, request: Request) -> Any:
        interview = access.readable(viewer_of(request), interview_id)
        if not wants_json(request):
            return FileResponse(STATIC_DIR / "report.html")
        return access.report(interview).model_dump(mode="json")

    @router.get("/interviews/{interview_id}/audio/{turn_index}.wav", response_model=None)
    def answer_audio(interview_id: str, turn_index: int, request: Request) -> Response:
        return access.audio(access.readable(viewer_of(request), interview_id), turn_index)

    return router


def matcher_on_first_use(bank: QuestionBank, embed: Embed | None) -> Callable[[], QuestionMatcher]:
    """The question matcher, built when first asked for, so the server starts without it;
    `embed`: None loads the bundled embedder."""
    lock = threading.Lock()
    built: list[QuestionMatcher] = []

    def get() -> QuestionMatcher:
        with lock:
            if not built:
                chosen = embed
                if chosen is None:
                    from interviewer.e5_embedder import E5Embedder

                    chosen = E5Embedder(num_threads=1).embed
                built.append(QuestionMatcher(bank, chosen))
            return built[0]

    return get
