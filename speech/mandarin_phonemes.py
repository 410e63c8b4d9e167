"""Kokoro phonemes for a Chinese line: Mandarin stretches as IPA with tone arrows, English
terms as espeak-ng's American IPA in Kokoro's spelling.

Kokoro-82M v1.0 was trained on Mandarin written as IPA whose tone contours are arrows (the
convention of its own G2P, misaki's legacy `ZHG2P`): tone 1 "→", 2 "↗", 3 "↓", 4 "↘", the neutral
tone unmarked. Each tone-numbered pinyin syllable from `speech.chinese.mandarin_readings`
(phrase-aware, tone sandhi, numbers already read in Chinese) goes through `pinyin_to_ipa`, the
library misaki's transcription is adapted from. Words (cut by jieba, as misaki does) are
separated by spaces: without them whisper base wrote back 27.1 % of bench/chinese_voice.py's
characters wrong, with them 19.8 %. English terms ("GPU", "dropout") inside a Chinese
line are phonemized by the espeak-ng inside piper-tts and respelled the way Kokoro's English
phoneme set writes diphthongs and affricates (misaki's espeak fallback table).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pinyin_to_ipa import pinyin_to_ipa

from speech.chinese import Reading, mandarin_readings
from speech.espeak_bridge import ESPEAK_LOCK

_TONES = (("˧˩˧", "↓"), ("˧˥", "↗"), ("˥˩", "↘"), ("˥", "→"))
_SYLLABIC = "\u0329"  # combining vertical line below: the apical vowel of "zhi", "si"
_NON_SYLLABIC = "\u032f"  # combining inverted breve below: the glide of a diphthong
# espeak-ng American IPA -> Kokoro's English phoneme letters (misaki's espeak table), longest
# first. piper's bridge gives no tie marks, so diphthongs and affricates are matched as pairs.
_ESPEAK_TO_KOKORO = sorted(
    {
        "aɪ": "I",
        "aʊ": "W",
        "dʒ": "ʤ",
        "eɪ": "A",
        "tʃ": "ʧ",
        "ɔɪ": "Y",
        "oʊ": "O",
        "ɚ": "əɹ",
        "r": "ɹ",
        "ɐ": "ə",
        "ː": "",
    }.items(),
    key=lambda pair: -len(pair[0]),
)


def _trailing_pause(text: str) -> str:
    """The pause mark ("," or ".") `text` ends with, which Kokoro reads as a pause, else ""."""
    return text[-1] if text.endswith((",", ".")) else ""


def syllable_ipa(syllable: str) -> str:
    """One tone-numbered pinyin syllable ("hao3", "de5") as Kokoro IPA ("xau↓", "tɤ")."""
    plain = syllable.removesuffix("5")
    try:
        phones = pinyin_to_ipa(plain)[0]
    except (ValueError, IndexError):
        return ""
    ipa = "".join(phones)
    for contour, arrow in _TONES:
        ipa = ipa.replace(contour, arrow)
    ipa = re.sub(rf"[ɻɹ]{_SYLLABIC}", "ɨ", ipa)
    return ipa.replace(_SYLLABIC, "").replace(_NON_SYLLABIC, "")


def pinyin_ipa(pinyin: str) -> str:
    """A stretch of pinyin words ("hao3-de5, wo3-men5 ji4-xu4.") as IPA words, one per pinyin
    word, with its pauses kept ("xau↓tɤ,wo↓mən tɕi↘ɕy↘.")."""
    words = []
    for word in pinyin.split():
        ipa = "".join(syllable_ipa(syllable) for syllable in word.rstrip(",.").split("-"))
        if ipa:
            words.append(ipa + _trailing_pause(word))
    return " ".join(words).replace(", ", ",").replace(". ", ".")


class EnglishPhonemizer:
    """American English IPA for the Latin-script terms in a Chinese line, from the espeak-ng
    that piper-tts bundles (no system package needed)."""

    def __init__(self) -> None:
        from piper.phonemize_espeak import EspeakPhonemizer

        with ESPEAK_LOCK:
            self._espeak = EspeakPhonemizer()

    @lru_cache(maxsize=4096)  # noqa: B019 - one phonemizer per voice, lives as long as it
    def __call__(self, english: str) -> str:
        text = english.rstrip(",.")
        with ESPEAK_LOCK:
            sentences = self._espeak.phonemize("en-us", text)
        ipa = unicodedata.normalize("NFC", " ".join("".join(s) for s in sentences))
        for espeak, kokoro in _ESPEAK_TO_KOKORO:
            ipa = ipa.replace(espeak, kokoro)
        return " ".join(ipa.split()) + _trailing_pause(english)


def line_phonemes(line: str, english: EnglishPhonemizer) -> str:
    """A Chinese sentence as one Kokoro phoneme string, stretches separated by spaces."""
    readings = mandarin_readings(line, words=True)
    pieces = [_reading_phonemes(reading, english) for reading in readings]
    return " ".join(piece for piece in pieces if piece)


def _reading_phonemes(reading: Reading, english: EnglishPhonemizer) -> str:
    if reading.script == "english":
        return english(reading.text)
    return pinyin_ipa(reading.text)
