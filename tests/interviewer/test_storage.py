"""Storage round trips on SQLite (the default) and PostgreSQL (a team deployment)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy
from pydantic import ValidationError

from interviewer.accounts import LOCAL_USER_ID
from interviewer.leases import LeaseLost
from interviewer.storage import NewInterview, NewTurn, Store
from tests.conftest import POSTGRES_URL


def _postgres_store() -> Store:
    schema = f"viva_test_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    except sqlalchemy.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    return Store(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, store: Store) -> Iterator[Store]:
    yield store if request.param == "sqlite" else _postgres_store()


def _interview(s: Store) -> str:
    new = NewInterview(
        mode="voice", round="ml_theory", level="L4", language="en", question_ids=["a", "b"]
    )
    return s.create_interview(new).interview.id


def _turn(interview_id: str, index: int, **overrides: object) -> NewTurn:
    values: dict[str, object] = {
        "interview_id": interview_id,
        "turn_index": index,
        "question_id": "a",
        "kind": "answer",
        "interviewer_line": "What is overfitting?",
        "text": "When the model memorises noise.",
        "words": [{"text": "When", "start_s": 0.0, "end_s": 0.2, "probability": 0.9}],
        "language": "en",
    }
    values.update(overrides)
    return NewTurn(**values)  # type: ignore[arg-type]


def test_interview_turns_scores_and_report_round_trip(any_store: Store) -> None:
    interview_id = _interview(any_store)
    any_store.save_turn(_turn(interview_id, 0))
    any_store.save_turn(_turn(interview_id, 1, kind="follow_up", complete=False, text="Partly"))
    any_store.save_score(interview_id, 0, "a", {"score_0_10": 6.5, "path": "rules", "x": [1]})
    any_store.end_interview(interview_id, {"overall": 6.5})

    interview = any_store.interview(interview_id)
    assert interview is not None and interview.status == "ended"
    assert interview.question_ids == ["a", "b"]
    turns = any_store.turns(interview_id)
    assert [t.turn_index for t in turns] == [0, 1]
    assert turns[0].words[0]["text"] == "When"
    assert turns[1].complete is False
    assert any_store.scores(interview_id)[0].detail["x"] == [1]
    assert any_store.report(interview_id) == {"overall": 6.5}
    assert interview_id in [row.id for row in any_store.interviews({LOCAL_USER_ID})]
    assert any_store.interviews({"someone-else"}) == []


def test_a_turn_index_is_saved_once(any_store: Store) -> None:
    interview_id = _interview(any_store)
    any_store.save_turn(_turn(interview_id, 0))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        any_store.save_turn(_turn(interview_id, 0))


def test_invalid_turn_is_refused_before_the_database(store: Store) -> None:
    with pytest.raises(ValidationError):
        _turn("x", -1)
    with pytest.raises(ValidationError):
        _turn("x", 0, kind="monologue")


def test_unknown_interview_has_no_report(store: Store) -> None:
    assert store.interview("missing") is None
    assert store.report("missing") is None


def test_only_the_lease_holder_saves_turns(any_store: Store) -> None:
    interview_id = _interview(any_store)
    assert any_store.claim_lease(interview_id, "tab-1", stale_after_s=30)
    any_store.save_turn(_turn(interview_id, 0), owner="tab-1")
    # A second tab asks to take over: it must wait, and the owner is told on its heartbeat.
    assert not any_store.claim_lease(interview_id, "tab-2", stale_after_s=30)
    beat = any_store.heartbeat(interview_id, "tab-1")
    assert beat.mine and beat.wanted
    any_store.release_lease(interview_id, "tab-1")
    assert any_store.claim_lease(interview_id, "tab-2", stale_after_s=30)
    with pytest.raises(LeaseLost):
        any_store.save_turn(_turn(interview_id, 1), owner="tab-1")
    assert not any_store.heartbeat(interview_id, "tab-1").mine
    any_store.save_turn(_turn(interview_id, 1), owner="tab-2")
    assert [t.turn_index for t in any_store.turns(interview_id)] == [0, 1]


def test_a_stale_lease_can_be_claimed(any_store: Store) -> None:
    interview_id = _interview(any_store)
    assert any_store.claim_lease(interview_id, "crashed", stale_after_s=30)
    assert any_store.claim_lease(interview_id, "restarted", stale_after_s=0)
    assert any_store.lease_owner(interview_id) == "restarted"


def test_text_a_database_refuses_is_cleaned_not_lost(any_store: Store) -> None:
    interview_id = _interview(any_store)
    any_store.save_turn(_turn(interview_id, 0, text="dropout\x00 keeps \ud800 weights"))
    assert any_store.turns(interview_id)[0].text == "dropout keeps \ufffd weights"


def test_scores_are_replaced_and_failures_recorded(any_store: Store) -> None:
    interview_id = _interview(any_store)
    any_store.save_turn(_turn(interview_id, 0))
    assert [t.turn_index for t in any_store.unscored_turns() if t.interview_id == interview_id] == [
        0
    ]
    any_store.save_score(interview_id, 0, "a", {"error": "locked"}, status="failed")
    any_store.save_score(interview_id, 0, "a", {"score_0_10": 4.0, "path": "rules"})
    (score,) = any_store.scores(interview_id)
    assert score.status == "ok" and score.score_0_10 == 4.0
    assert not [t for t in any_store.unscored_turns() if t.interview_id == interview_id]
