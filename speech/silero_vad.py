"""Streaming Silero voice activity detection, stateful per session.

faster-whisper ships the Silero v6 ONNX model, but its wrapper zeroes the LSTM state and the audio
context on every call, which is right for whole files and wrong for a live stream of 32 ms windows:
each window would be judged without memory of the last. `SileroVad` keeps the LSTM state (h, c)
and the 64-sample context across windows itself. The ONNX session is loaded once per process and
shared; `InferenceSession.run` is thread-safe, so a per-connection instance costs two small arrays.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from speech.errors import AudioFormatError
from speech.onnx_sessions import shared_session
from speech.types import SAMPLE_RATE_HZ, FloatAudio

WINDOW_SAMPLES = 512
"""Silero v6 is trained on 512-sample windows at 16 kHz (32 ms)."""
_CONTEXT_SAMPLES = 64
_STATE_SHAPE = (1, 1, 128)


def default_model_path() -> Path:
    """The Silero ONNX file bundled inside the installed faster-whisper package."""
    from faster_whisper.utils import get_assets_path

    return Path(get_assets_path()) / "silero_vad_v6.onnx"


class SileroVad:
    """`VoiceActivityDetector` over 512-sample 16 kHz windows, remembering state between calls."""

    window_samples: int = WINDOW_SAMPLES
    sample_rate_hz: int = SAMPLE_RATE_HZ

    def __init__(self, model_path: Path | None = None) -> None:
        self._session = shared_session(model_path or default_model_path())
        self._h = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._c = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(_CONTEXT_SAMPLES, dtype=np.float32)

    def speech_probability(self, window: FloatAudio) -> float:
        """Probability in [0, 1] that this window (following the previous ones) is speech."""
        if window.shape != (WINDOW_SAMPLES,):
            raise AudioFormatError(
                f"Silero VAD needs windows of {WINDOW_SAMPLES} samples, got shape {window.shape}"
            )
        window = window.astype(np.float32, copy=False)
        model_input = np.concatenate([self._context, window])[None, :]
        probs, self._h, self._c = self._session.run(
            None, {"input": model_input, "h": self._h, "c": self._c}
        )
        self._context = window[-_CONTEXT_SAMPLES:].copy()
        return float(np.asarray(probs).reshape(-1)[0])

    def reset(self) -> None:
        """Forget the stream so far (a new answer or a new connection)."""
        self._h = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._c = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(_CONTEXT_SAMPLES, dtype=np.float32)
