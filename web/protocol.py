"""The `/ws/interview` message schema and its parsing.

Every bad input maps to a stable error code (DESIGN.md §4) raised as `ProtocolError`; the voice
session turns it into an `error` event and carries on where it can.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from rubrics.schema import Domain
from speech.types import SAMPLE_RATE_HZ

KNOWN_TYPES = (
    "start",
    "answer_done",
    "repeat",
    "skip",
    "pause",
    "resume",
    "stop",
    "text_answer",
    "resume_session",
)


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
    company: str | None = Field(default=None, max_length=80)
    questions: int | None = Field(default=None, ge=3, le=8)
    sample_rate: int = SAMPLE_RATE_HZ


class Control(_Message):
    type: Literal["answer_done", "repeat", "skip", "pause", "resume", "stop"]


class TextAnswer(_Message):
    type: Literal["text_answer"]
    text: str = Field(min_length=1)


class ResumeSession(_Message):
    type: Literal["resume_session"]
    interview_id: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=1, max_length=128)


ClientMessage = Annotated[Start | Control | TextAnswer | ResumeSession, Field(discriminator="type")]
_ADAPTER: TypeAdapter[Start | Control | TextAnswer | ResumeSession] = TypeAdapter(ClientMessage)


def parse_client_message(raw: str, max_bytes: int) -> Start | Control | TextAnswer | ResumeSession:
    """Parse one text frame; raise ProtocolError with the stable code for what is wrong."""
    if len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
        raise ProtocolError("message_too_large", f"text frames are limited to {max_bytes} bytes")
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ProtocolError("invalid_json", f"not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("invalid_message", "a message is a JSON object with a string 'type'")
    if data["type"] not in KNOWN_TYPES:
        raise ProtocolError("unknown_message", f"unknown message type {data['type']!r}")
    try:
        message = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "message"
        raise ProtocolError("invalid_message", f"{data['type']}: {where}: {first['msg']}") from None
    if isinstance(message, Start) and message.sample_rate != SAMPLE_RATE_HZ:
        raise ProtocolError(
            "unsupported_sample_rate",
            f"audio must be PCM16 mono at {SAMPLE_RATE_HZ} Hz, not {message.sample_rate} Hz",
        )
    return message


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
