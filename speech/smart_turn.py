"""Does the candidate sound finished? The smart-turn v3 classifier over the answer's last 8 s.

pipecat-ai (BSD-2-Clause) ships `smart-turn-v3.2-cpu.onnx`: a Whisper-encoder classifier trained
on real conversations to tell a speaker who has finished a turn from one who paused mid-thought,
from intonation and rhythm as well as the words. It takes Whisper-style log-mel features of the
last 8 s of audio (zero-padded in front), computed after normalising the waveform to zero mean and
unit variance; faster-whisper's own numpy feature extractor (no padding) gives the same features
as pipecat's, so only the model file is used from pipecat and none of its code is imported.

One call costs ~45-150 ms on one thread, so the endpointer asks only once per pause, when the
pause is long enough to end a finished answer, never per frame. The ONNX session is loaded once
per process and shared (`InferenceSession.run` is thread-safe).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

from speech.errors import ModelNotFoundError
from speech.onnx_sessions import shared_session
from speech.types import SAMPLE_RATE_HZ, FloatAudio

WINDOW_S = 8
"""The classifier judges the last 8 s of the answer, as it was trained."""
_WINDOW_SAMPLES = WINDOW_S * SAMPLE_RATE_HZ
_MODEL_IN_PACKAGE = Path("audio") / "turn" / "smart_turn" / "data" / "smart-turn-v3.2-cpu.onnx"
_NORMALISE_EPS = 1e-7


def default_model_path() -> Path:
    """The model file inside the installed pipecat-ai package, found without importing it."""
    spec = importlib.util.find_spec("pipecat")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / _MODEL_IN_PACKAGE
        if path.is_file():
            return path
    raise ModelNotFoundError("smart-turn", "package pipecat-ai (which ships it) is not installed")


class SmartTurnClassifier:
    """`TurnClassifier`: the probability that speech ending at the end of `audio` is finished."""

    def __init__(self, model_path: Path | None = None) -> None:
        path = model_path or default_model_path()
        if not path.is_file():
            raise ModelNotFoundError(str(path), "no such smart-turn model file")
        self._session = shared_session(path)
        self._features = FeatureExtractor(feature_size=80, chunk_length=WINDOW_S)

    def finished_probability(self, audio: FloatAudio) -> float:
        """`audio` is 16 kHz speech up to (and a little past) the last voiced sample."""
        window = np.asarray(audio[-_WINDOW_SAMPLES:], dtype=np.float32)
        window = np.pad(window, (_WINDOW_SAMPLES - window.size, 0))
        normalised = (window - window.mean()) / np.sqrt(window.var() + _NORMALISE_EPS)
        features = self._features(normalised, padding=0).astype(np.float32)
        (probability,) = self._session.run(None, {"input_features": features[None]})
        return float(np.asarray(probability).reshape(-1)[0])
