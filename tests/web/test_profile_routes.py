"""The profile API over HTTP: paste or upload, read back, edit, plan; refusals with clear
statuses; each user sees only their own profile and questions in team mode."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

from interviewer.accounts import Accounts
from interviewer.custom_questions import CustomQuestionRow, CustomQuestions, ProfileRow
from tests.interviewer.test_profile_extraction import EN_RESUME, JD, ZH_RESUME, tiny_pdf
from tests.web.conftest import START, Client
from tests.web.test_access import PASSWORD, As, ada_bob_and_nobody, sign_in, team_settings
from web.profile_routes import MAX_PDF_BYTES, build_profile_router
from web.routes import STATIC_DIR
from web.services import Services

# web/services.py, web/session_runtime.py and web/app.py wire the deep dives into interviews
# (the diffs in this feature's report); until then the interview test below cannot run.
WIRED = "custom" in getattr(Services, "__dataclass_fields__", {})


def _served(client: TestClient) -> TestClient:
    """The app with the profile routes (included here until web/app.py includes them) and
    their tables (migration 0009 makes them once wired; create_all is then a no-op)."""
    app = cast(FastAPI, client.app)
    services = app.state.services
    tables = [ProfileRow.__table__, CustomQuestionRow.__table__]  # type: ignore[attr-defined]
    SQLModel.metadata.create_all(services.store.engine, tables=tables)
    if not any(getattr(route, "path", None) == "/api/profile" for route in app.router.routes):
        app.include_router(build_profile_router(services))
    return client


@pytest.fixture
def client(make_app: Callable[..., TestClient]) -> Iterator[TestClient]:
    with make_app() as app:
        yield _served(app)


def _deep_dive_prompts(view: dict[str, Any]) -> list[str]:
    return [q["prompt"]["en"] for q in view["deep_dives"]]


def test_paste_read_back_and_plan(client: TestClient) -> None:
    assert client.get("/api/profile").status_code == 404
    made = client.post("/api/profile", json={"resume_text": EN_RESUME, "jd_text": JD})
    assert made.status_code == 200, made.text
    view = made.json()
    assert view["profile"]["level"] == "L6" and view["profile"]["domains"][0] == "llm"
    assert view["source_kind"] == "resume_text+jd_text"
    assert any("Fraud Radar" in prompt for prompt in _deep_dive_prompts(view))
    assert any("cut p99 latency 40%" in prompt for prompt in _deep_dive_prompts(view))
    assert all(q["id"].startswith("dd_") and q["prompt"]["zh"] for q in view["deep_dives"])
    assert client.get("/api/profile").json() == view

    plan = client.get("/api/profile/plan", params={"questions": 6}).json()
    ids = plan["question_ids"]
    assert len(ids) == len(set(ids)) == 6
    assert [q["kind"] for q in plan["questions"][:2]] == ["deep_dive", "deep_dive"]
    assert ids[:2] == [q["id"] for q in view["deep_dives"][:2]]
    assert plan["start_url"] == "/?questions=" + ",".join(ids)
    bank = cast(FastAPI, client.app).state.services.bank
    assert all(qid in bank for qid in ids[2:])
    assert client.get("/api/profile/plan", params={"questions": 9}).status_code == 422


def test_a_chinese_resume(client: TestClient) -> None:
    view = client.post("/api/profile", json={"resume_text": ZH_RESUME}).json()
    assert view["profile"]["language"] == "zh"
    assert any("智能客服问答系统" in q["prompt"]["zh"] for q in view["deep_dives"])


def test_editing_the_profile_makes_the_questions_again(client: TestClient) -> None:
    view = client.post("/api/profile", json={"resume_text": EN_RESUME}).json()
    old_ids = {q["id"] for q in view["deep_dives"]}
    profile = view["profile"]
    profile["projects"] = [
        {**profile["projects"][0], "name": "Fraud Shield", "claims": ["blocked 95% of bots"]}
    ]
    profile["level"], profile["skills"] = "L6", [*profile["skills"], "Rust"]
    edited = client.put("/api/profile", json=profile)
    assert edited.status_code == 200, edited.text
    new = edited.json()
    assert new["edited"] and new["profile"]["level"] == "L6" and "Rust" in new["profile"]["skills"]
    prompts = _deep_dive_prompts(new)
    assert all("Fraud Shield" in p for p in prompts) and not any("Shop Recs" in p for p in prompts)
    assert any("blocked 95% of bots" in p for p in prompts)
    assert not old_ids & {q["id"] for q in new["deep_dives"]}
    # The old questions are retired, not gone: a past interview's report still finds them.
    custom = CustomQuestions(cast(FastAPI, client.app).state.services.store.engine)
    assert all(custom.question(qid) is not None for qid in old_ids)
    assert client.get("/api/profile").json()["deep_dives"] == new["deep_dives"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"resume_text": "  ", "jd_text": "\n"}, 400),
        ({"resume_text": "x" * 60_001}, 413),
        ({"resume_text": EN_RESUME, "photo": "me.jpg"}, 422),
    ],
    ids=["nothing", "blank", "too_long", "unknown_field"],
)
def test_bad_texts_are_refused(client: TestClient, body: dict[str, Any], status: int) -> None:
    assert client.post("/api/profile", json=body).status_code == status


def test_bad_edits_are_refused(client: TestClient) -> None:
    good = {"skills": [], "domains": ["llm"], "level": "L5", "projects": []}
    assert client.put("/api/profile", json=good).status_code == 404  # nothing to edit yet
    client.post("/api/profile", json={"jd_text": JD})
    for bad in (
        {**good, "level": "L9"},
        {**good, "domains": ["astrology"]},
        {**good, "projects": [{"name": ""}]},
        {**good, "projects": [{"name": "x" * 121}]},
    ):
        assert client.put("/api/profile", json=bad).status_code == 422, bad
    assert client.put("/api/profile", json=good).json()["deep_dives"] == []


def test_a_pdf_resume(client: TestClient) -> None:
    ascii_resume = EN_RESUME.replace("·", "-").replace("–", "-").replace("—", "-")
    pdf = tiny_pdf(ascii_resume.splitlines())
    made = client.post("/api/profile/pdf", content=pdf, headers={"content-type": "application/pdf"})
    assert made.status_code == 200, made.text
    view = made.json()
    assert "Fraud Radar" in view["text"] and view["source_kind"] == "resume_pdf"
    assert [p["name"] for p in view["profile"]["projects"]] == ["Fraud Radar", "Shop Recs"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"", 400, "empty"),
        (b"<html>not a pdf</html>", 400, "not a PDF"),
        (b"%PDF-1.7\n" + b"\x00" * (MAX_PDF_BYTES + 1), 413, "larger than 5 MB"),
    ],
    ids=["empty", "html", "oversized"],
)
def test_bad_pdfs_are_refused(client: TestClient, body: bytes, status: int, says: str) -> None:
    refused = client.post(
        "/api/profile/pdf", content=body, headers={"content-type": "application/pdf"}
    )
    assert refused.status_code == status and says in refused.json()["detail"]
    assert client.get("/api/profile").status_code == 404  # nothing stored


def test_the_page_keeps_the_content_security_policy(client: TestClient) -> None:
    page = client.get("/profile")
    assert page.status_code == 200 and 'src="/static/profile.js"' in page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)  # no inline script
    assert " style=" not in page.text and "<style" not in page.text
    script = (STATIC_DIR / "profile.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script  # resume text is shown as text, never as markup


def test_each_user_has_their_own_profile(make_app: Callable[..., TestClient]) -> None:
    with make_app(**team_settings()) as server:
        _served(server)
        accounts = Accounts(cast(FastAPI, server.app).state.services.store.engine)
        ada_id = accounts.create_user("ada@example.com", "Ada", PASSWORD).id
        accounts.create_user("bob@example.com", "Bob", PASSWORD)
        ada, bob, nobody = As(server), As(server), As(server)
        sign_in(ada, "ada@example.com")
        sign_in(bob, "bob@example.com")

        assert nobody.post("/api/profile", json={"resume_text": EN_RESUME}).status_code == 401
        assert nobody.get("/api/profile").status_code == 401
        ada_view = ada.post("/api/profile", json={"resume_text": EN_RESUME}).json()
        assert bob.get("/api/profile").status_code == 404
        assert bob.get("/api/profile/plan").status_code == 404
        assert bob.request("PUT", "/api/profile", json=ada_view["profile"]).status_code == 404

        bob_view = bob.post("/api/profile", json={"resume_text": ZH_RESUME}).json()
        assert ada.get("/api/profile").json()["id"] == ada_view["id"]
        assert bob.get("/api/profile").json()["id"] == bob_view["id"]
        ada_ids = {q["id"] for q in ada_view["deep_dives"]}
        bob_plan = bob.get("/api/profile/plan", params={"questions": 8}).json()["question_ids"]
        assert not ada_ids & set(bob_plan)
        custom = CustomQuestions(cast(FastAPI, server.app).state.services.store.engine)
        assert {custom.owner_of(qid) for qid in ada_ids} == {ada_id}


@pytest.mark.skipif(not WIRED, reason="deep dives are not yet wired into interviews")
def test_a_tailored_mock_asks_the_deep_dive_and_reports_it(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app(**team_settings()) as server:
        _served(server)
        ada, bob, _nobody, _accounts = ada_bob_and_nobody(server)
        ada.post("/api/profile", json={"resume_text": EN_RESUME})
        ids = ada.get("/api/profile/plan", params={"questions": 3}).json()["question_ids"]
        with ada.websocket_connect("/ws/interview") as ws:
            session = Client(ws)
            session.send(**{**START, "mode": "text", "question_ids": ids})
            started = session.until_type("session_started")
            assert [q["id"] for q in started["plan"]] == ids
            assert "Fraud Radar" in started["plan"][0]["prompt"]
            session.until_listening()
            session.send(type="text_answer", text="I owned the streaming features on Kafka.")
            session.until_type("turn_saved")
            session.send(type="stop")
            session.until_type("session_ended")
        report = ada.get(f"/interviews/{started['interview_id']}?format=json")
        assert report.status_code == 200 and "Fraud Radar" in report.text

        # Bob cannot be asked Ada's deep dive, even knowing its id.
        with bob.websocket_connect("/ws/interview") as ws:
            session = Client(ws)
            session.send(**{**START, "mode": "text", "question_ids": ids[:1]})
            refused = session.until_type("error")
            assert refused["code"] == "invalid_message" and ids[0] in refused["message"]
