"""Non-answers score 0 every time, so they are recognised before anything is scored.

Rules, in order: empty, "I don't know", gibberish, the question read back (all lexical, no model
call); off-topic needs embeddings and lives in off_topic.py. Gibberish here is letter soup and
keyboard mashes; fluent nonsense made of real words is unrelated to the rubric, so the off-topic
check catches it.
"""

from __future__ import annotations

import re
from collections import Counter

from interviewer.scoring.lexical import key_point_texts, question_terms
from interviewer.scoring.results import NonAnswerKind
from interviewer.scoring.text import EN_STOPWORDS, containment, content_terms, tokens
from rubrics.schema import Question

_DONT_KNOW = re.compile(
    r"\b(i\s+(do\s*n[o']?t|dunno|have\s+no)\s+(know|idea|clue|remember)|no\s+idea|not\s+sure|"
    r"i\s+(can(no|')t|could\s*n'?t)\s+(remember|recall|say)|i\s+(forgot|forget)|"
    r"i'?m\s+not\s+(familiar|sure)|never\s+heard|(i'?ll|i\s+will|let'?s|can\s+we)\s+(pass|skip)|"
    r"skip\s+this|pass\s+on\s+this|next\s+question|"
    # Declining outright: "I can't answer that", "no answer", "(not answered)".
    r"(can(no|')?t|could\s*n'?t|won'?t)\s+answer|no\s+answer|not\s+answered)\b"
    r"|dunno|不知道|不清楚|不太清楚|不会|不了解|没听说过|没听过|忘了|记不清|跳过|不懂|答不上"
)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = set("aeiouy")
# An answer whose leftover content (after the don't-know phrase and the question's own words)
# is this small said nothing; more than that is a hedged attempt and gets scored.
_DONT_KNOW_MAX_TERMS = 3
_READ_BACK_CONTAINMENT = 0.8
_READ_BACK_MAX_NEW_TERMS = 2
# ...and says back at least half of the question (a terse "n/2" reuses its symbols, not it).
_READ_BACK_PROMPT_SHARE = 0.5
_PLAUSIBLE_SHARE = 0.5
# One token making up most of a longer answer is a loop ("blah blah ..."), not content.
_MAX_TOP_TOKEN_SHARE = 0.5


def lexical_non_answer(question: Question, text: str) -> NonAnswerKind | None:
    """The non-answer kinds that need no model; None when the answer deserves scoring."""
    words = tokens(text)
    terms = content_terms(text)
    if not words or not terms:
        return "empty"
    demote = question_terms(question)
    if _DONT_KNOW.search(text.lower()):
        residual = content_terms(_DONT_KNOW.sub(" ", text.lower())) - demote
        # "Not sure, but I think it overfits" is a hedged attempt: a rubric word left over
        # after the don't-know phrase makes it an answer to score, never a zero.
        if len(residual) <= _DONT_KNOW_MAX_TERMS and not residual & rubric_terms(question):
            return "dont_know"
    if is_gibberish(words):
        return "gibberish"
    # A short answer may reuse the question's words and add the one word that answers it
    # ("...by their signature"): only new words absent from the rubric make a read-back.
    new_terms = terms - demote
    repeats = containment(set(terms), set(demote)) >= _READ_BACK_CONTAINMENT
    said_back = max(
        containment(content_terms(question.prompt.en), terms),
        containment(content_terms(question.prompt.zh), terms),
    )
    repeats = repeats and said_back >= _READ_BACK_PROMPT_SHARE
    if repeats and len(new_terms) <= _READ_BACK_MAX_NEW_TERMS:
        return None if new_terms & rubric_terms(question) else "read_back"
    return None


def rubric_terms(question: Question) -> set[str]:
    """Every content term of the key points, in both languages, with paraphrases and terms."""
    terms: set[str] = set()
    for kp in question.key_points:
        for text in (*key_point_texts(kp), *kp.terms):
            terms |= content_terms(text)
    return terms


def is_gibberish(words: list[str]) -> bool:
    """Letter soup, keyboard mashes, or one token said over and over."""
    if len(words) >= 6 and Counter(words).most_common(1)[0][1] / len(words) > _MAX_TOP_TOKEN_SHARE:
        return True
    latin = [w for w in words if w.isascii() and w.isalpha() and len(w) >= 3]
    if len(latin) < 2 or len(latin) < len(words) / 2:
        return False
    plausible = sum(_plausible_word(w) for w in latin)
    return plausible / len(latin) < _PLAUSIBLE_SHARE


def _plausible_word(word: str) -> bool:
    if word in EN_STOPWORDS:
        return True
    if any(word in row for row in _KEYBOARD_ROWS) or re.search(r"(.)\1\1", word):
        return False
    vowel_share = sum(c in _VOWELS for c in word) / len(word)
    longest_consonant_run = max(len(run) for run in re.split(r"[aeiouy]", word))
    return 0.2 <= vowel_share <= 0.8 and longest_consonant_run <= 3
