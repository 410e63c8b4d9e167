"""Chinese lines as Kokoro phonemes: tones as arrows, pauses kept, English terms in Kokoro's
English spelling. Pure text, no model."""

from __future__ import annotations

import pytest

from speech.mandarin_phonemes import EnglishPhonemizer, line_phonemes, pinyin_ipa, syllable_ipa


@pytest.mark.parametrize(
    ("syllable", "ipa"),
    [
        ("ma1", "ma→"),
        ("ma2", "ma↗"),
        ("ma3", "ma↓"),
        ("ma4", "ma↘"),
        ("ma5", "ma"),
        ("shi4", "ʂɨ↘"),  # the apical vowel of zhi/chi/shi/ri/zi/ci/si
        ("si1", "sɨ→"),
        ("xue2", "ɕɥe↗"),
    ],
)
def test_each_tone_is_its_arrow(syllable: str, ipa: str) -> None:
    assert syllable_ipa(syllable) == ipa


def test_a_syllable_that_is_not_pinyin_is_dropped_not_raised() -> None:
    assert syllable_ipa("GPU3") == ""


def test_pauses_inside_a_stretch_are_kept() -> None:
    assert pinyin_ipa("hao3-de5, wo3-men5 ji4-xu4.") == "xau↓tɤ,wo↓mən tɕi↘ɕy↘."


def test_english_terms_are_spelled_with_kokoro_diphthongs() -> None:
    english = EnglishPhonemizer()
    assert "I" in english("fine")  # espeak "aɪ" -> Kokoro "I"
    assert "O" in english("go")  # "oʊ" -> "O"
    assert "ʤ" in english("GPU")  # "dʒ" -> Kokoro "ʤ"


def test_a_mixed_line_reads_chinese_as_ipa_and_english_as_english() -> None:
    phonemes = line_phonemes("这个 GPU 很快，我们用了3轮。", EnglishPhonemizer())
    assert phonemes.startswith("ʈʂɤ↘kɤ")
    assert "sa→n" in phonemes  # the digit 3 is read as 三
    assert "," in phonemes and phonemes.endswith(".")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in phonemes)
