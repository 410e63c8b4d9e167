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


@pytest.mark.parametrize("phase", [Phase.IDLE, Phase.SPEAKING, Phase.LISTENING, Phase.PAUSED])
def test_stop_ends_any_live_session(phase: Phase) -> None:
    assert next_phase(phase, Event.STOP) is Phase.ENDED


@pytest.mark.parametrize(
    ("phase", "happened"),
    [
        (Phase.THINKING, Event.END_OF_TURN),  # "done" twice
        (Phase.PAUSED, Event.END_OF_TURN),
        (Phase.IDLE, Event.PAUSE),
        (Phase.LISTENING, Event.RESUME),
        (Phase.ENDED, Event.STOP),
    ],
)
def test_disallowed_transitions_raise(phase: Phase, happened: Event) -> None:
    assert not allows(phase, happened)
    with pytest.raises(InvalidTransition, match=str(happened)):
        next_phase(phase, happened)
