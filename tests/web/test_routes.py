"""Report routes: one URL serves the page to browsers and JSON to clients; exports; 404s."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient


def test_pages_and_errors(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app:
        index = app.get("/")
        assert index.status_code == 200 and "Start interview" in index.text
        assert app.get("/static/app.js").status_code == 200
        assert app.get("/static/pcm-worklet.js").status_code == 200
        assert app.get("/interviews").headers["content-type"].startswith("text/html")
        assert app.get("/interviews?format=json").json() == []
        assert app.get("/interviews/nope").status_code == 404
        assert app.get("/interviews/nope?format=json").status_code == 404
        assert app.get("/interviews/nope.md").status_code == 404
        assert app.get("/interviews/nope/audio/0.wav").status_code == 404
        options = app.get("/api/options").json()
        assert "behavioral" in options["rounds"] and options["questions"] >= 20


def test_recorded_answer_can_be_replayed(make_app: Callable[..., TestClient]) -> None:
    from tests.fakes import silence, speech_like
    from tests.web.conftest import Client

    with make_app() as app:
        with app.websocket_connect("/ws/interview") as ws:
            client = Client(ws)
            client.send(type="start", round="behavioral", level="L5", language="en")
            started = client.until_type("session_started")
            client.until_listening()
            client.send_audio(speech_like(0.8))
            client.send_audio(silence(0.6))
            client.until_type("turn_saved")
        audio = app.get(f"/interviews/{started['interview_id']}/audio/0.wav")
        assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
        assert len(audio.content) > 16_000  # at least half a second of 16 kHz PCM16
        report = app.get(f"/interviews/{started['interview_id']}?format=json").json()
        assert report["questions"][0]["answers"][0]["has_audio"] is True
