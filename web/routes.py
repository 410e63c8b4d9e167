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

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from interviewer.reports import Report, build_report, report_markdown
from rubrics.bank import QuestionBank
from rubrics.match import Embed, Match, QuestionMatcher
from rubrics.match_terms import has_chinese
from rubrics.schema import Language
from web.services import Services

STATIC_DIR = Path(__file__).parent / "static"
# What someone types as the question they were asked; longer input is refused, not embedded.
MAX_ASKED_CHARS = 500


def _wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    return "application/json" in request.headers.get("accept", "")


def build_router(
    services: Services, matcher: Callable[[], QuestionMatcher] | None = None
) -> APIRouter:
    """`matcher`: the question matcher for `/api/match` (see `matcher_on_first_use`)."""
    router = APIRouter()
    store = services.store
    matcher = matcher or matcher_on_first_use(services.bank, None)

    def load_report(interview_id: str) -> Report:
        saved = store.report(interview_id)
        if saved is not None:
            report = Report.model_validate(saved)
            # Recordings expire (audio_retention_days) after the report was saved.
            kept = {t.turn_index for t in store.turns(interview_id) if t.audio_path is not None}
            for question in report.questions:
                for answer in question.answers:
                    answer.has_audio = answer.has_audio and answer.turn_index in kept
            return report
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
