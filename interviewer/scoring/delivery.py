"""Delivery from word timings: pace, fillers, long pauses, length against target, repetition.

English pace is words per minute; Chinese is characters per minute (one character is roughly one
syllable). Typed answers have no timings, so pace, pauses and length are reported as unknown
rather than invented.
"""

from __future__ import annotations

import itertools
from collections import Counter

from interviewer.scoring.results import DeliveryResult, LengthVerdict, LongPause, RateUnit
from interviewer.scoring.text import EN_STOPWORDS, tokens
from speech.types import Transcript

LONG_PAUSE_S = 2.0
# Comfortable interview pace: 110-170 English words or 180-300 Chinese characters per minute.
PACE_RANGE = {"words": (110.0, 170.0), "chars": (180.0, 300.0)}
EN_FILLERS = (
    "um",
    "uh",
    "er",
    "ah",
    "hmm",
    "like",
    "you know",
    "basically",
    "actually",
    "i mean",
    "kind of",
    "sort of",
    "literally",
)
ZH_FILLERS = ("嗯", "呃", "啊", "那个", "这个", "就是说", "就是", "然后", "对吧")
# "like" is a filler only when it is not doing grammatical work ("looks like", "I'd like").
_LIKE_NOT_FILLER_TEXT = """
would i'd you we they looks look looked seems feel feels felt something just more much
exactly things stuff
"""
_LIKE_NOT_FILLER = frozenset(_LIKE_NOT_FILLER_TEXT.split())
_REPEAT_MIN = 3


def delivery_metrics(transcript: Transcript, target_time_s: int, language: str) -> DeliveryResult:
    """Delivery figures of one answer; `language` picks the unit and the filler list."""
    zh = language.startswith("zh")
    words = tokens(transcript.text)
    fillers = _zh_fillers(transcript.text) if zh else _en_fillers(words)
    timed = bool(transcript.words)
    duration = _spoken_duration_s(transcript) if timed else None
    rate = len(words) / (duration / 60) if duration else None
    ratio = duration / target_time_s if duration else None
    filler_rate = 100 * sum(fillers.values()) / max(1, len(words))
    pauses = _long_pauses(transcript) if timed else []
    unit: RateUnit = "chars" if zh else "words"
    return DeliveryResult(
        timed=timed,
        unit=unit,
        units_spoken=len(words),
        rate_per_min=round(rate, 1) if rate else None,
        duration_s=round(duration, 2) if duration else None,
        target_time_s=target_time_s,
        length_ratio=round(ratio, 3) if ratio else None,
        length_verdict=_length_verdict(ratio),
        fillers=fillers,
        filler_rate_per_100=round(filler_rate, 2),
        long_pauses=pauses,
        repeated_phrases=_repeated_phrases(words, zh),
        delivery_0_1=_delivery_score(rate, unit, filler_rate, len(pauses), ratio)
        if timed
        else None,
    )


def _spoken_duration_s(transcript: Transcript) -> float:
    first, last = transcript.words[0], transcript.words[-1]
    return max(0.0, last.end_s - first.start_s) or transcript.duration_s


def _en_fillers(words: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for i, word in enumerate(words):
        pair = " ".join(words[i : i + 2])
        if pair in EN_FILLERS:
            counts[pair] += 1
        elif word == "like":
            if i == 0 or words[i - 1] not in _LIKE_NOT_FILLER:
                counts[word] += 1
        elif word in EN_FILLERS:
            counts[word] += 1
    return dict(sorted(counts.items()))


def _zh_fillers(text: str) -> dict[str, int]:
    # "就是说" must not also count as "就是"; longest fillers are removed first.
    counts: dict[str, int] = {}
    for filler in sorted(ZH_FILLERS, key=len, reverse=True):
        n = text.count(filler)
        if n:
            counts[filler] = n
            text = text.replace(filler, " ")
    return dict(sorted(counts.items()))


def _long_pauses(transcript: Transcript) -> list[LongPause]:
    pauses = []
    for before, after in itertools.pairwise(transcript.words):
        gap = after.start_s - before.end_s
        if gap >= LONG_PAUSE_S:
            pauses.append(
                LongPause(after_word=before.text.strip(), start_s=before.end_s, duration_s=gap)
            )
    return pauses


def _length_verdict(ratio: float | None) -> LengthVerdict:
    if ratio is None:
        return "unknown"
    if ratio < 0.5:
        return "short"
    return "long" if ratio > 1.5 else "ok"


def _repeated_phrases(words: list[str], zh: bool) -> list[str]:
    """2-4-grams said three or more times, longest first, ignoring all-stopword phrases."""
    found: list[str] = []
    for n in (4, 3, 2):
        grams = Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
        for gram, count in grams.items():
            phrase = ("" if zh else " ").join(gram)
            if count < _REPEAT_MIN or all(w in EN_STOPWORDS for w in gram):
                continue
            if not any(phrase in longer for longer in found):
                found.append(phrase)
    return found


def _delivery_score(
    rate: float | None, unit: str, filler_rate: float, n_pauses: int, ratio: float | None
) -> float:
    """1.0 for an even pace, few fillers, no long pauses and the target length; see formula.py."""
    low, high = PACE_RANGE[unit]
    pace = 1.0 if rate is not None and low <= rate <= high else 0.5
    fillers = max(0.0, 1.0 - filler_rate / 10)
    pauses = max(0.0, 1.0 - 0.2 * n_pauses)
    length = 1.0 if ratio is not None and 0.5 <= ratio <= 1.5 else 0.5
    return round((pace + fillers + pauses + length) / 4, 3)
