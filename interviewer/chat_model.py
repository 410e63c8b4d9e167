"""The chat-model seam: what the interviewer needs from any LLM backend.

`capable` is explicit because the bundled model is a base model that cannot write a usable
interview line (DESIGN.md §3): the interview never depends on it, and generated lines are only
used when the configured model is declared capable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel

Role = Literal["system", "user", "assistant"]
SchemaT = TypeVar("SchemaT", bound=BaseModel)


class ChatMessage(BaseModel):
    role: Role
    content: str


class ChatModel(Protocol):
    capable: bool
    name: str

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        """Yield text pieces as the model produces them."""
        ...

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        """Return the model's answer constrained to (and validated against) `schema`."""
        ...


class LLMError(RuntimeError):
    """The model failed or returned something unusable; the boundary reports `llm_failed`."""
