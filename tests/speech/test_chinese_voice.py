"""The fallback Chinese voice (espeak-ng on pinyin, for machines where Kokoro is not installed)
speaks Mandarin that Whisper base recognises as Chinese, where Debian's stock `cmn` voice gave
English pinyin. Its round-trip error is high (63 % CER on bench/chinese_voice.py's lines), which
is why Kokoro is the default; tests/speech/test_kokoro_voice.py holds that voice to CER <= 30 %.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf

from bench.asr import spoken
from bench.chinese_voice import character_error_rate, interviewer_lines
from speech.espeak_synthesizer import ESPEAK_SAMPLE_RATE_HZ, EspeakSynthesizer
from speech.pcm import is_silent, pcm16_to_float, to_16k
from speech.types import FloatAudio
from speech.whisper_recognizer import WhisperRecognizer

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


@pytest.fixture(scope="module")
def voice() -> EspeakSynthesizer:
    return EspeakSynthesizer()


@pytest.fixture(scope="module")
def heard(voice: EspeakSynthesizer, whisper_base: WhisperRecognizer) -> list[tuple[str, str]]:
    """(line, what whisper base heard) for each interviewer line in the fallback voice."""
    return [
        (line, whisper_base.transcribe(spoken(voice, line), "zh").text)
        for line in interviewer_lines()
    ]


def han_share(text: str) -> float:
    """Share of Han characters among letters and digits (pinyin read as English gives "ni3")."""
    letters = [ch for ch in text if ch.isalnum()]
    return sum("\u4e00" <= ch <= "\u9fff" for ch in letters) / max(1, len(letters))


def stock_cmn_voice(line: str) -> FloatAudio:
    """Debian's own `cmn` voice given the characters, as Viva spoke before (issue 7 finding 8)."""
    result = subprocess.run(
        ["espeak-ng", "-v", "cmn", "--stdout"], input=line.encode(), capture_output=True, check=True
    )
    audio, rate_hz = sf.read(io.BytesIO(result.stdout), dtype="float32")
    return to_16k(np.asarray(audio, dtype=np.float32), rate_hz)


def test_each_sentence_is_one_non_silent_chunk_at_the_voice_rate(voice: EspeakSynthesizer) -> None:
    text = "我们用 dropout 训练了3轮。GPU 利用率是95%，还不错！"
    chunks = list(voice.synthesize(text))
    assert len(chunks) == 2
    for chunk in chunks:
        assert chunk.sample_rate_hz == voice.sample_rate_hz == ESPEAK_SAMPLE_RATE_HZ
        audio = pcm16_to_float(chunk.pcm)
        assert not is_silent(audio)
        assert audio.size / ESPEAK_SAMPLE_RATE_HZ > 1.5  # about a dozen syllables each


def test_a_line_with_nothing_to_say_gives_no_audio(voice: EspeakSynthesizer) -> None:
    assert list(voice.synthesize("……")) == []


@pytest.mark.models
def test_the_voice_is_heard_as_mandarin_where_the_stock_voice_was_not(
    heard: list[tuple[str, str]], whisper_base: WhisperRecognizer
) -> None:
    for line, text in heard:
        assert han_share(text) >= 0.9, (line, text)
    stock = [(line, whisper_base.transcribe(stock_cmn_voice(line), "zh").text) for line, _ in heard]
    assert sum(han_share(text) for _, text in stock) / len(stock) < 0.5, stock
    assert character_error_rate(heard) < 0.5 * character_error_rate(stock)
