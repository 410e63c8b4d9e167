"""Fallback Chinese voice: Debian's espeak-ng formant synthesizer, plainly robotic.

No Mandarin piper voice is packaged anywhere Viva can install from, so without a user-supplied
voice the choice is espeak-ng (intelligible, clearly synthetic) or text on screen. The UI should
say the voice is robotic; `description` carries that label. Text is passed on stdin, never as an
argument, so a line starting with "-" cannot be read as an option.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator

import numpy as np
import soundfile as sf

from speech.errors import BackendUnavailableError, SynthesisError
from speech.pcm import float_to_pcm16
from speech.sentence_chunker import split_sentences
from speech.types import AudioChunk

ESPEAK_SAMPLE_RATE_HZ = 22_050
_TIMEOUT_S = 30.0


class EspeakSynthesizer:
    """`SpeechSynthesizer` running `espeak-ng -v <voice> --stdout` once per sentence."""

    sample_rate_hz: int = ESPEAK_SAMPLE_RATE_HZ
    description = "espeak-ng (robotic fallback voice)"

    def __init__(self, voice: str = "cmn", binary: str = "espeak-ng") -> None:
        found = shutil.which(binary)
        if found is None:
            raise BackendUnavailableError(
                "espeak-ng", f"{binary!r} not found on PATH (apt-get install espeak-ng)"
            )
        self._binary = found
        self._voice = voice

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """PCM16 at 22.05 kHz, one chunk per sentence so playback starts early."""
        for sentence in split_sentences(text):
            yield AudioChunk(pcm=self._speak(sentence), sample_rate_hz=self.sample_rate_hz)

    def _speak(self, sentence: str) -> bytes:
        try:
            result = subprocess.run(
                [self._binary, "-v", self._voice, "--stdout"],
                input=sentence.encode("utf-8"),
                capture_output=True,
                timeout=_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise SynthesisError("espeak-ng", f"timed out after {_TIMEOUT_S} s") from error
        if result.returncode != 0 or not result.stdout:
            detail = result.stderr.decode("utf-8", "replace").strip() or "no audio produced"
            raise SynthesisError("espeak-ng", detail)
        audio, rate_hz = sf.read(io.BytesIO(result.stdout), dtype="float32")
        if rate_hz != self.sample_rate_hz:
            raise SynthesisError("espeak-ng", f"unexpected sample rate {rate_hz} Hz")
        return float_to_pcm16(np.asarray(audio, dtype=np.float32))
