"""A scripted `VoiceActivityDetector` for endpointer tests: one probability per window, in order."""

from __future__ import annotations

from collections.abc import Sequence

from speech.types import FloatAudio

WINDOW = 512
RATE = 16_000


class ScriptedVad:
    """Returns the scripted probabilities window by window, then `after_script` forever."""

    window_samples = WINDOW

    def __init__(self, probabilities: Sequence[float], after_script: float = 0.0) -> None:
        self._script = list(probabilities)
        self._after = after_script
        self.calls = 0
        self.resets = 0

    def speech_probability(self, window: FloatAudio) -> float:
        assert window.shape == (WINDOW,), "the endpointer must window the stream itself"
        index, self.calls = self.calls, self.calls + 1
        return self._script[index] if index < len(self._script) else self._after

    def reset(self) -> None:
        self.resets += 1


def windows(seconds: float) -> int:
    """Whole VAD windows in `seconds` of 16 kHz audio."""
    return round(seconds * RATE / WINDOW)


def script(*parts: tuple[str, float]) -> list[float]:
    """Probabilities for parts such as ("speech", 1.0), ("silence", 0.8)."""
    probabilities: list[float] = []
    for kind, seconds in parts:
        probabilities += [0.9 if kind == "speech" else 0.05] * windows(seconds)
    return probabilities
