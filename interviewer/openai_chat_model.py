"""A chat model behind any OpenAI-compatible HTTP server (vLLM, llama.cpp server, Ollama).

Plain httpx rather than the `openai` client: two endpoints' worth of JSON and server-sent
events are easier to read and to map to LLMError than another client's exception tree, and
httpx is already a dependency. The server batches concurrent requests, so unlike the
in-process backend there is no lock; `httpx.Client` is safe to share between threads.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import Any

import httpx
from pydantic import ValidationError

from interviewer.chat_model import ChatMessage, LLMError, SchemaT

JSON_MAX_TOKENS = 256


class OpenAIChatModel:
    """ChatModel over `POST {base_url}/chat/completions`; `base_url` usually ends in `/v1`."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        capable: bool = True,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise LLMError(f"OpenAI-compatible base URL must be http(s): {base_url!r}")
        self.capable = capable
        self.name = f"openai:{model}"
        self._model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/") + "/", headers=headers, timeout=timeout_s
        )
        # Learned on first refusal so later calls go straight to the fallback format.
        self._json_schema_supported = True

    def close(self) -> None:
        self._client.close()

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Generator[str, None, None]:
        """Yield content deltas from the server's `data:` events until `[DONE]`."""
        body = self._body(messages, max_tokens, stream=True)
        if stop:
            body["stop"] = stop
        try:
            with self._client.stream("POST", "chat/completions", json=body) as response:
                if response.is_error:
                    response.read()
                    raise LLMError(self._status_message(response))
                for line in response.iter_lines():
                    piece = self._sse_piece(line)
                    if piece is None:
                        return
                    if piece:
                        yield piece
        except httpx.HTTPError as exc:
            raise LLMError(f"{self.name}: request failed: {exc!r}") from exc

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        """Ask for `json_schema` output; a server that refuses it gets `json_object` plus the
        schema (llama.cpp's extension), and the reply is validated either way.

        Servers refuse an unknown `response_format` with 400, 422 or even 500 (llama-cpp-python),
        so any error status on the first form is answered with one request in the second; the
        server is remembered as refusing only once the second form has worked.
        """
        json_schema = schema.model_json_schema()
        body = self._body(messages, JSON_MAX_TOKENS, stream=False)
        loose = {**body, "response_format": {"type": "json_object", "schema": json_schema}}
        if not self._json_schema_supported:
            return self._validated(self._post(loose), schema)
        strict_format = {
            "type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": json_schema},
        }
        response = self._post({**body, "response_format": strict_format})
        if not response.is_error:
            return self._validated(response, schema)
        fallback = self._post(loose)
        if fallback.is_error:
            raise LLMError(
                f"{self._status_message(response)}; with json_object: "
                f"{self._status_message(fallback)}"
            )
        self._json_schema_supported = False
        return self._validated(fallback, schema)

    def _body(self, messages: list[ChatMessage], max_tokens: int, stream: bool) -> dict[str, Any]:
        return {
            "model": self._model,
            "messages": [message.model_dump() for message in messages],
            "max_tokens": max_tokens,
            "stream": stream,
        }

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        try:
            return self._client.post("chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise LLMError(f"{self.name}: request failed: {exc!r}") from exc

    def _sse_piece(self, line: str) -> str | None:
        """The content of one SSE line: "" for lines without content, None at `[DONE]`."""
        if not line.startswith("data:"):
            return ""  # blank separators, comments (": ping") and `event:` lines
        data = line[len("data:") :].strip()
        if data == "[DONE]":
            return None
        try:
            event = json.loads(data)
        except json.JSONDecodeError as exc:
            raise LLMError(f"{self.name}: malformed stream event: {data[:200]!r}") from exc
        if "error" in event:
            raise LLMError(f"{self.name}: server error in stream: {event['error']}")
        choices = event.get("choices") or [{}]
        return (choices[0].get("delta") or {}).get("content") or ""

    def _validated(self, response: httpx.Response, schema: type[SchemaT]) -> SchemaT:
        if response.is_error:
            raise LLMError(self._status_message(response))
        try:
            choice = response.json()["choices"][0]
            content = choice["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"{self.name}: unexpected response: {response.text[:200]!r}") from exc
        if choice.get("finish_reason") == "length":
            raise LLMError(f"{self.name}: JSON reply cut at {JSON_MAX_TOKENS} tokens")
        try:
            return schema.model_validate_json(content)
        except ValidationError as exc:
            raise LLMError(f"{self.name}: reply is not a valid {schema.__name__}: {exc}") from exc

    def _status_message(self, response: httpx.Response) -> str:
        return f"{self.name}: HTTP {response.status_code}: {response.text[:300]}"
