"""A scripted ChatModel for the line writer's tests: same Protocol as the real backends."""

from __future__ import annotations

import time
from collections.abc import Iterator

from interviewer.chat_model import ChatMessage, LLMError, SchemaT


class FakeChatModel:
    """Replies from a script, one per call, streamed word by word.

    `fail_with` raises that error from every call (after `delay_s`), `delay_s` stalls before
    each reply; `calls` records the messages of every request for prompt assertions.
    """

    def __init__(
        self,
        replies: list[str] | None = None,
        *,
        capable: bool = True,
        fail_with: Exception | None = None,
        delay_s: float = 0.0,
        name: str = "fake",
    ) -> None:
        self.capable = capable
        self.name = name
        self._replies = list(replies or [])
        self._fail_with = fail_with
        self._delay_s = delay_s
        self.calls: list[list[ChatMessage]] = []

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        reply = self._next_reply(messages)
        for stop_word in stop or []:
            reply = reply.split(stop_word)[0]
        words = reply.split(" ")
        for position, word in enumerate(words):
            yield word if position == len(words) - 1 else word + " "

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        try:
            return schema.model_validate_json(self._next_reply(messages))
        except ValueError as exc:
            raise LLMError(f"{self.name}: invalid JSON reply: {exc}") from exc

    def _next_reply(self, messages: list[ChatMessage]) -> str:
        self.calls.append(messages)
        if self._delay_s:
            time.sleep(self._delay_s)
        if self._fail_with is not None:
            raise self._fail_with
        if not self._replies:
            raise AssertionError("FakeChatModel ran out of scripted replies")
        return self._replies.pop(0)
