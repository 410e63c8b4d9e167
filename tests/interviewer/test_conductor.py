"""The conductor with simulated candidates: every finished turn is committed before the next
line exists, probes follow the rubric, and a reconnect resumes at the same line."""

from __future__ import annotations

import pytest

from interviewer.conductor import Conductor
from interviewer.line_writer import LineWriter
from interviewer.storage import NewInterview, NewTurn, Store, TurnRow
from rubrics.bank import QuestionBank
from rubrics.schema import Question
from speech.types import Transcript


def _questions(bank: QuestionBank) -> list[Question]:
    probed = [q for q in bank if q.round == "ml_theory" and any(f.probes for f in q.follow_ups)]
    return probed[:3]


def _conductor(bank: QuestionBank, store: Store, questions: list[Question]) -> Conductor:
    interview, _ = store.create_interview(
        NewInterview(
            mode="text",
            round="ml_theory",
            level="L4",
            language="en",
            question_ids=[q.id for q in questions],
        )
    )
    return Conductor(bank, store, LineWriter(None), interview, max_follow_ups=1)


def _said(text: str) -> Transcript:
    return Transcript(text, (), "en", 10.0)


def _complete_answer(question: Question) -> str:
    return " ".join(kp.text.en for kp in question.key_points)


def _weak_answer(question: Question) -> str:
    """Only the lightest key point: the heavier ones are missed."""
    lightest = min(question.key_points, key=lambda kp: kp.weight)
    return f"I think {lightest.text.en.lower()} That is my answer, more or less."


def test_opening_line_asks_the_first_question(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    assert questions[0].prompt.en in conductor.current_line.text
    assert conductor.current_line.kind == "question"


def test_good_candidate_moves_straight_through(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    kinds = []
    for question in questions:
        outcome = conductor.answer(_said(_complete_answer(question)))
        kinds.append(outcome.next_line.kind)
        # committed before the next line was returned
        assert store.turns(conductor.interview.id)[-1].turn_index == outcome.turn.turn_index
    assert kinds == ["question", "question", "closing"]
    assert conductor.ended


def test_weak_answer_gets_an_authored_probe_once(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    first = conductor.answer(_said(_weak_answer(questions[0])))
    assert first.next_line.kind == "follow_up"
    authored = {f.text.en for f in questions[0].follow_ups}
    assert any(first.next_line.text.endswith(probe) for probe in authored)
    second = conductor.answer(_said("I am not sure, maybe it depends on the data we have."))
    assert second.next_line.kind == "question"  # the budget of one probe is spent
    saved = store.turns(conductor.interview.id)
    assert [t.kind for t in saved] == ["answer", "follow_up"]
    assert saved[1].follow_up_id == first.next_line.follow_up_id


def test_empty_and_gibberish_answers_are_saved_and_not_probed(
    bank: QuestionBank, store: Store
) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    assert conductor.answer(_said("")).next_line.kind == "question"
    assert conductor.answer(_said("blorf")).next_line.kind == "question"
    assert [t.text for t in store.turns(conductor.interview.id)] == ["", "blorf"]


def test_repeated_answer_does_not_loop(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    weak = _weak_answer(questions[0])
    conductor.answer(_said(weak))
    outcome = conductor.answer(_said(weak))
    assert outcome.next_line.kind == "question"
    assert outcome.next_line.question_id == questions[1].id


def test_follow_up_answers_are_scored_together(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    conductor.answer(_said(_weak_answer(questions[0])))
    outcome = conductor.answer(_said("And another thing."))
    assert outcome.scoring is not None
    assert _weak_answer(questions[0]) in outcome.scoring.transcript.text
    assert "another thing" in outcome.scoring.transcript.text


def test_skip_is_recorded_and_moves_on(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    line = conductor.skip()
    assert line.question_id == questions[1].id
    assert store.turns(conductor.interview.id)[0].kind == "skipped"


def test_cut_off_answer_is_saved_incomplete_and_the_line_stays(
    bank: QuestionBank, store: Store
) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    asked = conductor.current_line
    outcome = conductor.answer(_said("Bias is the error from"), complete=False)
    assert outcome.decision is None
    assert outcome.next_line.authored == asked.authored
    assert store.turns(conductor.interview.id)[0].complete is False


def test_replay_resumes_at_the_pending_line(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    live = _conductor(bank, store, questions)
    live.answer(_said(_complete_answer(questions[0])))
    live.answer(_said(_weak_answer(questions[1])))
    pending = live.current_line

    resumed = Conductor(bank, store, LineWriter(None), live.interview, max_follow_ups=1)
    resumed.resume(store.turns(live.interview.id))
    assert resumed.current_line.authored == pending.authored
    assert resumed.current_line.turn_index == pending.turn_index
    assert "pick up where we left off" in resumed.resumed_line().text
    # and the next answer gets the next turn number
    outcome = resumed.answer(_said(_complete_answer(questions[1])))
    assert outcome.turn.turn_index == 2


def test_resume_speaks_the_stored_decision_even_after_a_bank_change(
    bank: QuestionBank, store: Store
) -> None:
    questions = _questions(bank)
    live = _conductor(bank, store, questions)
    live.answer(_said(_weak_answer(questions[0])))
    pending = live.current_line
    assert pending.kind == "follow_up"
    saved = store.turns(live.interview.id)[-1]
    assert saved.decision is not None and saved.decision["text"] == pending.text

    # The follow-up is reworded in the bank after the turn was saved: a resume still asks
    # exactly what was decided, and the next answer is filed against that line.
    reworded = bank.get(questions[0].id).model_copy(update={"follow_ups": []})
    changed = QuestionBank([reworded if q.id == reworded.id else q for q in bank])
    resumed = Conductor(changed, store, LineWriter(None), live.interview, max_follow_ups=1)
    resumed.resume(store.turns(live.interview.id))
    assert resumed.current_line.text == pending.text
    assert resumed.current_line.kind == "follow_up"
    outcome = resumed.answer(_said(_complete_answer(questions[0])))
    assert store.turns(live.interview.id)[1].interviewer_line == pending.text
    assert outcome.next_line.question_id == questions[1].id


def test_continuation_amends_the_saved_answer_and_decides_again(
    bank: QuestionBank, store: Store
) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    first = conductor.answer(_said(_weak_answer(questions[0])))
    assert first.next_line.kind == "follow_up"
    conductor.record_spoken(first.next_line, first.next_line.text)  # heard only its start
    rest = _said(_complete_answer(questions[0]))
    amended = conductor.amend(rest)
    assert amended.amended and amended.turn.turn_index == 0
    assert amended.next_line.kind == "question"
    assert amended.next_line.question_id == questions[1].id
    turns = store.turns(conductor.interview.id)
    assert len(turns) == 1 and rest.text in turns[0].text
    assert turns[0].decision is not None and turns[0].decision["question_id"] == questions[1].id
    assert conductor.spoken_lines == []
    # The next answer is the next turn, filed against the newly decided line.
    nxt = conductor.answer(_said(_complete_answer(questions[1])))
    assert nxt.turn.turn_index == 1 and nxt.turn.question_id == questions[1].id


def test_a_failed_save_leaves_the_state_unchanged(bank: QuestionBank, store: Store) -> None:
    questions = _questions(bank)
    conductor = _conductor(bank, store, questions)
    line = conductor.current_line

    def broken(new: NewTurn, owner: str | None = None) -> TurnRow:
        raise OSError("disk full")

    store.save_turn = broken  # type: ignore[method-assign]
    with pytest.raises(OSError):
        conductor.answer(_said(_complete_answer(questions[0])))
    assert conductor.current_line == line
    assert not conductor.can_amend
