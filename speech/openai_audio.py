"""HTTP plumbing shared by the remote speech backends: one client per OpenAI-compatible audio
server (vLLM, speaches, LocalAI, faster-whisper-server, local-tts-studio), one error type.

Plain httpx, as in `interviewer.openai_chat_model`: two endpoints are easier to read and to map
to one `SpeechError` than another client's exception tree. Every failure (refused connection,
timeout, an error status, a body that is not what the endpoint promises) becomes
`RemoteSpeechError`, which the web layer already reports as `asr_failed` / `tts_failed`.
`httpx.Client` is safe to share between threads, and the server batches concurrent requests,
so there is no lock here.
"""

from __future__ import annotations

from typing import Any

import httpx

from speech.errors import SpeechError

DEFAULT_CONNECT_TIMEOUT_S = 3.0
"""A loopback or LAN server accepts at once; waiting longer only delays the error message."""


class RemoteSpeechError(SpeechError):
    """A remote audio server that could not be reached or answered something unusable."""

    def __init__(self, server: str, detail: str, status_code: int | None = None) -> None:
        super().__init__(f"{server}: {detail}")
        self.server = server
        self.detail = detail
        self.status_code = status_code


class AudioApiClient:
    """Requests to `{base_url}/audio/...`; `base_url` usually ends in `/v1`."""

    def __init__(self, base_url: str, api_key: str | None, timeout_s: float) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise RemoteSpeechError(base_url, "base URL must start with http:// or https://")
        self.server = base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, DEFAULT_CONNECT_TIMEOUT_S))
        self._client = httpx.Client(base_url=self.server + "/", headers=headers, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def post(self, path: str, **request: Any) -> httpx.Response:
        """POST and return a successful response; any failure is a `RemoteSpeechError`."""
        try:
            response = self._client.post(path, **request)
        except httpx.TimeoutException as exc:
            raise self.error(f"POST {path} timed out ({exc.__class__.__name__})") from exc
        except httpx.HTTPError as exc:
            raise self.error(f"POST {path} failed: {exc!r}") from exc
        if response.is_error:
            detail = f"POST {path}: HTTP {response.status_code}: {_reason(response)}"
            raise RemoteSpeechError(self.server, detail, response.status_code)
        return response

    def error(self, detail: str) -> RemoteSpeechError:
        return RemoteSpeechError(self.server, detail)


def _reason(response: httpx.Response) -> str:
    """The server's own message when it sent an OpenAI-style error body (bare, or wrapped in
    FastAPI's `detail` as faster-whisper-server does), else the raw text."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    for candidate in (body, body.get("detail") if isinstance(body, dict) else None):
        error = candidate.get("error") if isinstance(candidate, dict) else None
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])[:300]
    return str(body)[:300]
