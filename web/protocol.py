"""The `/ws/interview` message schema and its parsing.

Every bad input maps to a stable error code (DESIGN.md §4) raised as `ProtocolError`; the voice
session turns it into an `error` event and carries on where it can. Parsing is bounded before
Python's own limits are reached (nesting depth, integer digits), so no text frame can raise
anything but `ProtocolError`, and text fields come out cleaned of what PostgreSQL cannot store.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from interviewer.text_cleaning import clean_text
from rubrics.schema import Domain
from speech.types import SAMPLE_RATE_HZ

log = logging.getLogger(__name__)

KNOWN_TYPES = (
    "start",
    "answer_done",
    "repeat",
    "skip",
    "pause",
    "resume",
    "stop",
    "text_answer",
    "code",
    "resume_session",
)
MAX_CODE_CHARS = 20_000

# Our messages are two levels deep; json.loads recurses once per level and dies with
# RecursionError near 1,000, so anything past this is refused before parsing.
MAX_JSON_DEPTH = 32
# int() refuses strings over 4,300 digits with ValueError, and big ints cost quadratic time;
# no field needs more than a few digits.
MAX_INT_DIGITS = 20
# Echoed fragments of client input (a type, a field name) are cut to this many characters.
MAX_ECHO_CHARS = 80

# A JSON string, or an unterminated one running to the end: the closing alternative always
# matches, so the regex never backtracks and stays linear on any input.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _clean_if_text(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


CleanText = Annotated[str, BeforeValidator(_clean_if_text)]
# Interview ids are uuid4 hex and tokens `secrets.token_urlsafe`: URL-safe base64 letters only.
UrlSafeId = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")]


class ProtocolError(Exception):
    def __init__(self, code: str, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fatal = fatal


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Start(_Message):
    type: Literal["start"]
    mode: Literal["voice", "text"] = "voice"
    round: Literal[
        "ml_theory", "ml_coding", "ml_system_design", "behavioral", "phone_screen", "case_study"
    ] = "ml_theory"
    domains: list[Domain] | None = None
    level: Literal["L3", "L4", "L5", "L6", "L7"] = "L4"
    language: Literal["en", "zh"] = "en"
    company: CleanText | None = Field(default=None, max_length=80)
    questions: int | None = Field(default=None, ge=3, le=8)
    # Exactly these bank questions, in order (a drill, or a question found with "match").
    question_ids: list[UrlSafeId] | None = Field(default=None, min_length=1, max_length=8)
    # A timed full mock: phases (introduction, technical, ML system design, behavioral) with
    # the budgets in settings; `round` and `questions` are then ignored.
    mock: bool = False
    sample_rate: int = SAMPLE_RATE_HZ


class Control(_Message):
    type: Literal["answer_done", "repeat", "skip", "pause", "resume", "stop"]


class TextAnswer(_Message):
    type: Literal["text_answer"]
    text: CleanText = Field(min_length=1)


class CodeUpdate(_Message):
    """The code pad's whole text (coding round), sent as the candidate types; saved with the
    next answer and read by the scorer beside it. Never executed."""

    type: Literal["code"]
    text: CleanText = Field(max_length=MAX_CODE_CHARS)


class ResumeSession(_Message):
    type: Literal["resume_session"]
    interview_id: UrlSafeId = Field(max_length=64)
    token: UrlSafeId = Field(max_length=128)


ClientMessageType = Start | Control | TextAnswer | CodeUpdate | ResumeSession
ClientMessage = Annotated[ClientMessageType, Field(discriminator="type")]
_ADAPTER: TypeAdapter[ClientMessageType] = TypeAdapter(ClientMessage)


def parse_client_message(raw: str, max_bytes: int) -> ClientMessageType:
    """Parse one text frame; raise ProtocolError with the stable code for what is wrong.

    Nothing else escapes: an unforeseen failure is logged with its traceback (it is a bug here)
    and refused as `invalid_message`, so one odd frame never ends the connection.
    """
    try:
        return _parse(raw, max_bytes)
    except ProtocolError:
        raise
    except Exception:
        log.exception("unexpected failure parsing a client message")
        raise ProtocolError("invalid_message", "the message could not be read") from None


def _parse(raw: str, max_bytes: int) -> ClientMessageType:
    if len(raw) > max_bytes or len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
        raise ProtocolError("message_too_large", f"text frames are limited to {max_bytes} bytes")
    data = _load_json(raw)
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("invalid_message", "a message is a JSON object with a string 'type'")
    if data["type"] not in KNOWN_TYPES:
        raise ProtocolError("unknown_message", f"unknown message type {_echo(data['type'])}")
    try:
        message = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "message"
        raise ProtocolError(
            "invalid_message",
            f"{data['type']}: {_echo(where, quoted=False)}: {clean_text(first['msg'])}",
        ) from None
    if isinstance(message, Start) and message.sample_rate != SAMPLE_RATE_HZ:
        raise ProtocolError(
            "unsupported_sample_rate",
            f"audio must be PCM16 mono at {SAMPLE_RATE_HZ} Hz, not {message.sample_rate} Hz",
        )
    return message


def _load_json(raw: str) -> Any:
    """Strict JSON (no NaN or Infinity) within the depth and integer bounds above."""
    if _nesting_depth(raw) > MAX_JSON_DEPTH:
        raise ProtocolError("invalid_json", f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(raw, parse_int=_bounded_int, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ProtocolError("invalid_json", f"not valid JSON: {exc.msg}") from None


def _nesting_depth(raw: str) -> int:
    """How deep brackets nest outside strings; stops counting just past the limit.

    Before parsing, so the input may be invalid JSON: then the figure can be off, but only
    where json.loads would have stopped with a JSONDecodeError anyway.
    """
    depth = deepest = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", raw)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            break
    return deepest


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ProtocolError("invalid_message", f"integers are limited to {MAX_INT_DIGITS} digits")
    return int(digits)


def _refuse_constant(name: str) -> Any:
    raise ProtocolError("invalid_json", f"not valid JSON: {name} is not a JSON number")


def _echo(value: object, quoted: bool = True) -> str:
    """A short, cleaned fragment of client input for an error message: the event is sent as
    UTF-8 JSON, which a lone surrogate would break."""
    text = clean_text(value if isinstance(value, str) else repr(value))
    if len(text) > MAX_ECHO_CHARS:
        text = text[:MAX_ECHO_CHARS] + "…"
    return repr(text) if quoted else text


def check_audio_frame(frame: bytes, max_bytes: int) -> None:
    if len(frame) > max_bytes:
        raise ProtocolError("message_too_large", f"audio frames are limited to {max_bytes} bytes")
    if not frame or len(frame) % 2:
        raise ProtocolError(
            "bad_audio_frame", "audio frames are PCM s16le mono: a non-empty, even number of bytes"
        )


def event(type_: str, **fields: Any) -> dict[str, Any]:
    return {"type": type_, **fields}


def error_event(code: str, message: str, fatal: bool = False) -> dict[str, Any]:
    return event("error", code=code, message=message, fatal=fatal)
