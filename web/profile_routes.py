"""The profile page and API: a resume and/or a job description in, an editable profile and
deep-dive questions out, and a mock plan tailored to them.

- POST /api/profile        {resume_text?, jd_text?}: extract, store, make the deep dives
- POST /api/profile/pdf    a resume as a raw application/pdf body (at most 5 MB)
- GET  /api/profile        the viewer's latest profile and its deep dives
- PUT  /api/profile        the edited profile; the deep dives are made again
- GET  /api/profile/plan   ?questions=N: question ids for a tailored mock, deep dives first

Everything is the viewer's own (web/auth.py). Plain `def` handlers run in FastAPI's thread
pool: extraction, PDF parsing and a capable model's rephrasing all block.
"""

from __future__ import annotations

import hashlib
import io
import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict
from pypdf import PdfReader

from interviewer.custom_questions import (
    CustomQuestions,
    ProfileRow,
    Sources,
    generate_deep_dives,
)
from interviewer.profile import MAX_TEXT_CHARS, Profile, extract_profile
from interviewer.profile_plan import tailored_plan
from rubrics.schema import Question
from web.auth import viewer_of
from web.routes import STATIC_DIR
from web.services import Services

log = logging.getLogger(__name__)
MAX_PDF_BYTES = 5 * 1024 * 1024
# A resume is a page or two; a long PDF is read no further than this.
MAX_PDF_PAGES = 30
PDF_MAGIC = b"%PDF-"


class ProfileTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_text: str | None = None
    jd_text: str | None = None


class PdfRejected(Exception):
    """A PDF we cannot read text from; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def pdf_text(data: bytes) -> str:
    """The text of a PDF's pages; PdfRejected for anything else (see the messages)."""
    if len(data) > MAX_PDF_BYTES:
        raise PdfRejected(413, f"the PDF is larger than {MAX_PDF_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise PdfRejected(400, "the file is empty")
    if PDF_MAGIC not in data[:1024]:
        raise PdfRejected(400, "this is not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfRejected(400, "the PDF is password-protected; save it without a password")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except PdfRejected:
        raise
    # Untrusted bytes reach a large parser: whatever it raises means "unreadable" (and an
    # encrypted file pypdf cannot open without an extra package raises too).
    except Exception as exc:
        log.info("unreadable PDF: %r", exc)
        if b"/Encrypt" in data:
            raise PdfRejected(400, "the PDF is encrypted; save it without a password") from None
        raise PdfRejected(400, "the PDF could not be read") from None
    text = "\n".join(pages).strip()
    if not text:
        raise PdfRejected(400, "the PDF has no text (a scanned image?); paste the text instead")
    return text


def _sha256(text: str) -> str | None:
    return hashlib.sha256(text.encode()).hexdigest() if text.strip() else None


def _checked(texts: ProfileTexts) -> tuple[str, str]:
    resume, jd = texts.resume_text or "", texts.jd_text or ""
    if not resume.strip() and not jd.strip():
        raise HTTPException(400, "paste a resume or a job description")
    for name, text in (("resume_text", resume), ("jd_text", jd)):
        if len(text) > MAX_TEXT_CHARS:
            raise HTTPException(413, f"{name} is longer than {MAX_TEXT_CHARS} characters")
    return resume, jd


def question_view(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "domain": question.domain,
        "round": question.round,
        "competency": question.competency,
        "prompt": {"en": question.prompt.en, "zh": question.prompt.zh},
    }


def profile_view(row: ProfileRow, deep_dives: list[Question]) -> dict[str, Any]:
    return {
        "id": row.id,
        "profile": row.profile,
        "source_kind": row.source_kind,
        "edited": row.edited,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "deep_dives": [question_view(question) for question in deep_dives],
    }


async def _body_within(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the PDF is larger than {limit // (1024 * 1024)} MB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the PDF is larger than {limit // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def build_profile_router(services: Services, custom: CustomQuestions | None = None) -> APIRouter:
    router = APIRouter()
    custom = custom or CustomQuestions(services.store.engine)

    def create(user_id: str, resume: str, jd: str, kind: str) -> dict[str, Any]:
        profile = extract_profile(resume, jd)
        sources = Sources(kind=kind, resume_sha256=_sha256(resume), jd_sha256=_sha256(jd))
        row = custom.create_profile(user_id, profile, sources)
        return profile_view(row, generate_deep_dives(custom, services.writer, row))

    def latest(user_id: str) -> ProfileRow:
        row = custom.latest_profile(user_id)
        if row is None:
            raise HTTPException(404, "no profile yet: paste a resume or a job description")
        return row

    @router.get("/profile", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "profile.html")

    @router.post("/api/profile")
    def post_texts(texts: ProfileTexts, request: Request) -> dict[str, Any]:
        resume, jd = _checked(texts)
        kind = "+".join(k for k, t in (("resume_text", resume), ("jd_text", jd)) if t.strip())
        return create(viewer_of(request).user_id, resume, jd, kind)

    @router.post("/api/profile/pdf")
    async def post_pdf(request: Request) -> dict[str, Any]:
        data = await _body_within(request, MAX_PDF_BYTES)
        try:
            text = await run_in_threadpool(pdf_text, data)
        except PdfRejected as exc:
            raise HTTPException(exc.status, exc.message) from None
        user_id = viewer_of(request).user_id
        view = await run_in_threadpool(create, user_id, text, "", "resume_pdf")
        # The text goes back so the page can show what was read (and let it be corrected).
        return {**view, "text": text[:MAX_TEXT_CHARS]}

    @router.get("/api/profile")
    def get_profile(request: Request) -> dict[str, Any]:
        user_id = viewer_of(request).user_id
        row = latest(user_id)
        return profile_view(row, custom.questions(user_id, row.id))

    @router.put("/api/profile")
    def put_profile(profile: Profile, request: Request) -> dict[str, Any]:
        row = custom.update_profile(latest(viewer_of(request).user_id), profile)
        return profile_view(row, generate_deep_dives(custom, services.writer, row))

    @router.get("/api/profile/plan")
    def plan(request: Request, questions: Annotated[int, Query(ge=3, le=8)] = 5) -> dict[str, Any]:
        user_id = viewer_of(request).user_id
        row = latest(user_id)
        deep_dives = custom.questions(user_id, row.id)
        profile = Profile.model_validate(row.profile)
        ids = tailored_plan(services.bank, profile, deep_dives, questions)
        by_id = {question.id: question for question in deep_dives}
        chosen = [by_id.get(qid) or services.bank.get(qid) for qid in ids]
        return {
            "question_ids": ids,
            "questions": [
                {**question_view(q), "kind": "deep_dive" if q.id in by_id else "bank"}
                for q in chosen
            ],
            "start_url": "/?questions=" + ",".join(ids),
        }

    return router
