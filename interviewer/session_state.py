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
    CLOSING = "closing"  # the closing line: no more answers, the report is being written
    ENDED = "ended"


class Event(StrEnum):
    START = "start"
    LINE_STARTED = "line_started"
    LINE_FINISHED = "line_finished"
    BARGE_IN = "barge_in"
    END_OF_TURN = "end_of_turn"
    # The candidate speaks again right after their answer ended: the same answer goes on.
    CONTINUE = "continue"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"
    ENDED = "ended"


class InvalidTransition(ValueError):
    def __init__(self, phase: Phase, event: Event) -> None:
        super().__init__(f"'{event}' is not allowed while {phase}")
        self.phase = phase
        self.event = event


_TABLE: dict[tuple[Phase, Event], Phase] = {
    (Phase.IDLE, Event.START): Phase.THINKING,
    (Phase.THINKING, Event.LINE_STARTED): Phase.SPEAKING,
    (Phase.LISTENING, Event.LINE_STARTED): Phase.SPEAKING,  # repeat, skip
    (Phase.SPEAKING, Event.LINE_STARTED): Phase.SPEAKING,
    (Phase.PAUSED, Event.LINE_STARTED): Phase.SPEAKING,  # repeat or skip while paused
    (Phase.SPEAKING, Event.LINE_FINISHED): Phase.LISTENING,
    # The candidate talks over the interviewer: its audio stops and we listen.
    (Phase.SPEAKING, Event.BARGE_IN): Phase.LISTENING,
    (Phase.LISTENING, Event.END_OF_TURN): Phase.THINKING,
    # A typed answer or "Done" may arrive while the question is still being spoken.
    (Phase.SPEAKING, Event.END_OF_TURN): Phase.THINKING,
    (Phase.THINKING, Event.CONTINUE): Phase.LISTENING,
    (Phase.SPEAKING, Event.CONTINUE): Phase.LISTENING,
    (Phase.LISTENING, Event.PAUSE): Phase.PAUSED,
    (Phase.SPEAKING, Event.PAUSE): Phase.PAUSED,
    (Phase.PAUSED, Event.RESUME): Phase.LISTENING,
    (Phase.CLOSING, Event.ENDED): Phase.ENDED,
}


def next_phase(phase: Phase, event: Event) -> Phase:
    """Return the phase after `event`; CLOSE starts the closing line from any live phase."""
    if event is Event.CLOSE and phase not in (Phase.CLOSING, Phase.ENDED):
        return Phase.CLOSING
    try:
        return _TABLE[(phase, event)]
    except KeyError:
        raise InvalidTransition(phase, event) from None


def allows(phase: Phase, event: Event) -> bool:
    closable = event is Event.CLOSE and phase not in (Phase.CLOSING, Phase.ENDED)
    return closable or (phase, event) in _TABLE
