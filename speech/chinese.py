"""Chinese text for speech: Traditional -> Simplified for transcripts, pinyin for the voice.

Transcripts: whisper base often writes Mandarin in Traditional characters ("歡迎" for "欢迎") even
with `language="zh"`; rubrics and candidates use Simplified, so transcripts are converted before
they are shown or scored. OpenCC's dictionary-based converter is pure Python and thread-safe for
reads.

The voice: Debian 12's espeak-ng 1.51 reads Chinese characters with its `cmn` voice as English
pinyin with tone digits ("ni three hao three"), while `cmn-latn-pinyin` given tone-numbered pinyin
("ni3 hao3") speaks Mandarin. `mandarin_readings` turns a Chinese line into stretches of pinyin
(pypinyin, phrase-aware for polyphones such as 银行 yin2 hang2, with 一/不 tone changes, the
neutral tone as 5) and stretches of Latin-script terms, which Chinese speakers say in English
("dropout", "GPU", "BERT") and espeak-ng's English voice says best. Numbers become Chinese
numerals first. Punctuation is kept as the pause it marks: "," within a sentence, "." at its end.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import jieba
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

from speech.chinese_numbers import numbers_to_chinese

Script = Literal["pinyin", "english"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTER = r"A-Za-z\u00c0-\u024f\u0370-\u03ff"
# A Latin-script term: letters, digits inside it, and joiners ("GPT-4", "k-means++", "A/B",
# "recall@k", "word2vec"); several terms separated by spaces are one English stretch.
_LATIN_WORD = rf"[{_LETTER}][{_LETTER}\d]*(?:[-'./@][{_LETTER}\d]+)*[+#]*"
_TOKEN = re.compile(
    rf"(?P<latin>{_LATIN_WORD}(?:\s+{_LATIN_WORD})*)"
    rf"|(?P<han>(?:[{_HAN}%~～]|\d+(?:[.,]\d+)*|-(?=\d))+)"
    r"|(?P<pause>\.{2,}|[,，、;；:：—…()（）]+)"  # NFKC turns "…" into "..."
    r"|(?P<stop>[。.!?！？]+)"
)
_STOP, _PAUSE = ".", ","


@dataclass(frozen=True)
class Reading:
    """A stretch of a line and how to say it: tone-numbered pinyin, or English words."""

    text: str
    script: Script


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified; other text passes through unchanged."""
    return str(_t2s().convert(text)) if text else text


def to_pinyin(chinese: str, words: bool = False) -> str:
    """Tone-numbered pinyin of Chinese text without Latin letters: "你好" -> "ni2 hao3".

    Numbers are read in Chinese first; anything that is not a Han character is left out. With
    `words`, the text is first cut into words (jieba) and the syllables of one word are joined
    by "-" ("wo3-men5 de5 mo2-xing2"): a neural voice phrases by word, which espeak-ng does not.
    """
    han_only = re.sub(rf"[^{_HAN}]+", " ", numbers_to_chinese(chinese))
    if not words:
        return " ".join(_syllables(han_only))
    pieces = (word for run in han_only.split() for word in _jieba().lcut(run))
    return " ".join("-".join(found) for found in map(_syllables, pieces) if found)


def _syllables(chinese: str) -> list[str]:
    found = lazy_pinyin(
        chinese,
        style=Style.TONE3,
        neutral_tone_with_five=True,
        tone_sandhi=True,
        errors="ignore",
    )
    return [s.strip() for s in found if s.strip()]


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    """jieba's tokenizer, its dictionary loaded once (about a second) and its log kept quiet."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def mandarin_readings(line: str, words: bool = False) -> list[Reading]:
    """Split a Chinese line into pinyin and English stretches, in order, pauses kept:
    "这个 GPU 很快。" -> pinyin "zhe4 ge5", English "GPU", pinyin "hen3 kuai4.". With `words`,
    pinyin syllables are grouped into words as `to_pinyin` does."""
    readings: list[Reading] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", line)):
        kind = match.lastgroup
        if kind == "latin":
            readings.append(Reading(re.sub(r"(?<=\w)/(?=\w)", " ", match[0]), "english"))
        elif kind == "han":
            pinyin = to_pinyin(match[0], words)
            if pinyin:
                readings.append(Reading(pinyin, "pinyin"))
        elif readings:
            mark = _STOP if kind == "stop" else _PAUSE
            last = readings[-1]
            if not last.text.endswith((_STOP, _PAUSE)):
                readings[-1] = Reading(last.text + mark, last.script)
    return _merged(readings)


def _merged(readings: list[Reading]) -> list[Reading]:
    """Join neighbours in the same script, so each stretch is spoken in one go."""
    merged: list[Reading] = []
    for reading in readings:
        if merged and merged[-1].script == reading.script:
            merged[-1] = Reading(f"{merged[-1].text} {reading.text}", reading.script)
        else:
            merged.append(reading)
    return merged
