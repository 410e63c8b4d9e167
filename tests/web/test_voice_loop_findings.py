"""Regression tests for issue 7's findings, over the websocket with scripted fakes: everyday
sequences that used to lose an answer, file it against the wrong line, or wedge the interview."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from interviewer.scoring import AnswerScorer
from interviewer.storage import CreatedInterview, NewInterview, NewTurn, Store
from tests.fakes import (
    BagOfTermsEmbedder,
    FlakyScorer,
    ScriptedRecognizer,
    ToneSynthesizer,
    silence,
    speech_like,
)
from tests.web.conftest import START, Client, started_session, wait_for
from web.settings import ScoringSettings, SessionSettings

pytestmark = pytest.mark.timeout(120)

FAST_RETRIES = ScoringSettings(attempts=2, retry_delay_s=0.01)


@contextlib.contextmanager
def _resumed(app: TestClient, started: dict[str, Any]) -> Iterator[Client]:
    with app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(
            type="resume_session", interview_id=started["interview_id"], token=started["token"]
        )
        client.until_type("session_started")
        client.until_listening()
        yield client


def _store(app: TestClient) -> Store:
    store: Store = cast(FastAPI, app.app).state.services.store
    return store


def _drain(client: Client) -> list[dict[str, Any] | bytes]:
    """Read until the server closes the socket."""
    with contextlib.suppress(ConnectionError):
        while True:
            client.receive()
    return client.log


def _unscored_answer(
    store: Store, bank: Any, decision: dict[str, Any] | None = None
) -> CreatedInterview:
    """An interview whose complete answer was saved by a process that died before scoring."""
    question = next(q for q in bank if q.round == "ml_theory")
    new = NewInterview(
        mode="text", round="ml_theory", level="L4", language="en", question_ids=[question.id]
    )
    created = store.create_interview(new)
    interview = created.interview
    store.save_turn(
        NewTurn(
            interview_id=interview.id,
            turn_index=0,
            question_id=question.id,
            kind="answer",
            interviewer_line=question.prompt.en,
            text=" ".join(kp.text.en for kp in question.key_points),
            language="en",
            decision=decision or {},
        )
    )
    return created


# 1. A quick reconnect or a second tab -------------------------------------------------------
def test_a_second_tab_takes_over_after_the_first_saves_what_it_heard(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["the first tab was saying regularisation"])
    with make_app(recognizer=recognizer) as app, started_session(app) as (first, started):
        first.send_audio(speech_like(0.8))  # mid-answer: no end of turn yet
        with _resumed(app, started) as second:
            told = first.until_type("error")
            assert told["code"] == "taken_over" and told["fatal"]
            turns = _store(app).turns(started["interview_id"])
            assert [t.turn_index for t in turns] == [0]
            assert "first tab" in turns[0].text and not turns[0].complete
            second.send(type="text_answer", text="Regularisation penalises large weights.")
            assert second.until_type("turn_saved")["turn"] == 1
        _drain(first)
        assert first.events("session_started") and not first.events("turn_saved")[1:]


def test_a_reconnect_at_once_sees_the_dropped_answer(make_app: Callable[..., TestClient]) -> None:
    recognizer = ScriptedRecognizer(["the dropped answer about variance"], delay_s=0.5)
    with make_app(recognizer=recognizer) as app:
        with started_session(app) as (client, started):
            client.send_audio(speech_like(1.0))
        # Reconnect while the dropped answer is still being transcribed.
        with _resumed(app, started) as again:
            turns = _store(app).turns(started["interview_id"])
            assert len(turns) == 1 and "dropped answer" in turns[0].text
            again.send(type="text_answer", text="Variance is sensitivity to the training set.")
            assert again.until_type("turn_saved")["turn"] == 1
        assert [t.turn_index for t in _store(app).turns(started["interview_id"])] == [0, 1]


# 2. Talking on after the end of a turn ------------------------------------------------------
def test_talking_on_while_the_interviewer_thinks_continues_the_answer(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["the first part", "and the second part"], delay_s=0.4)
    with make_app(recognizer=recognizer) as app, started_session(app) as (client, started):
        client.send_audio(speech_like(1.0))
        client.send_audio(silence(0.5))  # a pause long enough to end the turn...
        client.until(lambda m: m["type"] == "state" and m["phase"] == "thinking")
        client.send_audio(speech_like(1.0))  # ...but the candidate goes on
        client.send_audio(silence(0.6))
        saved = client.until_type("turn_saved")
        client.until_listening()
        assert saved["turn"] == 0
        turns = _store(app).turns(started["interview_id"])
        assert len(turns) == 1
        assert "first part" in turns[0].text and "second part" in turns[0].text
        assert len(client.events("transcript_final")) == 1


def test_talking_on_as_the_reply_starts_amends_the_saved_answer(
    make_app: Callable[..., TestClient],
) -> None:
    recognizer = ScriptedRecognizer(["I would use dropout", "and also weight decay"])
    synthesizer = ToneSynthesizer(delay_s=0.3)
    app = make_app(recognizer=recognizer, synthesizer=synthesizer)
    with app, started_session(app) as (client, started):
        client.send_audio(speech_like(1.0))
        client.send_audio(silence(0.5))
        assert client.until_type("turn_saved")["turn"] == 0
        client.send_audio(speech_like(1.0))  # right as the reply starts
        client.send_audio(silence(0.6))
        amended = client.until(lambda m: m["type"] == "turn_saved" and bool(m.get("amended")))
        assert amended["turn"] == 0
        assert any(m["interrupted"] for m in client.events("audio_end"))
        client.until_listening()
        turns = _store(app).turns(started["interview_id"])
        assert len(turns) == 1 and "dropout" in turns[0].text and "decay" in turns[0].text
        heard = " ".join(m["text"] for m in client.events("interviewer_line") if m["turn"] == 1)
        decided = turns[0].decision
        assert decided is not None and decided["text"].split()[-1] in heard
        client.send(type="text_answer", text="Next answer.")
        saved = client.until(lambda m: m["type"] == "turn_saved" and not m.get("amended"))
        assert saved["turn"] == 1


# 3. Pause, then Skip / Repeat / End ---------------------------------------------------------
def test_pause_then_skip_speaks_the_next_question(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.send(type="pause")
        client.until(lambda m: m["type"] == "state" and m["phase"] == "paused")
        client.send(type="skip")
        assert client.until_type("turn_saved")["skipped"] is True
        client.until_listening()
        spoken = " ".join(m["text"] for m in client.events("interviewer_line") if m["turn"] == 1)
        assert started["plan"][1]["prompt"] in spoken
        assert not [e for e in client.events("error") if e["code"] == "internal"]


def test_pause_then_repeat_and_pause_then_end(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.send(type="pause")
        client.until(lambda m: m["type"] == "state" and m["phase"] == "paused")
        before = len(client.events("interviewer_line"))
        client.send(type="repeat")
        client.until_listening()
        assert len(client.events("interviewer_line")) > before
        client.send(type="pause")
        client.until(lambda m: m["type"] == "state" and m["phase"] == "paused")
        client.send(type="stop")
        ended = client.until_type("session_ended")
        assert _store(app).interview(started["interview_id"]).status == "ended"  # type: ignore[union-attr]
        assert app.get(ended["report_url"] + "?format=json").status_code == 200
        assert not [e for e in client.events("error") if e["code"] == "internal"]


# 4. Scoring failures ------------------------------------------------------------------------
def test_failed_scoring_is_retried_then_reported_and_the_report_still_comes(
    make_app: Callable[..., TestClient],
) -> None:
    scorer = FlakyScorer(AnswerScorer(BagOfTermsEmbedder()), failures=100)
    with make_app(scorer=scorer, scoring=FAST_RETRIES) as app, started_session(app) as (client, _):
        client.send(type="text_answer", text="Bias is error from wrong assumptions.")
        client.until_type("turn_saved")
        client.send(type="stop")
        ended = client.until_type("session_ended")
        report = app.get(ended["report_url"] + "?format=json").json()
        assert report["questions"][0]["scoring_failed"] is True
        assert scorer.calls == 2  # tried, retried, then recorded as failed
        assert "scoring failed" in app.get(ended["report_url"] + ".md").text


def test_the_interview_keeps_reading_the_socket_while_its_report_waits(
    make_app: Callable[..., TestClient],
) -> None:
    """A first start scores nothing until the bank is embedded (minutes). The closing
    interview used to wait for its report inside the actor: the inbox filled with the
    microphone's frames, the socket went unread, and keep-alive dropped the connection
    before `session_ended`. Now it answers meanwhile, and still ends once."""
    gate = threading.Event()
    slow = FlakyScorer(AnswerScorer(BagOfTermsEmbedder()), gate=gate)
    opened = threading.Timer(20.0, gate.set)  # so the old behaviour fails instead of hanging
    opened.start()
    small_inbox = SessionSettings(inbox_size=16)
    try:
        with (
            make_app(scorer=slow, session=small_inbox) as app,
            started_session(app) as (client, started),
        ):
            client.send(type="text_answer", text="Gradient descent follows the slope down.")
            client.until_type("turn_saved")
            client.send(type="stop")
            client.until(lambda m: m["type"] == "state" and m["phase"] == "closing")
            client.send_audio(silence(4.0))  # 200 frames: far more than the inbox holds
            client.send(type="text_answer", text="One more thing.")
            refused = client.until(lambda m: m["type"] in ("error", "session_ended"))
            assert refused["type"] == "error" and refused["code"] == "invalid_state"
            assert not gate.is_set()
            gate.set()
            ended = client.until_type("session_ended")
            assert ended["report_url"].endswith(started["interview_id"])
            assert len(_drain(client)) and len(client.events("session_ended")) == 1
    finally:
        opened.cancel()


def test_answers_left_unscored_by_a_crash_are_scored_at_start_up(
    make_app: Callable[..., TestClient], tmp_path: Path, bank: Any
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'viva.db'}")
    interview, _ = _unscored_answer(store, bank)
    store.mark_closing(interview.id)  # the crash came during the closing line
    with make_app() as app:
        wait_for(lambda: bool(_store(app).scores(interview.id)))
        wait_for(lambda: _store(app).report(interview.id) is not None)
        assert _store(app).scores(interview.id)[0].score_0_10 > 0


# 5. After the end ---------------------------------------------------------------------------
def test_a_flood_of_skips_ends_the_interview_once(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        for _ in range(200):
            client.send(type="skip")
        log = _drain(client)
        events = [m for m in log if isinstance(m, dict)]
        ended_at = [i for i, m in enumerate(events) if m["type"] == "session_ended"]
        assert len(ended_at) == 1
        assert all(m["type"] in ("error", "score") for m in events[ended_at[0] + 1 :])
        turns = _store(app).turns(started["interview_id"])
        assert [t.kind for t in turns] == ["skipped"] * len(started["plan"])
        codes = {m["code"] for m in events if m["type"] == "error"}
        assert codes <= {"invalid_state"}


def test_answers_after_the_closing_line_are_refused(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.send(type="stop")
        client.send(type="text_answer", text="One more thing I wanted to say.")
        log = _drain(client)
        events = [m for m in log if isinstance(m, dict)]
        assert [m["type"] for m in events].count("session_ended") == 1
        assert not _store(app).turns(started["interview_id"])


def test_repeats_do_not_queue_up(make_app: Callable[..., TestClient]) -> None:
    with (
        make_app(synthesizer=ToneSynthesizer(delay_s=0.02)) as app,
        started_session(app) as (client, _),
    ):
        line_parts = len(client.events("interviewer_line"))
        finished_before = sum(1 for m in client.events("audio_end") if not m["interrupted"])
        for _ in range(300):
            client.send(type="repeat")
        client.send(type="text_answer", text="An answer after all those repeats.")
        assert client.until_type("turn_saved")["turn"] == 0
        finished = sum(1 for m in client.events("audio_end") if not m["interrupted"])
        # One repeat at a time: the line is said once more, not 300 times.
        assert finished - finished_before <= line_parts
        refused = [e for e in client.events("error") if e["code"] == "invalid_state"]
        assert len(refused) >= 250


# 6. Inputs that used to kill the connection --------------------------------------------------
def test_hostile_frames_get_codes_and_the_session_goes_on(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app, started_session(app) as (client, started):
        client.ws.send_text("[" * 2000)
        assert client.until_type("error")["code"] == "invalid_json"
        client.ws.send_text('{"type": "start", "questions": ' + "9" * 4400 + "}")
        assert client.until_type("error")["code"] in ("invalid_message", "invalid_json")
        client.send(type="text_answer", text="Null\x00 bytes\x00 are\x00 dropped, not the answer.")
        assert client.until_type("turn_saved")["turn"] == 0
        (turn,) = _store(app).turns(started["interview_id"])
        assert turn.text == "Null bytes are dropped, not the answer."


def test_a_start_that_leaves_no_question_is_refused_with_a_code(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app, app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(type="start", round="behavioral", level="L3", domains=["cv", "coding"])
        error = client.until_type("error")
        assert error["code"] == "invalid_message" and not error["fatal"]
        client.send(**START)  # the connection is still usable
        client.until_type("session_started")


# 7. Slots -----------------------------------------------------------------------------------
def test_sockets_that_never_start_are_closed_and_do_not_take_slots(
    make_app: Callable[..., TestClient],
) -> None:
    limits = SessionSettings(start_timeout_s=0.5)
    app = make_app(max_sessions=1, session=limits)
    with app, app.websocket_connect("/ws/interview") as idle:
        with started_session(app):  # the idle socket holds no interview slot
            pass
        silent = Client(idle)
        error = silent.until_type("error")
        assert error["code"] == "idle_timeout" and error["fatal"]
        _drain(silent)


def test_slots_free_when_the_socket_closes_while_scoring_goes_on(
    make_app: Callable[..., TestClient],
) -> None:
    slow = FlakyScorer(AnswerScorer(BagOfTermsEmbedder()), delay_s=1.5)
    with make_app(max_sessions=1, scorer=slow) as app:
        with started_session(app) as (client, started):
            client.send(type="text_answer", text="Gradient descent follows the slope down.")
            client.until_type("turn_saved")
        began = time.monotonic()
        with started_session(app):  # straight away, while the first answer is still being scored
            assert time.monotonic() - began < 5
        wait_for(lambda: bool(_store(app).scores(started["interview_id"])))


def test_an_idle_interview_is_paused_and_can_be_resumed(
    make_app: Callable[..., TestClient],
) -> None:
    limits = SessionSettings(idle_timeout_s=0.5)
    with make_app(session=limits) as app:
        with started_session(app) as (client, started):
            error = client.until_type("error")
            assert error["code"] == "idle_timeout" and error["fatal"]
            assert client.events("state")[-1]["phase"] == "paused"
            _drain(client)
        with _resumed(app, started) as again:
            again.send(type="text_answer", text="Back after a break.")
            assert again.until_type("turn_saved")["turn"] == 0


def test_a_socket_closed_while_its_resume_waits_gives_its_slot_back(
    make_app: Callable[..., TestClient],
) -> None:
    # The resume's socket is gone before the owner hands over; the resume then succeeds with
    # nobody left to give its slot back, unless the slot was given back with the socket.
    limits = SessionSettings(heartbeat_s=1.5, takeover_wait_s=10)
    with make_app(session=limits) as app, started_session(app) as (owner, started):
        runtime = cast(FastAPI, app.app).state.runtime
        time.sleep(0.8)  # the owner's first heartbeat is past; the next is 1.5 s away
        with app.websocket_connect("/ws/interview") as ws:
            Client(ws).send(
                type="resume_session",
                interview_id=started["interview_id"],
                token=started["token"],
            )
            wait_for(lambda: runtime.active_sessions == 2)
        assert owner.until_type("error")["code"] == "taken_over"
        wait_for(lambda: runtime.active_sessions == 0, timeout_s=10)
        time.sleep(0.5)
        assert runtime.active_sessions == 0


def test_a_resume_scores_answers_left_unscored(
    make_app: Callable[..., TestClient], bank: Any
) -> None:
    with make_app() as app:
        store = _store(app)
        # Saved by another replica that died before scoring it (after this one started).
        closing = {"turn_index": 1, "kind": "closing", "text": "Bye.", "authored": "Bye."}
        interview, token = _unscored_answer(store, bank, {**closing, "question_id": None})
        assert not store.scores(interview.id)
        started = {"interview_id": interview.id, "token": token}
        with app.websocket_connect("/ws/interview") as ws:
            client = Client(ws)
            client.send(type="resume_session", **started)
            client.until_type("session_ended")  # the pending line was the closing one
        assert store.scores(interview.id)[0].score_0_10 > 0


def test_a_tab_that_waited_while_the_interview_ended_gets_no_second_end(
    make_app: Callable[..., TestClient],
) -> None:
    slow = FlakyScorer(AnswerScorer(BagOfTermsEmbedder()), delay_s=1.5)
    with make_app(scorer=slow) as app, started_session(app) as (first, started):
        first.send(type="text_answer", text="Gradient descent follows the slope down.")
        first.until_type("turn_saved")
        first.send(type="stop")  # the report waits for the slow score
        first.until(lambda m: m["type"] == "state" and m["phase"] == "closing")
        with app.websocket_connect("/ws/interview") as ws:
            second = Client(ws)
            second.send(
                type="resume_session",
                interview_id=started["interview_id"],
                token=started["token"],
            )
            assert second.until_type("error")["code"] == "invalid_state"
            assert not second.events("session_ended")
        _drain(first)
        assert len(first.events("session_ended")) == 1
