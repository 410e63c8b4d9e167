"""The voice loop over /ws/interview with scripted fakes: ordering, controls, bad input, drops."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from speech.errors import SpeechError
from tests.fakes import ScriptedRecognizer, ToneSynthesizer, silence, speech_like
from tests.web.conftest import START, Client, started_session, wait_for

pytestmark = pytest.mark.timeout(120)


@contextlib.contextmanager
def _connected(app: TestClient) -> Iterator[Client]:
    with app.websocket_connect("/ws/interview") as ws:
        yield Client(ws)


def test_start_speaks_the_first_question(make_app: Callable[..., TestClient]) -> None:
    synthesizer = ToneSynthesizer()
    with make_app(synthesizer=synthesizer) as app, started_session(app) as (client, started):
        assert len(started["plan"]) == 3 and started["token"]
        lines = client.events("interviewer_line")
        assert lines and lines[0]["turn"] == 0 and lines[0]["kind"] == "question"
        spoken = " ".join(line["text"] for line in lines)
        assert started["plan"][0]["prompt"] in spoken
        assert any(isinstance(m, bytes) and m for m in client.log), "no audio was sent"
        assert client.events("audio_start")[0]["sample_rate"] == ToneSynthesizer.sample_rate_hz
        assert synthesizer.spoken


def test_spoken_answer_is_saved_before_the_next_line(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.send_audio(speech_like(1.0))
        client.send_audio(silence(0.8))
        client.until_type("turn_saved")
        client.until_listening()
        types = [m["type"] for m in client.events()]
        saved_at = types.index("turn_saved")
        final_at = types.index("transcript_final")
        next_line_at = next(
            i
            for i, m in enumerate(client.events())
            if m["type"] == "interviewer_line" and m["turn"] == 1
        )
        assert types.index("speech_started") < final_at < saved_at < next_line_at
        assert client.events("transcript_final")[0]["text"] == "I would start from the data."
        score = client.first("score")
        assert score["turn"] == 0 and 0 <= score["score_0_10"] <= 10
        store = cast(FastAPI, app.app).state.services.store
        assert store.turns(started["interview_id"])[0].text == "I would start from the data."


def test_thinking_pause_does_not_end_the_turn(make_app: Callable[..., TestClient]) -> None:
    recognizer = ScriptedRecognizer(["first part and", "second part"])
    with make_app(recognizer=recognizer) as app, started_session(app) as (client, _):
        client.send_audio(speech_like(0.6))
        client.send_audio(silence(0.3))  # shorter than the 400 ms trailing silence
        client.send_audio(speech_like(0.6))
        client.send_audio(silence(0.8))
        client.until_type("turn_saved")
        assert len(client.events("transcript_final")) == 1
        # the pause closed a segment that was decoded while the candidate went on
        assert len(recognizer.calls) == 2
        assert sum(call[0] for call in recognizer.calls) >= 1.2
        final = client.events("transcript_final")[0]["text"]
        assert final == "first part and second part"


def test_asr_is_primed_with_the_question_and_its_key_terms(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["an answer"])
    with make_app(recognizer=recognizer) as app, started_session(app) as (client, started):
        client.send_audio(speech_like(0.6))
        client.send(type="answer_done")
        client.until_type("turn_saved")
        prompt = recognizer.calls[-1][2]
        assert prompt is not None and started["plan"][0]["prompt"] in prompt


def test_done_button_ends_the_answer_at_once(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, _):
        client.send_audio(speech_like(0.8))
        client.send(type="answer_done")
        saved = client.until_type("turn_saved")
        assert saved["turn"] == 0


def test_typed_answer(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.send(type="text_answer", text="Regularisation adds a penalty on the weights.")
        client.until_type("turn_saved")
        store = cast(FastAPI, app.app).state.services.store
        assert "penalty" in store.turns(started["interview_id"])[0].text


def test_bad_input_gets_error_events_and_the_session_goes_on(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app, _connected(app) as client:
        ws = client.ws
        ws.send_bytes(b"\0\0" * 160)
        assert client.until_type("error")["code"] == "no_session"
        client.send(type="skip")
        assert client.until_type("error")["code"] == "no_session"
        client.send(**START)
        client.until_listening()
        ws.send_text("{nope")
        assert client.until_type("error")["code"] == "invalid_json"
        ws.send_text('{"type": "shout"}')
        assert client.until_type("error")["code"] == "unknown_message"
        ws.send_text('{"type": "text_answer", "text": 5}')
        assert client.until_type("error")["code"] == "invalid_message"
        ws.send_bytes(b"\1\2\3")
        assert client.until_type("error")["code"] == "bad_audio_frame"
        ws.send_bytes(b"\0" * 20_000)
        assert client.until_type("error")["code"] == "message_too_large"
        client.send(**START)
        assert client.until_type("error")["code"] == "invalid_state"
        client.send(type="resume")
        assert client.until_type("error")["code"] == "invalid_state"
        assert not any(e["fatal"] for e in client.events("error"))
        client.send(type="text_answer", text="Still here: an answer after all that noise.")
        assert client.until_type("turn_saved")["turn"] == 0


def test_repeat_skip_and_stop(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        first = client.events("interviewer_line")
        client.send(type="repeat")
        client.until_listening()
        again = client.events("interviewer_line")[len(first) :]
        assert [m["text"] for m in again] == [m["text"] for m in first]

        client.send(type="skip")
        saved = client.until_type("turn_saved")
        assert saved["skipped"] is True
        client.until_listening()
        assert started["plan"][1]["prompt"] in " ".join(
            m["text"] for m in client.events("interviewer_line") if m["turn"] == 1
        )

        client.send(type="stop")
        ended = client.until_type("session_ended")
        assert ended["report_url"] == f"/interviews/{started['interview_id']}"
        report = app.get(ended["report_url"], headers={"accept": "application/json"}).json()
        assert [q["question_id"] for q in report["questions"]] == [p["id"] for p in started["plan"]]
        assert report["questions"][0]["answers"][0]["kind"] == "skipped"
        assert app.get(ended["report_url"]).headers["content-type"].startswith("text/html")
        assert "Model answer outline" in app.get(ended["report_url"] + ".md").text
        listing = app.get("/interviews?format=json").json()
        assert listing[0]["status"] == "ended"


def test_full_text_interview_produces_a_scored_report(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        bank = cast(FastAPI, app.app).state.services.bank
        for item in started["plan"]:
            question = bank.get(item["id"])
            answer = " ".join(kp.text.en for kp in question.key_points)
            client.send(type="text_answer", text=answer)
            client.until_type("turn_saved")
        ended = client.until_type("session_ended")
        report = app.get(ended["report_url"] + "?format=json").json()
        assert all(q["score_0_10"] is not None for q in report["questions"])
        assert report["rollup"]["overall_0_10"] > 0


def test_barge_in_stops_the_interviewer(make_app: Callable[..., TestClient]) -> None:
    with make_app(synthesizer=ToneSynthesizer(delay_s=0.5)) as app, _connected(app) as client:
        client.send(**START)
        client.until_type("audio_start")
        client.send_audio(speech_like(0.5))
        end = client.until_type("audio_end")
        while not end["interrupted"]:
            end = client.until_type("audio_end")
        client.until_listening()


def test_asr_failure_is_reported_and_the_session_goes_on(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["x"], fail_with=SpeechError("decoder crashed"))
    with make_app(recognizer=recognizer) as app, started_session(app) as (client, _):
        client.send_audio(speech_like(0.6))
        client.send(type="answer_done")
        error = client.until_type("error")
        assert error["code"] == "asr_failed" and not error["fatal"]
        kept = client.events("turn_saved")[0]  # the recording is kept as an incomplete turn
        assert kept == {"type": "turn_saved", "turn": 0, "complete": False}
        client.until_listening()
        client.send(type="text_answer", text="Typing it instead, then.")
        assert client.until_type("turn_saved")["turn"] == 1


def test_tts_failure_still_shows_the_line(make_app: Callable[..., TestClient]) -> None:
    broken = ToneSynthesizer(fail_with=SpeechError("voice file unreadable"))
    with make_app(synthesizer=broken) as app, _connected(app) as client:
        client.send(**START)
        assert client.until_type("error")["code"] == "tts_failed"
        client.until_listening()
        assert client.events("interviewer_line")


def test_drop_mid_answer_saves_what_was_heard_and_resume_continues(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["the bias variance trade off is about"])
    with make_app(recognizer=recognizer) as app:
        with started_session(app) as (client, started):
            client.send_audio(speech_like(1.0))
        store = cast(FastAPI, app.app).state.services.store
        wait_for(lambda: len(store.turns(started["interview_id"])) == 1)
        turn = store.turns(started["interview_id"])[0]
        assert turn.complete is False and "bias variance" in turn.text

        with _connected(app) as again:
            again.send(
                type="resume_session", interview_id=started["interview_id"], token=started["token"]
            )
            resumed = again.until_type("session_started")
            assert resumed["interview_id"] == started["interview_id"]
            again.until_listening()
            line = " ".join(m["text"] for m in again.events("interviewer_line"))
            assert "pick up where we left off" in line
            again.send(type="text_answer", text="It balances underfitting against overfitting.")
            assert again.until_type("turn_saved")["turn"] == 1


def test_resume_with_a_wrong_token_is_refused(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (_, started), _connected(app) as other:
        other.send(type="resume_session", interview_id=started["interview_id"], token="guess")
        assert other.until_type("error")["code"] == "no_session"


def test_sessions_beyond_the_limit_are_told_busy(make_app: Callable[..., TestClient]) -> None:
    with make_app(max_sessions=1) as app, started_session(app), _connected(app) as second:
        second.send(**START)
        error = second.until_type("error")
        assert error["code"] == "busy" and error["fatal"]


def test_missing_voice_falls_back_to_text(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app:
        services = cast(FastAPI, app.app).state.services

        def no_voice(_language: str) -> ToneSynthesizer:
            raise SpeechError("espeak-ng not found")

        services.synthesizer = no_voice
        with _connected(app) as client:
            client.send(**START)
            error = client.until_type("error")
            assert error["code"] == "tts_failed" and "shown as text" in error["message"]
            client.until_listening()
            assert client.events("interviewer_line")
            assert not any(isinstance(m, bytes) for m in client.log)
