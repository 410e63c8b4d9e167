"""The bundled Chinese voice, Kokoro-82M, speaks Mandarin that whisper base writes back within
issue 7's bar (CER <= 30 %) on the interviewer's own lines: its Chinese opening, transitions,
closing and bank questions (bench/chinese_voice.py chose the style on other bank lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.asr import spoken
from bench.chinese_voice import character_error_rate, interviewer_lines
from speech.kokoro_synthesizer import KOKORO_SAMPLE_RATE_HZ, KokoroSynthesizer
from speech.pcm import is_silent, pcm16_to_float
from speech.whisper_recognizer import WhisperRecognizer

pytestmark = pytest.mark.models

ROUND_TRIP_MAX_CER = 0.30


@pytest.fixture(scope="module")
def voice() -> KokoroSynthesizer:
    return KokoroSynthesizer()


def test_each_clause_group_is_a_non_silent_chunk_at_24_khz(voice: KokoroSynthesizer) -> None:
    chunks = list(voice.synthesize("我们用 dropout 训练了3轮。GPU 利用率是95%，还不错！"))
    assert len(chunks) >= 2  # a chunk per sentence at least
    for chunk in chunks:
        assert chunk.sample_rate_hz == voice.sample_rate_hz == KOKORO_SAMPLE_RATE_HZ
        assert not is_silent(pcm16_to_float(chunk.pcm))


def test_a_long_question_starts_before_its_first_sentence_is_done(
    voice: KokoroSynthesizer,
) -> None:
    line = (
        "你搭了一个检索增强的问答系统，用户说答案经常不对，"
        "你会怎样端到端地评估它，再决定先改哪一部分？"
    )
    chunks = list(voice.synthesize(line))
    assert len(chunks) >= 2  # one sentence, spoken clause group by clause group


def test_a_line_with_nothing_to_say_gives_no_audio(voice: KokoroSynthesizer) -> None:
    assert list(voice.synthesize("……")) == []


def test_the_same_line_is_the_same_audio(voice: KokoroSynthesizer) -> None:
    line = "好的，我们继续。"
    assert [c.pcm for c in voice.synthesize(line)] == [c.pcm for c in voice.synthesize(line)]


def test_an_unknown_style_is_a_clear_error() -> None:
    from speech.errors import BackendUnavailableError

    with pytest.raises(BackendUnavailableError, match="no style"):
        KokoroSynthesizer(style="zf_nobody")


def test_the_interviewer_lines_round_trip_through_whisper_base(
    voice: KokoroSynthesizer, whisper_base: WhisperRecognizer
) -> None:
    heard = [
        (line, whisper_base.transcribe(spoken(voice, line), "zh").text)
        for line in interviewer_lines()
    ]
    assert character_error_rate(heard) <= ROUND_TRIP_MAX_CER, heard


def test_settings_pick_kokoro_for_chinese_unless_espeak_is_asked_for(tmp_path: Path) -> None:
    from speech.espeak_synthesizer import EspeakSynthesizer
    from web.services import _synthesizer
    from web.settings import Settings, TtsSettings

    assert isinstance(_synthesizer(Settings(data_dir=tmp_path), "zh"), KokoroSynthesizer)
    espeak = Settings(data_dir=tmp_path, tts=TtsSettings(chinese_voice="espeak"))
    assert isinstance(_synthesizer(espeak, "zh"), EspeakSynthesizer)


def test_a_run_on_line_with_no_comma_is_spoken_whole(voice: KokoroSynthesizer) -> None:
    """Longer than the model's 510-phoneme context and without a pause to cut at: it is cut
    between words, and every part is spoken (nothing is dropped at the context's end)."""
    clause = "我们先看数据分布再决定用什么模型然后上线做实验"
    line = clause * 10 + "。"  # about 1,030 phonemes
    seconds = sum(len(c.pcm) / 2 / c.sample_rate_hz for c in voice.synthesize(line))
    once = sum(len(c.pcm) / 2 / c.sample_rate_hz for c in voice.synthesize(clause + "。"))
    assert seconds > 6 * once  # 7.5 times; cut at the context, it was 3.6 times
