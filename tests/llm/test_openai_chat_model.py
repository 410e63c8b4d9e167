"""The OpenAI-compatible backend against a real server on loopback: llama-cpp-python's own
server serving the bundled GGUF (content is noise from a base model; shapes are asserted)."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel

from interviewer.chat_model import ChatMessage, LLMError
from interviewer.openai_chat_model import OpenAIChatModel
from tests.llm.conftest import free_port

ASK = [
    ChatMessage(role="system", content="You are an interviewer for machine-learning engineers."),
    ChatMessage(role="user", content="Ask the candidate one question about overfitting."),
]


class Verdict(BaseModel):
    covered: bool
    level: Literal["low", "medium", "high"]


def test_an_unreachable_server_is_an_llm_error() -> None:
    model = OpenAIChatModel(f"http://127.0.0.1:{free_port()}/v1", "any", timeout_s=2.0)
    with pytest.raises(LLMError, match="request failed"):
        list(model.stream_reply(ASK, max_tokens=8))
    with pytest.raises(LLMError, match="request failed"):
        model.complete_json(ASK, Verdict)


def test_a_non_http_url_is_refused() -> None:
    with pytest.raises(LLMError, match="http"):
        OpenAIChatModel("127.0.0.1:8080/v1", "any")


@pytest.mark.models
def test_streaming_from_a_real_server_yields_several_pieces(llama_server_url: str) -> None:
    model = OpenAIChatModel(llama_server_url, "gemma", timeout_s=60.0)
    pieces = list(model.stream_reply(ASK, max_tokens=24))
    assert len(pieces) > 3
    assert "".join(pieces).strip()


@pytest.mark.models
def test_stop_words_reach_the_server(llama_server_url: str) -> None:
    model = OpenAIChatModel(llama_server_url, "gemma", timeout_s=60.0)
    assert " " not in "".join(model.stream_reply(ASK, max_tokens=48, stop=[" "]))


@pytest.mark.models
def test_complete_json_from_a_real_server_is_schema_valid(llama_server_url: str) -> None:
    model = OpenAIChatModel(llama_server_url, "gemma", timeout_s=120.0)
    question = [ChatMessage(role="user", content="Did the answer cover overfitting? JSON.")]
    verdict = model.complete_json(question, Verdict)
    assert verdict.level in ("low", "medium", "high")


@pytest.mark.models
def test_an_http_error_from_a_real_server_is_an_llm_error(llama_server_url: str) -> None:
    model = OpenAIChatModel(llama_server_url.removesuffix("/v1") + "/nowhere", "gemma")
    with pytest.raises(LLMError, match="HTTP 404"):
        list(model.stream_reply(ASK, max_tokens=8))
