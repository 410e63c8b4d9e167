"""Inputs that used to end the connection without an `error` event (issue 7, finding 6) now get
a stable code: deep nesting, huge integers, non-JSON constants, text PostgreSQL cannot store,
frames between our limit and the websocket layer's, and anything else a fuzzer can make."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import cast

import pytest
import uvicorn
import websockets
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import web.protocol
from bench.server import free_port
from web.__main__ import WEBSOCKET_HARD_CAP_BYTES, websocket_max_size
from web.protocol import (
    MAX_ECHO_CHARS,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    ProtocolError,
    Start,
    TextAnswer,
    clean_text,
    parse_client_message,
)
from web.settings import Settings

LIMIT = 256 * 1024


def _refusal(raw: str) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(raw, LIMIT)
    return caught.value


def _nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


# --- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 2000,  # the fuzzer's frame: RecursionError in json.loads
        _nested(2000),
        '{"a":' * 2000 + "1" + "}" * 2000,
        json.dumps({"type": "text_answer"})[:-1] + ', "text": ' + _nested(5000) + "}",
    ],
)
def test_deep_nesting_is_refused_with_a_code(raw: str) -> None:
    refusal = _refusal(raw)
    assert refusal.code == "invalid_json"
    assert "nested deeper" in refusal.message


def test_nesting_up_to_the_limit_reaches_the_schema() -> None:
    at_limit = '{"type": "start", "domains": ' + _nested(MAX_JSON_DEPTH - 1, '"nlp"') + "}"
    assert _refusal(at_limit).code == "invalid_message"
    over = '{"type": "start", "domains": ' + _nested(MAX_JSON_DEPTH, '"nlp"') + "}"
    assert _refusal(over).code == "invalid_json"


@pytest.mark.parametrize("text", ["[" * 5000, '{"[[[[' * 1000, '\\"[' * 3000, "]]]}}" * 1000])
def test_brackets_inside_strings_do_not_count(text: str) -> None:
    message = parse_client_message(json.dumps({"type": "text_answer", "text": text}), LIMIT)
    assert isinstance(message, TextAnswer) and message.text == text


@pytest.mark.parametrize(
    "raw",
    ['"' + '\\"' * 120_000, '"\\' * 120_000, '"' * 250_000, "[]" * 120_000, '"a' * 120_000],
)
def test_depth_check_is_linear_on_hostile_frames(raw: str) -> None:
    started = time.perf_counter()
    _refusal(raw)
    # Quadratic string scanning took tens of seconds on the first of these.
    assert time.perf_counter() - started < 2.0


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["1" * 4400, "-" + "9" * 4400, "1" * (MAX_INT_DIGITS + 1)])
def test_huge_integers_are_refused_with_a_code(digits: str) -> None:
    refusal = _refusal('{"type": "start", "questions": ' + digits + "}")
    assert refusal.code == "invalid_message"
    assert "digits" in refusal.message


def test_integers_up_to_the_limit_reach_the_schema() -> None:
    refusal = _refusal('{"type": "start", "sample_rate": ' + "9" * MAX_INT_DIGITS + "}")
    assert refusal.code == "unsupported_sample_rate"


@pytest.mark.parametrize(
    "value",
    ["NaN", "Infinity", "-Infinity", "1e999999", "1" * 10_000 + ".5", '"' + "7" * 5000 + '"'],
)
def test_odd_numbers_get_a_code(value: str) -> None:
    refusal = _refusal('{"type": "start", "questions": ' + value + "}")
    assert refusal.code in ("invalid_json", "invalid_message")


# --- text that a database cannot store ----------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x00b", "ab"),
        ("\x01\x02bell\x07\x1b[31m", "bell[31m"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("lone \ud800 high, lone \udfff low", "lone \ufffd high, lone \ufffd low"),
        ("emoji 😀 and 中文 stay", "emoji 😀 and 中文 stay"),
        ("", ""),
    ],
)
def test_clean_text(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean
    clean.encode("utf-8")  # what PostgreSQL and the websocket need


def test_typed_answer_is_cleaned_not_lost() -> None:
    raw = '{"type": "text_answer", "text": "I would\\u0000 use \\ud83d a tree\\r\\n"}'
    message = parse_client_message(raw, LIMIT)
    assert isinstance(message, TextAnswer)
    assert message.text == "I would use \ufffd a tree\n"


def test_typed_answer_of_only_control_characters_is_refused() -> None:
    raw = '{"type": "text_answer", "text": "\\u0000\\u0001\\u001f"}'
    assert _refusal(raw).code == "invalid_message"


def test_company_is_cleaned() -> None:
    message = parse_client_message('{"type": "start", "company": "Acme\\u0000 \\udc00"}', LIMIT)
    assert isinstance(message, Start) and message.company == "Acme \ufffd"


@pytest.mark.parametrize(
    "fields",
    [
        {"interview_id": "abc\x00", "token": "t"},
        {"interview_id": "abc", "token": "t\ud800"},
        {"interview_id": "../../etc", "token": "t"},
    ],
)
def test_resume_ids_are_url_safe(fields: dict[str, str]) -> None:
    assert _refusal(json.dumps({"type": "resume_session", **fields})).code == "invalid_message"


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"type": "\ud800" + "x" * 50_000}),
        json.dumps({"type": "start", "\udfff" + "k" * 50_000: 1}),
        json.dumps({"type": "start", "k" * 50_000: 1}),
    ],
)
def test_error_messages_echo_little_and_only_valid_text(raw: str) -> None:
    refusal = _refusal(raw)
    refusal.message.encode("utf-8")
    assert len(refusal.message) < MAX_ECHO_CHARS + 120


# --- anything else --------------------------------------------------------------------------


def test_an_unforeseen_failure_is_logged_and_refused_with_a_code(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def validate_python(self, _data: object) -> None:
            raise RuntimeError("a bug in the schema")

    monkeypatch.setattr(web.protocol, "_ADAPTER", Broken())
    with caplog.at_level(logging.ERROR, logger="web.protocol"):
        assert _refusal('{"type": "skip"}').code == "invalid_message"
    assert any(r.exc_info for r in caplog.records)


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_JSON_VALUES = st.recursive(
    _JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=40,
)
_FIELDS = st.sampled_from(
    [
        *("type", "text", "mode", "round", "domains", "level", "language", "company"),
        *("questions", "sample_rate", "interview_id", "token"),
    ]
)
_MESSAGES = st.builds(
    lambda kind, fields: json.dumps({"type": kind, **fields}),
    st.sampled_from([*web.protocol.KNOWN_TYPES, "dance"]),
    st.dictionaries(_FIELDS, _JSON_VALUES, max_size=4),
)
_FRAMES = (
    st.text(alphabet='[]{}",:\\0123456789.eE-+ ntrufalsNIy\x00\ud800', max_size=300)
    | _MESSAGES
    | _JSON_VALUES.map(json.dumps)
    | st.text()
)


@pytest.fixture
def unforeseen(caplog: pytest.LogCaptureFixture) -> Iterator[Callable[[], list[str]]]:
    """The catch-all's log records: each one is a parsing bug the fuzzer found."""
    with caplog.at_level(logging.ERROR, logger="web.protocol"):
        yield lambda: [r.getMessage() for r in caplog.records if r.exc_info]


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=_FRAMES)
def test_any_text_frame_parses_or_gets_a_code(
    raw: str, unforeseen: Callable[[], list[str]]
) -> None:
    try:
        message = parse_client_message(raw, LIMIT)
    except ProtocolError as refusal:
        assert refusal.code in ("invalid_json", "invalid_message", "unknown_message")
        assert refusal.code != "invalid_message" or "could not be read" not in refusal.message
        json.dumps({"message": refusal.message}, ensure_ascii=False).encode("utf-8")
    else:
        for text in (getattr(message, "text", ""), getattr(message, "company", "") or ""):
            assert "\x00" not in text
            text.encode("utf-8")
    assert unforeseen() == []


# --- frames between our limit and the websocket layer's -----------------------------------


def test_hard_cap_sits_well_above_our_limit() -> None:
    assert websocket_max_size(Settings()) >= max(WEBSOCKET_HARD_CAP_BYTES, 4 * LIMIT)
    assert websocket_max_size(Settings(max_message_bytes=8 << 20)) == 32 << 20


@pytest.fixture
def uvicorn_url(make_app: Callable[..., TestClient]) -> Iterator[str]:
    """The app served by uvicorn with `python -m web`'s websocket limits (TestClient has none)."""
    app = cast(FastAPI, make_app().app)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            ws_max_size=websocket_max_size(app.state.services.settings),
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"ws://127.0.0.1:{port}/ws/interview"
    server.should_exit = True
    thread.join(timeout=30)


async def _reply_to(url: str, frame: bytes | str) -> dict[str, object]:
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(frame)
        reply = json.loads(await asyncio.wait_for(ws.recv(), timeout=20))
        await ws.send('{"type": "dance"}')  # the connection is still served
        assert json.loads(await asyncio.wait_for(ws.recv(), timeout=20))["code"] == (
            "unknown_message"
        )
        return dict(reply)


@pytest.mark.parametrize(
    "frame",
    [b"\0" * (2 << 20), b"\0" * (WEBSOCKET_HARD_CAP_BYTES - 64), "x" * (2 << 20)],
    ids=["2 MiB audio", "audio just under the hard cap", "2 MiB text"],
)
def test_frames_over_our_limit_get_message_too_large(uvicorn_url: str, frame: bytes | str) -> None:
    reply = asyncio.run(_reply_to(uvicorn_url, frame))
    assert reply["type"] == "error" and reply["code"] == "message_too_large"
