"""Checks a generated interviewer line must pass before anyone hears it.

Pure functions over text: each returns the name of the failed check (recorded with the line,
counted by bench/llm.py) or None. Lexical rather than embedding-based on purpose: they run on
the latency path, must be exact about key terms (an embedding happily calls a line that names
the answer "similar"), and work the same in English and Chinese.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rubrics.schema import KeyPoint, Language

# Bounds for a spoken line: English in words, Chinese in characters.
MIN_WORDS, MAX_WORDS = 3, 45
MIN_ZH_CHARS, MAX_ZH_CHARS = 5, 90
# A rephrasing must keep at least this share of the authored line's content tokens.
MIN_KEPT_SHARE = 0.5
# Token overlap (Jaccard) at which a line counts as a repeat of an earlier one.
REPEAT_JACCARD = 0.6
# Key-point tokens a line may introduce before it counts as giving the answer away.
MAX_LEAKED_TOKENS = 1
# English words are compared by prefix so "overfits", "overfit" and "overfitting" meet.
STEM_CHARS = 5

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*[a-z0-9+#]|[a-z0-9]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Word lists read best as text; ruff's SIM905 would spread them one word per line.
_EN_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with about from as into is are was were be
    been being do does did have has had you your yours we our us me my it its this that these
    those what which who whom how why when where can could would should will shall may might
    must so than then there here just also very more most some any such not no yes okay ok
    thanks thank next let lets one tell explain describe say think talk walk question
    questions move got alright""".split()  # noqa: SIM905
)
_ZH_STOP_BIGRAMS = frozenset(
    """什么 怎么 如何 为什 么是 一下 一个 可以 我们 你们 你的 请你 请解 解释 是否 哪些 时候
    的时 以及 或者 因为 所以 这个 那个 说说 谈谈 一些 还有 能否 是怎 怎样 问题 下一""".split()  # noqa: SIM905
)


def content_tokens(text: str) -> set[str]:
    """English content words (stemmed by prefix) and Chinese character bigrams (no word
    segmenter needed), minus function words."""
    lowered = text.lower()
    found = {
        word[:STEM_CHARS]
        for word in _WORD.findall(lowered)
        if len(word) > 1 and word not in _EN_STOPWORDS
    }
    for run in _CJK_RUN.findall(lowered):
        grams = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        found.update(gram for gram in grams if gram not in _ZH_STOP_BIGRAMS)
    return found


@dataclass(frozen=True)
class Secret:
    """A key point as tokens: what a line must not say before the candidate does."""

    text_tokens: frozenset[str]
    terms: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, key_point: KeyPoint, language: Language) -> Secret:
        terms = (frozenset(content_tokens(term)) for term in key_point.terms)
        text = frozenset(content_tokens(key_point.text.in_language(language)))
        return cls(text_tokens=text, terms=tuple(term for term in terms if term))


def length_failure(line: str, language: Language) -> str | None:
    if language == "zh":
        size, low, high = len(re.sub(r"\s", "", line)), MIN_ZH_CHARS, MAX_ZH_CHARS
    else:
        size, low, high = len(line.split()), MIN_WORDS, MAX_WORDS
    if size < low:
        return "too_short"
    return "too_long" if size > high else None


def question_failure(line: str) -> str | None:
    return None if line.endswith(("?", "？")) else "not_a_question"


def language_failure(line: str, language: Language) -> str | None:
    cjk = sum(len(run) for run in _CJK_RUN.findall(line))
    latin_words = len(_WORD.findall(line.lower()))
    # Chinese lines keep English technical terms ("Transformer"), so judge by the majority.
    matches = cjk >= 2 * latin_words if language == "zh" else cjk == 0
    return None if matches else "wrong_language"


def topic_failure(line: str, on_table: str, min_kept_share: float) -> str | None:
    """Keeps enough of what it builds on (at least one token); without this a fluent question
    about anything at all would pass every other check."""
    expected = content_tokens(on_table)
    if not expected:
        return None
    needed = max(1, math.ceil(min_kept_share * len(expected)))
    return None if len(expected & content_tokens(line)) >= needed else "off_topic"


def leak_failure(line: str, on_table: str, secrets: list[Secret]) -> str | None:
    """A key point's term, or more than MAX_LEAKED_TOKENS of its words, said by the line when
    neither the candidate nor the authored text has said it already."""
    said = content_tokens(line)
    table = content_tokens(on_table)
    new_tokens = said - table
    for secret in secrets:
        if any(term <= said and not term <= table for term in secret.terms):
            return "leaks_key_point"
        if len(new_tokens & secret.text_tokens) > MAX_LEAKED_TOKENS:
            return "leaks_key_point"
    return None


def repeat_failure(line: str, earlier: tuple[str, ...]) -> str | None:
    mine = content_tokens(line)
    for text in earlier:
        theirs = content_tokens(text)
        union = mine | theirs
        if union and len(mine & theirs) / len(union) >= REPEAT_JACCARD:
            return "repeats_earlier_line"
    return None
