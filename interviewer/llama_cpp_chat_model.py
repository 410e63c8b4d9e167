"""The in-process chat model: llama-cpp-python over a local GGUF file.

One llama context holds one KV cache and serves one caller at a time, so every call holds
`self._lock` for its whole duration. For `stream_reply` that means the lock is taken at the
first `next()` and released only when the stream is exhausted or closed. Callers consume the
iterator inside one worker thread (never on the event loop) and, to stop early (barge-in),
call `.close()` on it — best with `contextlib.closing(...)` — so the lock is released at once
rather than whenever the abandoned generator is garbage-collected.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import llama_cpp
from pydantic import ValidationError

from interviewer.chat_model import ChatMessage, LLMError, SchemaT

# Chat formats whose template has no system role: llama-cpp-python drops system messages
# for these with only a debug log, so the system prompt must travel in the first user turn.
FORMATS_WITHOUT_SYSTEM_ROLE = frozenset({"gemma"})

# A JSON verdict is small; the cap bounds the time a looping model can take.
JSON_MAX_TOKENS = 256


class LlamaCppChatModel:
    """ChatModel over llama-cpp-python.

    `chat_format="gemma"` is required for the bundled base Gemma: it has no chat template, and
    without one llama-cpp-python silently falls back to the llama-2 format (DESIGN.md §3).
    `chat_format=None` uses the template embedded in the GGUF, right for instruct models.
    `capable` says whether generated interviewer lines may be used at all; the bundled model is
    not, a user's instruct GGUF is when the settings say so.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 2048,
        n_threads: int = 2,
        chat_format: str | None = "gemma",
        capable: bool = False,
    ) -> None:
        self.capable = capable
        self.name = f"llama-cpp:{model_path.name}"
        self._chat_format = chat_format
        self._lock = threading.Lock()
        try:
            self._llama = llama_cpp.Llama(
                model_path=str(model_path),
                n_ctx=n_ctx,
                n_threads=n_threads,
                chat_format=chat_format,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise LLMError(f"{self.name}: cannot load {model_path}: {exc}") from exc

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Generator[str, None, None]:
        """Yield text pieces (about one token each) while holding the context lock."""
        payload = self._payload(messages)
        with self._lock:
            try:
                chunks: Any = self._llama.create_chat_completion(
                    messages=payload, max_tokens=max_tokens, stop=stop, stream=True
                )
                try:
                    for chunk in chunks:
                        piece = chunk["choices"][0]["delta"].get("content")
                        if piece:
                            yield piece
                finally:
                    # Finish llama's own generator inside the lock: it still owns the context.
                    chunks.close()
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"{self.name}: generation failed: {exc}") from exc

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        """Generate under a grammar built from the schema, then validate with pydantic.

        The grammar guarantees JSON shape but not completeness: a reply cut at the token cap is
        invalid JSON, and value constraints the grammar ignores (numeric ranges) are checked by
        validation; either raises LLMError.
        """
        response_format: Any = {"type": "json_object", "schema": schema.model_json_schema()}
        with self._lock:
            try:
                result: Any = self._llama.create_chat_completion(
                    messages=self._payload(messages),
                    max_tokens=JSON_MAX_TOKENS,
                    response_format=response_format,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"{self.name}: generation failed: {exc}") from exc
        choice = result["choices"][0]
        if choice.get("finish_reason") == "length":
            raise LLMError(f"{self.name}: JSON reply cut at {JSON_MAX_TOKENS} tokens")
        try:
            return schema.model_validate_json(choice["message"]["content"] or "")
        except ValidationError as exc:
            raise LLMError(f"{self.name}: reply is not a valid {schema.__name__}: {exc}") from exc

    def _payload(self, messages: list[ChatMessage]) -> list[Any]:
        if self._chat_format in FORMATS_WITHOUT_SYSTEM_ROLE:
            messages = fold_system_messages(messages)
        return [message.model_dump() for message in messages]


def fold_system_messages(messages: list[ChatMessage]) -> list[ChatMessage]:
    """Move system text into the first user message, for templates with no system role."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    rest = [m for m in messages if m.role != "system"]
    if not system:
        return rest
    for position, message in enumerate(rest):
        if message.role == "user":
            merged = ChatMessage(role="user", content=f"{system}\n\n{message.content}")
            return [*rest[:position], merged, *rest[position + 1 :]]
    return [ChatMessage(role="user", content=system), *rest]
