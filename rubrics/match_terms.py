"""Terms of a question for lexical matching: English word stems and Chinese character bigrams.

Kept dependency-free (no stemmer, no jieba) because `rubrics` imports nothing heavy: a crude
suffix stripper is enough to make "prioritize" meet "prioritization" and "received" meet
"receiving", and overlapping character bigrams match Chinese without a word segmenter.
Frequent words are not listed as stop words; inverse document frequency over the bank
(see match.py) already makes "tell", "time" and "how" worth almost nothing.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z][a-z0-9+#]*|[0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Function words only: content words are weighed by IDF instead.
_STOP_WORDS = """
a an the and or of to in on for with by at as is are was were be been being do does did
you your yours we our us i me my it its this that these those there their they them he she
his her what which who whom how why when where would could should can will shall may might
if then than so not no yes some any all each very from into about over under out up down
after before between through during without within
"""
_STOP = frozenset(_STOP_WORDS.split())
# Longest first; one is stripped after the plural, so "features" and "feature" both give "feat".
_SUFFIXES = (
    "isation",
    "ization",
    "ation",
    "ising",
    "izing",
    "ness",
    "ment",
    "ing",
    "ion",
    "ise",
    "ize",
    "ity",
    "ure",
    "ed",
    "er",
    "ly",
    "e",
    "y",
)
_MIN_STEM = 3


def stem(word: str) -> str:
    """A crude stem: "prioritize", "prioritization" and "prioritizing" all give "priorit"."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > _MIN_STEM:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def english_terms(text: str) -> set[str]:
    lowered = text.lower().replace("-", " ")
    return {stem(word) for word in _WORD.findall(lowered) if word not in _STOP}


def chinese_terms(text: str) -> set[str]:
    """Overlapping character bigrams of every run of Chinese characters (a lone one kept)."""
    terms: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            terms.add(run)
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def terms(text: str) -> set[str]:
    """Every lexical term of a text, whatever its language (the bank mixes both in places)."""
    return english_terms(text) | chinese_terms(text)


def has_chinese(text: str) -> bool:
    return _CJK_RUN.search(text) is not None
