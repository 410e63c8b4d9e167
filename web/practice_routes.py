"""The practice loop's pages and API: progress over time, the notebook, today's practice.

Everything is the viewer's own (web/auth.py): a candidate sees their progress and notebook,
nobody else's. `?lang=zh` gives the bank's texts in Chinese.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from interviewer.practice import NotebookCardRow, Practice
from interviewer.progress import progress
from interviewer.stored_time import as_utc
from rubrics.bank import QuestionBank
from rubrics.schema import Language
from web.auth import viewer_of
from web.routes import STATIC_DIR


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()


def card_view(card: NotebookCardRow, bank: QuestionBank, language: Language) -> dict[str, Any]:
    """A notebook card as the page shows it: the question, the point or mistake, the schedule."""
    question = bank.get(card.question_id)
    if card.kind == "key_point":
        text = question.key_point(card.item_id).text.in_language(language)
        correction = ""
    else:
        mistake = next(m for m in question.common_mistakes if m.id == card.item_id)
        text = mistake.text.in_language(language)
        correction = (mistake.correction_zh if language == "zh" else "") or mistake.correction
    return {
        "question_id": question.id,
        "prompt": question.prompt.in_language(language),
        "domain": question.domain,
        "kind": card.kind,
        "text": text,
        "correction": correction,
        "last_status": card.last_status,
        "due": _when(card.due),
        "reviews": card.reviews,
        "stability_days": round(card.stability_days, 1),
    }


def build_practice_router(practice: Practice) -> APIRouter:
    router = APIRouter()
    bank = practice.bank

    @router.get("/progress", include_in_schema=False)
    def progress_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "progress.html")

    @router.get("/notebook", include_in_schema=False)
    def notebook_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "notebook.html")

    @router.get("/api/progress")
    def progress_data(request: Request) -> dict[str, Any]:
        return progress(practice, viewer_of(request).user_id)

    @router.get("/api/notebook")
    def notebook(request: Request, lang: Language = "en") -> dict[str, Any]:
        user_id = viewer_of(request).user_id
        cards = [c for c in practice.notebook(user_id) if c.question_id in bank]
        now = practice.clock()
        return {
            "cards": [card_view(card, bank, lang) for card in cards],
            "due_now": sum(1 for c in cards if as_utc(c.due) <= now),
            "mastered": len(practice.mastered(user_id)),
        }

    @router.get("/api/practice/today")
    def today(request: Request, lang: Language = "en", limit: int = 3) -> dict[str, Any]:
        user_id = viewer_of(request).user_id
        ids = practice.due_questions(user_id, limit=max(1, min(limit, 8)))
        return {
            "questions": [
                {"id": qid, "prompt": bank.get(qid).prompt.in_language(lang)} for qid in ids
            ],
            "next_due": _when(practice.next_due(user_id)),
        }

    return router
