"""Common-mistake detection: the answer must *state* the misconception, not touch its topic.

Embeddings cannot see negation ("high variance means underfitting" sits as close to the key point
as its correct form), so a hit needs explicit cues: the content words of one of the mistake's
phrasings, in the cue's order, inside a window about the cue's own length (so a long correct
sentence that happens to hold the same words far apart is not a hit), with the cue's polarity (a
negation near the match, or a sentence framing it as a misconception, is a refutation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.scoring.lexical import term_found
from interviewer.scoring.results import MistakeHit
from interviewer.scoring.text import Sentence, TermToken, has_negation, term_tokens
from rubrics.schema import CommonMistake, Language, Question

# The match may spread over the cue's length plus a few words ("high variance here means that
# the model underfits"); wider windows let long correct sentences match by accident (measured on
# the bank: complete answers written from the key points must state no mistake).
_WINDOW_SLACK = 3
_NEGATION_LOOKBACK = 3
_MIN_CUE_TERMS = 2
_REFUTING = re.compile(
    r"misconception|myth|common mistake|people (often )?(think|believe|say)|it'?s wrong|"
    r"is wrong|incorrect|not true|误区|误解|错误的|并不是|不是说|有人认为|常见的错"
)


# A claim framed as a hypothetical ("a single head would average them") is not asserted.
_HYPOTHETICAL = frozenset(["would", "could", "might", "if", "whether", "假如", "如果"])


@dataclass(frozen=True)
class _Cue:
    terms: tuple[str, ...]
    window: int
    negated: bool
    words: frozenset[str]


def find_mistakes(
    question: Question,
    sentences: list[Sentence],
    asserted: list[bool] | None = None,
    language: Language = "en",
) -> list[MistakeHit]:
    """Each common mistake stated in some sentence, with the first sentence that states it.

    `asserted[i]` (from the embedder, see coverage.py) says whether sentence i reads closer to a
    mistake than to the key points; a sentence that does not is never flagged, whatever its
    words, because a true statement may share a misconception's vocabulary.
    """
    candidates = [s for s in sentences if asserted is None or asserted[s.index]]
    hits: list[MistakeHit] = []
    for mistake in question.common_mistakes:
        sentence = _stating_sentence(_cues(mistake), candidates)
        if sentence is not None:
            hits.append(
                MistakeHit(
                    id=mistake.id,
                    text=mistake.text.in_language(language),
                    evidence=sentence.text,
                    sentence_index=sentence.index,
                    correction=mistake.correction_zh
                    if language == "zh" and mistake.correction_zh
                    else mistake.correction,
                )
            )
    return hits


def _cues(mistake: CommonMistake) -> list[_Cue]:
    cues = []
    for text in dict.fromkeys([*mistake.cues, mistake.text.en, mistake.text.zh]):
        tokens = term_tokens(text)
        terms = tuple(t.term for t in tokens if t.term)
        if len(terms) < _MIN_CUE_TERMS:
            # One content word is a topic, not a claim: the cue must then be said word for word.
            terms = tuple(t.text for t in tokens)
        if terms:
            window = len(tokens) + _WINDOW_SLACK
            words = frozenset(t.text for t in tokens)
            cues.append(_Cue(terms, window, negated=has_negation(text), words=words))
    return cues


def _stating_sentence(cues: list[_Cue], sentences: list[Sentence]) -> Sentence | None:
    for sentence in sentences:
        if _REFUTING.search(sentence.text.lower()):
            continue
        tokens = term_tokens(sentence.text)
        if any(_states(cue, tokens) for cue in cues):
            return sentence
    return None


def _states(cue: _Cue, tokens: list[TermToken]) -> bool:
    """The cue's terms in order inside one window, with the cue's polarity there."""
    for start, token in enumerate(tokens):
        if not _matches(cue.terms[0], token):
            continue
        end = _match_end(cue.terms, tokens, start, cue.window)
        if end is None:
            continue
        around = tokens[max(0, start - _NEGATION_LOOKBACK) : end + 1]
        hypothetical = {t.text for t in around} & (_HYPOTHETICAL - cue.words)
        if not hypothetical and has_negation(" ".join(t.text for t in around)) == cue.negated:
            return True
    return False


def _match_end(
    terms: tuple[str, ...], tokens: list[TermToken], start: int, window: int
) -> int | None:
    """Index of the token completing `terms` in order from `start` within `window`, or None."""
    wanted = 0
    for index in range(start, min(len(tokens), start + window)):
        if _matches(terms[wanted], tokens[index]):
            wanted += 1
            if wanted == len(terms):
                return index
    return None


def _matches(term: str, token: TermToken) -> bool:
    """A cue term against one answer token: its content term, or its surface for stopword cues."""
    if token.term and term_found(term, {token.term}):
        return True
    return term == token.text
