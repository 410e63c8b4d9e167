"""The in-process backend with the bundled base Gemma: shapes, not wording (it is a base
model, so its content is noise)."""

from __future__ import annotations

import itertools
import threading
from contextlib import closing
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from interviewer.chat_model import ChatMessage

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")

from interviewer.llama_cpp_chat_model import fold_system_messages


class Verdict(BaseModel):
    """Small on purpose: llama-cpp-python applies the grammar over Gemma's whole 262k-token
    vocabulary at every step, so each constrained token is slow on a busy CPU."""

    covered: bool
    level: Literal["low", "medium", "high"]


ASK = [
    ChatMessage(role="system", content="You are an interviewer for machine-learning engineers."),
    ChatMessage(role="user", content="Ask the candidate one question about overfitting."),
]


def test_system_text_travels_in_the_first_user_message() -> None:
    folded = fold_system_messages([*ASK, ChatMessage(role="assistant", content="Sure.")])
    assert [m.role for m in folded] == ["user", "assistant"]
    assert folded[0].content.startswith(ASK[0].content)
    assert folded[0].content.endswith(ASK[1].content)
    only_system = fold_system_messages(ASK[:1])
    assert [(m.role, m.content) for m in only_system] == [("user", ASK[0].content)]


@pytest.mark.models
def test_streaming_yields_several_pieces(bundled_model: Any) -> None:
    pieces = list(bundled_model.stream_reply(ASK, max_tokens=24))
    assert len(pieces) > 3
    assert "".join(pieces).strip()


@pytest.mark.models
def test_a_stop_word_stops_generation(bundled_model: Any) -> None:
    # 48 tokens of text without a single space would be remarkable; with " " as a stop word
    # the reply must end before its first space.
    text = "".join(bundled_model.stream_reply(ASK, max_tokens=48, stop=[" "]))
    assert " " not in text


@pytest.mark.models
def test_complete_json_returns_a_schema_valid_object(bundled_model: Any) -> None:
    messages = [
        ChatMessage(role="user", content="Did the answer cover overfitting? Answer in JSON."),
    ]
    verdict = bundled_model.complete_json(messages, Verdict)
    assert isinstance(verdict, Verdict)
    assert verdict.level in ("low", "medium", "high")


@pytest.mark.models
def test_the_lock_serialises_two_streaming_threads(bundled_model: Any) -> None:
    order: list[str] = []
    barrier = threading.Barrier(2)

    def consume(name: str) -> None:
        barrier.wait()
        with closing(bundled_model.stream_reply(ASK, max_tokens=12)) as stream:
            for _piece in stream:
                order.append(name)

    threads = [threading.Thread(target=consume, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(order) == {"a", "b"}
    switches = sum(1 for before, after in itertools.pairwise(order) if before != after)
    assert switches == 1  # one whole stream, then the other


@pytest.mark.models
def test_closing_a_stream_early_releases_the_model(bundled_model: Any) -> None:
    stream = bundled_model.stream_reply(ASK, max_tokens=64)
    next(stream)
    stream.close()
    assert "".join(bundled_model.stream_reply(ASK, max_tokens=4)).strip()
