"""Text to speech with a piper voice (piper-tts 1.x, ONNX, CPU).

Piper phonemizes with espeak-ng through a C extension holding process-global state, which is not
safe to enter from two threads; the ONNX session run is. So phonemization happens under a lock
and the audio of each sentence is generated outside it, letting two sessions speak at once.
Audio is yielded one sentence at a time so playback can start before the whole line is ready.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
from piper import PiperVoice
from piper.config import PhonemeType, SynthesisConfig

from speech.errors import ModelNotFoundError
from speech.espeak_bridge import ESPEAK_LOCK
from speech.model_files import resolve_piper_voice
from speech.pcm import float_to_pcm16
from speech.types import AudioChunk

# Mandarin piper voices need the g2pW model; piper would fetch it from the hub on first use.
_G2PW_FILE = Path("g2pW") / "g2pw.onnx"


class PiperSynthesizer:
    """`SpeechSynthesizer` for a bundled voice name (`joe`) or a local `.onnx` voice path."""

    def __init__(self, voice: str | Path = "joe", variation: float | None = None) -> None:
        """`variation` scales piper's generator noise (None: the voice's own; 0: repeatable)."""
        path = resolve_piper_voice(str(voice))
        # download_dir is where piper looks for extra resources (g2pW for Mandarin voices).
        self._voice = PiperVoice.load(path, download_dir=path.parent)
        pinyin = self._voice.config.phoneme_type == PhonemeType.PINYIN
        if pinyin and not (path.parent / _G2PW_FILE).is_file():
            raise ModelNotFoundError(
                str(voice), f"Mandarin piper voices need {_G2PW_FILE} beside the voice file"
            )
        self.sample_rate_hz: int = int(self._voice.config.sample_rate)
        self._config = SynthesisConfig(noise_scale=variation, noise_w_scale=variation)

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """PCM16 audio at the voice's rate, one chunk per sentence of `text`."""
        if not text.strip():
            return
        with ESPEAK_LOCK:
            sentences = self._voice.phonemize(text)
        for phonemes in sentences:
            if not phonemes:
                continue
            ids = self._voice.phonemes_to_ids(phonemes)
            audio = np.asarray(
                self._voice.phoneme_ids_to_audio(ids, self._config), dtype=np.float32
            )
            yield AudioChunk(
                pcm=float_to_pcm16(_normalised(audio)), sample_rate_hz=self.sample_rate_hz
            )


def _normalised(audio: np.ndarray) -> np.ndarray:
    """Peak-normalise like piper's own `synthesize`, so every sentence has the same loudness."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak < 1e-8:
        return np.zeros_like(audio)
    return np.clip(audio / peak, -1.0, 1.0)
