"""Every kind of bad client input maps to its stable error code."""

from __future__ import annotations

import json

import pytest

from web.protocol import (
    Control,
    ProtocolError,
    ResumeSession,
    Start,
    TextAnswer,
    check_audio_frame,
    parse_client_message,
)

LIMIT = 4096


def _code(raw: str) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(raw, LIMIT)
    return caught.value.code


def test_valid_messages_parse() -> None:
    start = parse_client_message(
        json.dumps({"type": "start", "round": "behavioral", "level": "L6", "language": "zh"}), LIMIT
    )
    assert isinstance(start, Start) and start.language == "zh"
    assert isinstance(parse_client_message('{"type": "answer_done"}', LIMIT), Control)
    assert isinstance(parse_client_message('{"type":"text_answer","text":"hi"}', LIMIT), TextAnswer)
    resume = parse_client_message('{"type":"resume_session","interview_id":"a","token":"b"}', LIMIT)
    assert isinstance(resume, ResumeSession)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "invalid_json"),
        ("", "invalid_json"),
        ("[1, 2]", "invalid_message"),
        ('{"kind": "start"}', "invalid_message"),
        ('{"type": 3}', "invalid_message"),
        ('{"type": "dance"}', "unknown_message"),
        ('{"type": "start", "level": "L9"}', "invalid_message"),
        ('{"type": "start", "language": "fr"}', "invalid_message"),
        ('{"type": "start", "surprise": true}', "invalid_message"),
        ('{"type": "text_answer"}', "invalid_message"),
        ('{"type": "text_answer", "text": ""}', "invalid_message"),
        ('{"type": "resume_session", "interview_id": "x"}', "invalid_message"),
        ('{"type": "start", "sample_rate": 44100}', "unsupported_sample_rate"),
        (json.dumps({"type": "text_answer", "text": "x" * LIMIT}), "message_too_large"),
    ],
)
def test_bad_text_frames(raw: str, code: str) -> None:
    assert _code(raw) == code


def test_invalid_message_names_the_field() -> None:
    with pytest.raises(ProtocolError, match="level"):
        parse_client_message('{"type": "start", "level": "L9"}', LIMIT)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"", "bad_audio_frame"),
        (b"\x01\x02\x03", "bad_audio_frame"),
        (b"\0" * (LIMIT + 2), "message_too_large"),
    ],
)
def test_bad_audio_frames(frame: bytes, code: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        check_audio_frame(frame, LIMIT)
    assert caught.value.code == code


def test_good_audio_frame_passes() -> None:
    check_audio_frame(b"\0\0" * 320, LIMIT)
