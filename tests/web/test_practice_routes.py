"""The practice loop through the app: a finished interview writes outcome rows and notebook
cards, and the progress, notebook and today's-practice APIs show them to their owner only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interviewer.practice import AnswerResultRow, OutcomeRow
from tests.web.conftest import START, Client
from tests.web.test_access import ada_bob_and_nobody, team_settings


def typed_interview(client: Any, answer: str) -> str:
    """A typed interview of one answer, then stop: returns its id once its report is written."""
    with client.websocket_connect("/ws/interview") as ws:
        session = Client(ws)
        session.send(**{**START, "mode": "text", "questions": 3})
        started = session.until_type("session_started")
        session.until_listening()
        session.send(type="text_answer", text=answer)
        session.until_type("turn_saved")
        session.send(type="stop")
        session.until_type("session_ended")
    return str(started["interview_id"])


def test_a_finished_interview_fills_outcomes_notebook_and_progress(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app:
        interview_id = typed_interview(app, "I would start from the data.")
        engine = cast(FastAPI, app.app).state.services.store.engine
        with Session(engine) as session:
            results = list(session.exec(select(AnswerResultRow)))
            outcomes = list(session.exec(select(OutcomeRow)))
        assert [r.interview_id for r in results] == [interview_id]
        assert results[0].reviewed_at is not None  # the notebook learnt from it
        assert {o.kind for o in outcomes} >= {"key_point"}
        assert {o.status for o in outcomes} <= {"covered", "partial", "missed", "stated"}

        book = app.get("/api/notebook").json()
        missed = [o for o in outcomes if o.status in ("missed", "partial")]
        assert len(book["cards"]) == len(missed) > 0
        assert book["cards"][0]["prompt"] and book["cards"][0]["text"]
        # Missed today, due tomorrow: nothing to practise yet.
        today = app.get("/api/practice/today").json()
        assert today["questions"] == [] and today["next_due"]

        figures = app.get("/api/progress").json()
        assert figures["answers"] == 1 and figures["key_points"]["in_notebook"] == len(missed)
        assert app.get("/progress").headers["content-type"].startswith("text/html")
        assert app.get("/notebook").headers["content-type"].startswith("text/html")
        zh = app.get("/api/notebook", params={"lang": "zh"}).json()
        assert zh["cards"][0]["prompt"] != book["cards"][0]["prompt"]  # the bank's Chinese


def test_progress_and_notebook_are_each_users_own(make_app: Callable[..., TestClient]) -> None:
    with make_app(**team_settings()) as server:
        ada, bob, nobody, _accounts = ada_bob_and_nobody(server)
        typed_interview(ada, "I would start from the data.")
        assert ada.get("/api/progress").json()["answers"] == 1
        assert len(ada.get("/api/notebook").json()["cards"]) > 0
        assert bob.get("/api/progress").json()["answers"] == 0
        assert bob.get("/api/notebook").json()["cards"] == []
        for path in ("/api/progress", "/api/notebook", "/api/practice/today"):
            assert nobody.get(path).status_code == 401


def test_progress_groups_old_answers_under_the_banks_current_names(
    make_app: Callable[..., TestClient],
) -> None:
    """A row keeps the names of the day it was answered; after the bank renames a domain or a
    competency, progress still shows the candidate's history as one line under the new name."""
    with make_app() as app:
        typed_interview(app, "I would start from the data.")
        services = cast(FastAPI, app.app).state.services
        with Session(services.store.engine) as session:
            row = session.exec(select(AnswerResultRow)).one()
            question = services.practice.bank.get(row.question_id)
            row.domain, row.competency = "a retired domain", "a retired competency"
            session.add(row)
            session.commit()
        figures = app.get("/api/progress").json()
        assert list(figures["per_domain"]) == [question.domain]
        expected = [question.competency] if question.competency else []
        assert list(figures["per_competency"]) == expected
