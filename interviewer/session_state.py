"""The voice session's phases as a pure state machine.

The websocket layer asks this table whether a client message is allowed now, so that e.g. an
`answer_done` while the interviewer is speaking becomes an `invalid_state` error instead of a
half-handled turn. Pure and synchronous so every transition is unit-testable.
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    IDLE = "idle"
    SPEAKING = "speaking"
    LISTENING = "listening"
    THINKING = "thinking"
    PAUSED = "paused"
    ENDED = "ended"


class Event(StrEnum):
    START = "start"
    LINE_STARTED = "line_started"
    LINE_FINISHED = "line_finished"
    BARGE_IN = "barge_in"
    END_OF_TURN = "end_of_turn"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


class InvalidTransition(ValueError):
    def __init__(self, phase: Phase, event: Event) -> None:
        super().__init__(f"'{event}' is not allowed while {phase}")
        self.phase = phase
        self.event = event


_TABLE: dict[tuple[Phase, Event], Phase] = {
    (Phase.IDLE, Event.START): Phase.THINKING,
    (Phase.THINKING, Event.LINE_STARTED): Phase.SPEAKING,
    (Phase.LISTENING, Event.LINE_STARTED): Phase.SPEAKING,
    (Phase.SPEAKING, Event.LINE_STARTED): Phase.SPEAKING,
    (Phase.SPEAKING, Event.LINE_FINISHED): Phase.LISTENING,
    # The candidate talks over the interviewer: its audio stops and we listen.
    (Phase.SPEAKING, Event.BARGE_IN): Phase.LISTENING,
    (Phase.LISTENING, Event.END_OF_TURN): Phase.THINKING,
    # A typed answer or "Done" may arrive while the question is still being spoken.
    (Phase.SPEAKING, Event.END_OF_TURN): Phase.THINKING,
    (Phase.LISTENING, Event.PAUSE): Phase.PAUSED,
    (Phase.SPEAKING, Event.PAUSE): Phase.PAUSED,
    (Phase.PAUSED, Event.RESUME): Phase.LISTENING,
}


def next_phase(phase: Phase, event: Event) -> Phase:
    """Return the phase after `event`; STOP ends any session that has not ended yet."""
    if event is Event.STOP and phase is not Phase.ENDED:
        return Phase.ENDED
    try:
        return _TABLE[(phase, event)]
    except KeyError:
        raise InvalidTransition(phase, event) from None


def allows(phase: Phase, event: Event) -> bool:
    return (event is Event.STOP and phase is not Phase.ENDED) or (phase, event) in _TABLE
