"""Storage round trips on SQLite (the default) and PostgreSQL (a team deployment)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy
from pydantic import ValidationError

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
    return s.create_interview(new).id


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
    assert interview_id in [row.id for row in any_store.interviews()]


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
