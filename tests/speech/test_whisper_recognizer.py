"""faster-whisper recognizer: deadline logic with fakes, real speech with the bundled models."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from speech.chinese import to_simplified
from speech.errors import UnsupportedLanguageError
from speech.pcm import load_audio_file
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import FloatAudio
from speech.whisper_recognizer import WhisperRecognizer, _consume_until
from tests.speech.conftest import EVAL_SPEECH_DIR, speak_16k


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_decoding_stops_pulling_segments_past_the_deadline() -> None:
    pulled: list[int] = []

    def segments() -> Iterator[Any]:
        for index in range(5):
            pulled.append(index)
            yield SimpleNamespace(index=index)

    assert len(_consume_until(segments(), deadline=0.0)) == 1
    assert pulled == [0], "the lazy generator must not be consumed further"
    assert len(_consume_until(segments(), deadline=float("inf"))) == 5


@pytest.mark.models
def test_tiny_en_transcribes_a_spoken_answer(
    tiny_en: WhisperRecognizer, answer_16k: FloatAudio
) -> None:
    transcript = tiny_en.transcribe(answer_16k, "en")
    # "bias" alone is left out: unprimed tiny.en sometimes mishears it; priming fixes that below.
    assert {"variance", "assumptions", "training", "data"} <= words_of(transcript.text)
    starts = [word.start_s for word in transcript.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start_s <= w.end_s <= transcript.duration_s + 0.5 for w in transcript.words)


@pytest.mark.models
def test_prompt_is_accepted_and_keeps_key_words(
    tiny_en: WhisperRecognizer, answer_16k: FloatAudio
) -> None:
    prompt = "Explain the bias-variance tradeoff. Key terms: bias, variance, training data."
    transcript = tiny_en.transcribe(answer_16k, "en", prompt=prompt)
    assert {"bias", "variance", "assumptions", "training"} <= words_of(transcript.text)


@pytest.mark.models
def test_silence_gives_an_empty_transcript(tiny_en: WhisperRecognizer) -> None:
    transcript = tiny_en.transcribe(np.zeros(16_000 * 3, dtype=np.float32), "en")
    assert transcript.text == "" and transcript.words == ()


@pytest.mark.models
def test_english_only_model_refuses_chinese(tiny_en: WhisperRecognizer) -> None:
    with pytest.raises(UnsupportedLanguageError, match="multilingual"):
        tiny_en.transcribe(np.zeros(16_000, dtype=np.float32), "zh")


@pytest.mark.models
@pytest.mark.parametrize(
    ("clip", "key_words"),
    [
        ("en_jfk.flac", {"americans", "country"}),
        ("en_librispeech_1995-1837-0001.wav", {"sorrow", "cotton", "dreams"}),
        ("en_ljspeech_LJ001-0001.flac", {"printing", "arts", "crafts"}),
    ],
)
def test_tiny_en_on_recorded_speech(
    tiny_en: WhisperRecognizer, eval_manifest: list[dict[str, str]], clip: str, key_words: set[str]
) -> None:
    assert any(row["audio"] == clip for row in eval_manifest)
    transcript = tiny_en.transcribe(load_audio_file(EVAL_SPEECH_DIR / clip), "en")
    assert key_words <= words_of(transcript.text)


@pytest.mark.models
def test_base_transcribes_mandarin_in_simplified_characters(
    whisper_base: WhisperRecognizer, eval_manifest: list[dict[str, str]]
) -> None:
    clip = "zh_funasr_asr_example_zh.wav"
    assert any(row["audio"] == clip for row in eval_manifest)
    transcript = whisper_base.transcribe(load_audio_file(EVAL_SPEECH_DIR / clip), "zh")
    assert "欢迎" in transcript.text and "语音" in transcript.text
    assert transcript.text == to_simplified(transcript.text)
    assert all(word.text == to_simplified(word.text) for word in transcript.words)


@pytest.mark.models
def test_base_also_transcribes_english(
    whisper_base: WhisperRecognizer, piper: PiperSynthesizer
) -> None:
    audio = speak_16k(piper, "Gradient descent updates the weights against the gradient.")
    assert {"gradient", "weights"} <= words_of(whisper_base.transcribe(audio, "en").text)


def test_a_transcript_that_only_echoes_the_prompt_is_dropped() -> None:
    from speech.whisper_recognizer import _echoes_prompt

    assert _echoes_prompt("请讲一个你负责的项目。", "请讲一个你负责的项目。")
    assert _echoes_prompt("Bias, variance", "What is the bias variance trade-off? bias, variance")
    assert not _echoes_prompt("Bias is error from wrong assumptions", "What is bias? bias")
    assert not _echoes_prompt("", "anything")
