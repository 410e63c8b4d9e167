"""The coding round's code pad: what the candidate types is saved with the answer, read by the
scorer against the question's code requirements (never run), and shown in the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from fastapi import FastAPI
from fastapi.testclient import TestClient

from interviewer.code_review import review_code
from rubrics.bank import QuestionBank
from tests.web.conftest import Client

FIZZBUZZ = """def fizzbuzz(n):
    for i in range(1, n + 1):
        if i % 15 == 0:
            print("FizzBuzz")
        elif i % 3 == 0:
            print("Fizz")
        elif i % 5 == 0:
            print("Buzz")
        else:
            print(i)
"""


def _coding_question(bank: QuestionBank) -> str:
    return next(q.id for q in bank if q.code_requirements)


def test_code_is_saved_with_the_answer_scored_and_reported(
    make_app: Callable[..., TestClient], bank: QuestionBank
) -> None:
    question_id = _coding_question(bank)
    with make_app() as app, app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(type="start", round="ml_coding", mode="text", question_ids=[question_id])
        started = client.until_type("session_started")
        assert [p["id"] for p in started["plan"]] == [question_id]
        client.until_listening()
        client.send(type="code", text=FIZZBUZZ)
        client.send(type="text_answer", text="I loop from one to n and test the modulo.")
        client.until_type("turn_saved")
        score = client.first("score")
        assert score["code"]["requirements"] and 0 < score["code"]["share_met"] <= 1
        store = cast(FastAPI, app.app).state.services.store
        (turn,) = store.turns(started["interview_id"])
        assert turn.code is not None and "range(1, n + 1)" in turn.code
        client.send(type="stop")
        ended = client.until_type("session_ended")
        report = app.get(ended["report_url"] + "?format=json").json()
        assert report["questions"][0]["answers"][0]["code"].startswith("def fizzbuzz")
        assert "```" in app.get(ended["report_url"] + ".md").text


def test_fenced_code_in_a_typed_answer_counts_when_the_pad_is_empty(
    make_app: Callable[..., TestClient], bank: QuestionBank
) -> None:
    talk = "I loop from one to n and test the modulo."
    with make_app() as app, app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(
            type="start", round="ml_coding", mode="text", question_ids=[_coding_question(bank)]
        )
        client.until_listening()
        client.send(type="text_answer", text=f"{talk}\n```python\n{FIZZBUZZ}```")
        code = client.first("score")["code"]
        assert code["requirements"] and 0 < code["share_met"] <= 1


def test_code_requirements_are_read_not_run(bank: QuestionBank) -> None:
    question = bank.get(_coding_question(bank))
    nothing = review_code(question, "print('hello')", "en")
    assert nothing is not None and nothing["share_met"] == 0
    assert review_code(question, "   ", "en") is None
    harmful = "import os\nos.system('rm -rf /')  # never executed\n"
    assert review_code(question, harmful, "en") is not None  # read as text only


def test_unknown_question_ids_are_refused(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(type="start", question_ids=["no_such_question"])
        error = client.until_type("error")
        assert error["code"] == "invalid_message" and "no_such_question" in error["message"]
