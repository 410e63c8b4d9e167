from interviewer.decide_next import (
    AnswerState,
    AskFollowUp,
    DraftFollowUp,
    EndInterview,
    NextQuestion,
    decide_next,
)
from rubrics.bank import QuestionBank
from rubrics.schema import Question


def _probed_question(bank: QuestionBank) -> Question:
    return next(q for q in bank if any(f.probes for f in q.follow_ups))


def _state(question: Question, missed: tuple[str, ...], **overrides: object) -> AnswerState:
    values: dict[str, object] = {
        "question": question,
        "missed_key_point_ids": missed,
        "asked_follow_up_ids": (),
        "follow_ups_left": 1,
        "answer_word_count": 40,
    }
    values.update(overrides)
    return AnswerState(**values)  # type: ignore[arg-type]


def test_missed_point_with_an_authored_probe_gets_that_follow_up(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    follow_up = next(f for f in question.follow_ups if f.probes)
    target = follow_up.probes[0]
    decision = decide_next(_state(question, (target,)), None)
    assert isinstance(decision, AskFollowUp)
    assert target in decision.follow_up.probes
    assert decision.key_point_id == target


def test_heaviest_missed_point_is_probed_first(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    probed = [
        kp for kp in question.key_points if any(kp.id in f.probes for f in question.follow_ups)
    ]
    ordered = tuple(kp.id for kp in sorted(probed, key=lambda kp: -kp.weight))
    decision = decide_next(_state(question, ordered), None)
    assert isinstance(decision, AskFollowUp)
    assert decision.key_point_id == ordered[0]


def test_complete_answer_moves_on(bank: QuestionBank) -> None:
    questions = list(bank)
    decision = decide_next(_state(questions[0], ()), questions[1])
    assert decision == NextQuestion(questions[1])


def test_last_question_complete_ends(bank: QuestionBank) -> None:
    assert decide_next(_state(next(iter(bank)), ()), None) == EndInterview()


def test_follow_up_budget_spent_moves_on(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    missed = tuple(kp.id for kp in question.key_points)
    nxt = list(bank)[-1]
    assert decide_next(_state(question, missed, follow_ups_left=0), nxt) == NextQuestion(nxt)


def test_a_follow_up_is_never_asked_twice(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    asked = tuple(f.id for f in question.follow_ups)
    missed = tuple(kp.id for kp in question.key_points)
    assert decide_next(_state(question, missed, asked_follow_up_ids=asked), None) == EndInterview()


def test_non_answer_is_not_probed(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    missed = tuple(kp.id for kp in question.key_points)
    assert decide_next(_state(question, missed, answer_word_count=1), None) == EndInterview()


def test_capable_model_may_draft_when_no_authored_probe_exists(bank: QuestionBank) -> None:
    question = _probed_question(bank)
    probed = {p for f in question.follow_ups for p in f.probes}
    unprobed = [kp.id for kp in question.key_points if kp.id not in probed]
    if not unprobed:  # every point has an authored probe: spend them all first
        asked = tuple(f.id for f in question.follow_ups)
        unprobed = [question.key_points[0].id]
    else:
        asked = ()
    state = _state(question, tuple(unprobed), asked_follow_up_ids=asked, can_draft=True)
    assert decide_next(state, None) == DraftFollowUp(unprobed[0])
