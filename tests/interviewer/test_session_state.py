import pytest

from interviewer.session_state import Event, InvalidTransition, Phase, allows, next_phase


def test_a_full_turn_cycle() -> None:
    phase = next_phase(Phase.IDLE, Event.START)
    assert phase is Phase.THINKING
    phase = next_phase(phase, Event.LINE_STARTED)
    assert phase is Phase.SPEAKING
    phase = next_phase(phase, Event.LINE_FINISHED)
    assert phase is Phase.LISTENING
    phase = next_phase(phase, Event.END_OF_TURN)
    assert phase is Phase.THINKING


def test_barge_in_returns_to_listening() -> None:
    assert next_phase(Phase.SPEAKING, Event.BARGE_IN) is Phase.LISTENING


def test_pause_and_resume() -> None:
    assert next_phase(Phase.LISTENING, Event.PAUSE) is Phase.PAUSED
    assert next_phase(Phase.PAUSED, Event.RESUME) is Phase.LISTENING


@pytest.mark.parametrize(
    "phase", [Phase.IDLE, Phase.SPEAKING, Phase.LISTENING, Phase.PAUSED, Phase.THINKING]
)
def test_close_starts_the_closing_line_from_any_live_phase(phase: Phase) -> None:
    assert next_phase(phase, Event.CLOSE) is Phase.CLOSING
    assert next_phase(Phase.CLOSING, Event.ENDED) is Phase.ENDED


def test_speech_right_after_an_answer_continues_it() -> None:
    assert next_phase(Phase.THINKING, Event.CONTINUE) is Phase.LISTENING
    assert next_phase(Phase.SPEAKING, Event.CONTINUE) is Phase.LISTENING


def test_a_paused_interview_can_repeat_or_skip() -> None:
    assert next_phase(Phase.PAUSED, Event.LINE_STARTED) is Phase.SPEAKING


@pytest.mark.parametrize(
    ("phase", "happened"),
    [
        (Phase.THINKING, Event.END_OF_TURN),  # "done" twice
        (Phase.PAUSED, Event.END_OF_TURN),
        (Phase.IDLE, Event.PAUSE),
        (Phase.LISTENING, Event.RESUME),
        (Phase.ENDED, Event.CLOSE),
        (Phase.CLOSING, Event.CLOSE),
        (Phase.CLOSING, Event.LINE_STARTED),
        (Phase.CLOSING, Event.END_OF_TURN),
        (Phase.LISTENING, Event.CONTINUE),
    ],
)
def test_disallowed_transitions_raise(phase: Phase, happened: Event) -> None:
    assert not allows(phase, happened)
    with pytest.raises(InvalidTransition, match=str(happened)):
        next_phase(phase, happened)
