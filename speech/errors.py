"""Typed errors of the speech package.

Each names what went wrong in terms the web layer can map to a stable protocol error code
(`bad_audio_frame`, `asr_failed`, `tts_failed`) without parsing messages.
"""

from __future__ import annotations


class SpeechError(Exception):
    """Base of every error raised on purpose by the speech package."""


class AudioFormatError(SpeechError):
    """Audio bytes or a file that cannot be interpreted as the expected PCM format."""


class ModelNotFoundError(SpeechError):
    """A model name or path that does not resolve to local files (nothing is ever downloaded)."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"model {value!r}: {reason}")
        self.value = value
        self.reason = reason


class UnsupportedLanguageError(SpeechError):
    """The backend's model cannot handle the requested language (e.g. tiny.en asked for zh)."""

    def __init__(self, language: str, model: str) -> None:
        super().__init__(
            f"language {language!r} is not supported by model {model!r}; "
            "use a multilingual model such as the bundled 'base'"
        )
        self.language = language
        self.model = model


class BackendUnavailableError(SpeechError):
    """An optional backend whose program or Python package is not installed."""

    def __init__(self, backend: str, hint: str) -> None:
        super().__init__(f"{backend} is not available: {hint}")
        self.backend = backend
        self.hint = hint


class SynthesisError(SpeechError):
    """A text-to-speech engine that ran but failed to produce audio."""

    def __init__(self, engine: str, detail: str) -> None:
        super().__init__(f"{engine} failed: {detail}")
        self.engine = engine
        self.detail = detail
