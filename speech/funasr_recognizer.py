"""Bring-your-own-model ASR with FunASR (Paraformer, SenseVoice) from a local directory.

No PyPI package ships FunASR weights and funasr itself pulls in torch (~1 GB, 12 s import), so it
is an optional backend, never the default, imported only when configured. Only a local model
directory is accepted: given a hub name offline, funasr retries for ~20 s and then fails with a
misleading error, so hub names are rejected up front with a clear one.
"""

from __future__ import annotations

import importlib
import re
import threading
from typing import Any

import numpy as np

from speech.chinese import to_simplified
from speech.errors import BackendUnavailableError
from speech.model_files import resolve_local_model_dir
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript, Word

# SenseVoice prefixes its text with tags such as <|zh|><|NEUTRAL|><|Speech|><|woitn|>.
_SENSEVOICE_TAG = re.compile(r"<\|[^|]*\|>")


def _import_funasr() -> Any:
    try:
        return importlib.import_module("funasr")
    except ModuleNotFoundError as error:
        raise BackendUnavailableError(
            "funasr", "the funasr package is not installed (pip install funasr; it pulls torch)"
        ) from error


class FunAsrRecognizer:
    """`SpeechRecognizer` over a local FunASR model directory; one decode at a time."""

    def __init__(self, model_dir: str, device: str = "cpu") -> None:
        path = resolve_local_model_dir(model_dir)
        funasr = _import_funasr()
        self.model_name = str(path)
        self._model = funasr.AutoModel(model=str(path), device=device, disable_update=True)
        # FunASR does not document its models as thread-safe; torch modules hold per-call state.
        self._lock = threading.Lock()

    def transcribe(self, audio: FloatAudio, language: str, prompt: str | None = None) -> Transcript:
        """Transcribe 16 kHz mono audio; FunASR models take no text prompt, so it is unused."""
        audio_s = audio.size / SAMPLE_RATE_HZ
        if audio.size == 0:
            return Transcript(text="", words=(), language=language, duration_s=0.0)
        with self._lock:
            results = self._model.generate(input=audio.astype(np.float32), language=language)
        result = results[0] if results else {}
        text = _SENSEVOICE_TAG.sub("", str(result.get("text", ""))).strip()
        words = _words_from_timestamps(text, result.get("timestamp"))
        if language.startswith("zh"):
            text = to_simplified(text)
            words = tuple(
                Word(to_simplified(w.text), w.start_s, w.end_s, w.probability) for w in words
            )
        return Transcript(text=text, words=words, language=language, duration_s=audio_s)


def _words_from_timestamps(text: str, timestamps: Any) -> tuple[Word, ...]:
    """Paraformer returns one [start_ms, end_ms] per space-separated token; others return none."""
    tokens = text.split()
    if not timestamps or len(timestamps) != len(tokens):
        return ()
    return tuple(
        Word(text=token, start_s=start_ms / 1000.0, end_s=end_ms / 1000.0)
        for token, (start_ms, end_ms) in zip(tokens, timestamps, strict=True)
    )
