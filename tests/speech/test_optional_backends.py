"""Errors of the optional backends: missing programs and packages, non-local models."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from speech.chinese import to_simplified
from speech.errors import BackendUnavailableError, ModelNotFoundError
from speech.espeak_synthesizer import EspeakSynthesizer
from speech.funasr_recognizer import FunAsrRecognizer
from speech.pcm import is_silent, pcm16_to_float

needs_no_funasr = pytest.mark.skipif(
    importlib.util.find_spec("funasr") is not None, reason="funasr is installed here"
)
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


def test_funasr_rejects_hub_names_before_importing_anything() -> None:
    with pytest.raises(ModelNotFoundError, match="local model directory"):
        FunAsrRecognizer("iic/SenseVoiceSmall")


@needs_no_funasr
def test_funasr_missing_package_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailableError, match="pip install funasr"):
        FunAsrRecognizer(str(tmp_path))


def test_missing_espeak_binary_is_a_clear_error() -> None:
    with pytest.raises(BackendUnavailableError, match="not found"):
        EspeakSynthesizer(binary="espeak-ng-not-installed")


@needs_espeak
def test_espeak_speaks_chinese_one_chunk_per_sentence() -> None:
    synthesizer = EspeakSynthesizer()
    chunks = list(synthesizer.synthesize("你好。请介绍一下你自己。"))
    assert len(chunks) == 2
    for chunk in chunks:
        assert chunk.sample_rate_hz == 22_050
        assert not is_silent(pcm16_to_float(chunk.pcm))


def test_traditional_chinese_becomes_simplified() -> None:
    assert to_simplified("歡迎大家來體驗語音識別模型") == "欢迎大家来体验语音识别模型"
    assert to_simplified("gradient descent 3.5") == "gradient descent 3.5"
