"""Everything that can happen to one interview, as one typed union the actor consumes in order.

The receive task turns socket messages into these; child tasks of the actor (decoding an
answer, speaking a line) report back with them, tagged with a token so a result that arrives
after it was superseded (a continuation, a barge-in) is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from speech.types import Transcript
from web.protocol import ProtocolError, ResumeSession, Start
from web.speaker import SpokenLine


@dataclass(frozen=True)
class Opened:
    message: Start | ResumeSession


@dataclass(frozen=True)
class AudioIn:
    pcm16: bytes


@dataclass(frozen=True)
class ControlIn:
    kind: str  # answer_done | repeat | skip | pause | resume | stop


@dataclass(frozen=True)
class TextIn:
    text: str


@dataclass(frozen=True)
class CodeIn:
    """The code pad's whole text, replacing what it held before."""

    text: str


@dataclass(frozen=True)
class AnswerHeard:
    """The decode of a finished answer: a transcript, or the ASR error."""

    token: int
    transcript: Transcript | None
    error: ProtocolError | None = None


@dataclass(frozen=True)
class LineDone:
    """A line was spoken to its end (`spoken`), or failed (`failed`)."""

    token: int
    spoken: SpokenLine | None
    failed: bool = False


@dataclass(frozen=True)
class ReportReady:
    """The interview's report is written, after its answers were scored: the session ends."""

    report_url: str


@dataclass(frozen=True)
class Tick:
    """The clock: lease heartbeat, hand-over requests and idle limits."""


@dataclass(frozen=True)
class Disconnected:
    """The socket is gone (or stopped reading): save what was heard and let go."""


ActorEvent = (
    Opened
    | AudioIn
    | ControlIn
    | TextIn
    | CodeIn
    | AnswerHeard
    | LineDone
    | ReportReady
    | Tick
    | Disconnected
)
