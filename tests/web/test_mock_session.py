"""A timed full mock over the websocket, with budgets short enough to run out in the test:
the phases are announced, a clock event precedes each line, and a spent phase is wrapped up."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from interviewer.mock_phases import PhasePlan
from tests.web.conftest import START, Client
from web.settings import InterviewSettings

PHASES = [
    PhasePlan(name="introduction", round="behavioral", questions=1, budget_s=1.0),
    PhasePlan(name="technical", round="ml_theory", questions=2, budget_s=60.0),
]


def test_a_mock_runs_its_phases_on_the_clock(make_app: Callable[..., TestClient]) -> None:
    with make_app(interview=InterviewSettings(mock_phases=PHASES)) as app:
        with app.websocket_connect("/ws/interview") as ws:
            client = Client(ws)
            client.send(**{**START, "mode": "text", "mock": True})
            started = client.until_type("session_started")
            assert [p["name"] for p in started["phases"]] == ["introduction", "technical"]
            assert [p["count"] for p in started["phases"]] == [1, 2]
            first = client.until_type("phase")
            assert first["name"] == "introduction" and first["budget_s"] == 1.0
            assert first["deadline_ms"] > time.time() * 1000 - 5000
            client.until_listening()
            time.sleep(1.2)  # the introduction's budget runs out while the candidate thinks
            client.send(type="text_answer", text="I build ranking models.")
            client.until_type("turn_saved")
            moved = client.until_type("phase")
            assert moved["name"] == "technical" and moved["index"] == 1
            client.until_listening()
            said = " ".join(e["text"] for e in client.events("interviewer_line") if e["turn"] == 1)
            assert said.startswith("We're out of time for the introduction"), client.events()
        report = app.get(f"/interviews/{started['interview_id']}?format=json").json()
        assert report["round"] == "full_mock"
        intro, technical = report["phases"]
        assert intro["name"] == "introduction" and intro["budget_s"] == 1.0
        assert intro["used_s"] is not None and intro["used_s"] >= 1.0  # it ran over
        assert technical["used_s"] is None  # no technical answer yet
        markdown = app.get(f"/interviews/{started['interview_id']}.md").text
        assert "- the introduction: " in markdown and "of 0.0 min" in markdown
