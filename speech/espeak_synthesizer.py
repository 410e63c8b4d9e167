"""Fallback Chinese voice: Debian's espeak-ng formant synthesizer, plainly robotic.

The bundled Chinese voice is Kokoro (`speech.kokoro_synthesizer`); this one needs no model file
(`VIVA_TTS__CHINESE_VOICE=espeak`), at a cost: whisper base writes back 59.5 % of its characters
wrong against Kokoro's 21.9 % (bench/chinese_voice.py, 40 bank prompts).

espeak-ng 1.51 (Debian 12) reads Chinese characters with its `cmn` voice as English pinyin with
tone digits, so each sentence is first turned into pinyin and English stretches
(`speech.chinese.mandarin_readings`): pinyin is spoken by `cmn-latn-pinyin`, Latin-script terms
("GPU", "dropout") by the English voice, and the pieces are joined with the silence espeak-ng
leaves after each one cut short, unless punctuation asked for a pause there. Text is passed on
stdin, never as an argument, so a line starting with "-" cannot be read as an option.

Tones: the stock Mandarin voice keeps its pitch within 80-118 Hz, so the four tones barely differ
(measured: tone 1 rose 91->98 Hz, tone 4 fell 94->76 Hz) and Whisper base, given those lines,
wrote back 81 % of the characters wrong. A voice variant with pitch 90-250 Hz makes the contours
audible: 49 % wrong on the same 14 bank lines (other ranges, speeds, word gaps, breath and
formant variants measured 49-68 %). espeak-ng reads variants only from its data folder, so the
synthesizer builds a private copy of that folder out of symbolic links plus the variant file.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile as sf

from speech.chinese import Reading, Script, mandarin_readings
from speech.errors import BackendUnavailableError, SynthesisError
from speech.pcm import float_to_pcm16
from speech.sentence_chunker import split_sentences
from speech.types import AudioChunk, FloatAudio

ESPEAK_SAMPLE_RATE_HZ = 22_050
_TIMEOUT_S = 30.0
_TONE_VARIANT = "viva-tones"
_TONE_VARIANT_FILE = f"name {_TONE_VARIANT}\npitch 90 250\n"
_VOICES: dict[Script, str] = {"pinyin": f"cmn-latn-pinyin+{_TONE_VARIANT}", "english": "en-us"}
_JOIN_SILENCE_S = 0.06
"""Silence kept between two stretches of one clause (espeak-ng ends each with ~0.3 s)."""
_SILENCE_LEVEL = 0.01


class EspeakSynthesizer:
    """`SpeechSynthesizer` for Mandarin: espeak-ng on pinyin, English terms in English."""

    sample_rate_hz: int = ESPEAK_SAMPLE_RATE_HZ

    def __init__(self, binary: str = "espeak-ng", words_per_minute: int = 175) -> None:
        found = shutil.which(binary)
        if found is None:
            raise BackendUnavailableError(
                "espeak-ng", f"{binary!r} not found on PATH (apt-get install espeak-ng)"
            )
        self._binary = found
        self._words_per_minute = words_per_minute
        self._data = tempfile.TemporaryDirectory(prefix="viva-espeak-")
        _link_data_with_tone_variant(_system_data_dir(found), Path(self._data.name))

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """PCM16 at 22.05 kHz, one chunk per sentence so playback starts early."""
        for sentence in split_sentences(text):
            readings = mandarin_readings(sentence)
            if readings:
                last = len(readings) - 1
                audio = np.concatenate(
                    [self._speak_joined(r, i == last) for i, r in enumerate(readings)]
                )
                yield AudioChunk(pcm=float_to_pcm16(audio), sample_rate_hz=self.sample_rate_hz)

    def _speak_joined(self, reading: Reading, last: bool) -> FloatAudio:
        audio = self._speak(reading.text, _VOICES[reading.script])
        if last or reading.text.endswith((",", ".")):
            return audio
        return _trim_trailing_silence(audio, int(_JOIN_SILENCE_S * self.sample_rate_hz))

    def _speak(self, text: str, voice: str) -> FloatAudio:
        command = [
            self._binary,
            f"--path={self._data.name}",
            "-v",
            voice,
            "-s",
            str(self._words_per_minute),
            "--stdout",
        ]
        try:
            result = subprocess.run(
                command,
                input=text.encode("utf-8"),
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
        return np.asarray(audio, dtype=np.float32)


def _system_data_dir(binary: str) -> Path:
    """The data folder espeak-ng reports ("... Data at: /usr/lib/.../espeak-ng-data")."""
    result = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
    )
    match = re.search(r"Data at:\s*(\S.*)$", result.stdout.strip())
    if match is None or not Path(match[1]).is_dir():
        raise BackendUnavailableError("espeak-ng", f"no data folder in {result.stdout!r}")
    return Path(match[1])


def _link_data_with_tone_variant(system_data: Path, root: Path) -> None:
    """`root/espeak-ng-data`: links to every entry of the system's data folder, except `voices`,
    which holds only the tone variant (the Mandarin and English voices live under `lang`)."""
    data = root / "espeak-ng-data"
    variants = data / "voices" / "!v"
    variants.mkdir(parents=True)
    for entry in system_data.iterdir():
        if entry.name != "voices":
            (data / entry.name).symlink_to(entry)
    (variants / _TONE_VARIANT).write_text(_TONE_VARIANT_FILE)


def _trim_trailing_silence(audio: FloatAudio, keep_samples: int) -> FloatAudio:
    """Cut the silence at the end of `audio` down to `keep_samples`."""
    loud = np.flatnonzero(np.abs(audio) > _SILENCE_LEVEL)
    end = int(loud[-1]) + 1 + keep_samples if loud.size else 0
    return audio[: min(end, audio.size)]
