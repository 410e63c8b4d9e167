"""Common-mistake detection: the answer must *state* the misconception, not touch its topic.

Embeddings cannot see negation ("high variance means underfitting" sits as close to the key point
as its correct form), so a hit needs explicit cues: one sentence holding (nearly) all the content
words of one of the mistake's phrasings, with the same polarity (a sentence that negates what the
cue asserts, or frames it as a misconception, is refuting it).
"""

from __future__ import annotations

import re

from interviewer.scoring.lexical import fuzzy_containment, question_terms
from interviewer.scoring.results import MistakeHit
from interviewer.scoring.text import Sentence, content_terms, has_negation
from rubrics.schema import CommonMistake, Question

# Short cues (<= 4 content words) must appear whole; longer ones may lose one word in five to
# recognition slips and rephrasing.
_SHORT_CUE_TERMS = 4
_LONG_CUE_CONTAINMENT = 0.8
_REFUTING = re.compile(
    r"misconception|myth|common mistake|people (often )?(think|believe|say)|it'?s wrong|"
    r"is wrong|incorrect|not true|误区|误解|错误的|并不是|不是说|有人认为|常见的错"
)


def find_mistakes(question: Question, sentences: list[Sentence]) -> list[MistakeHit]:
    """Each common mistake stated in some sentence, with the first sentence that states it."""
    demote = question_terms(question)
    hits: list[MistakeHit] = []
    for mistake in question.common_mistakes:
        sentence = _stating_sentence(mistake, sentences, demote)
        if sentence is not None:
            hits.append(
                MistakeHit(
                    id=mistake.id,
                    text=mistake.text.en,
                    evidence=sentence.text,
                    sentence_index=sentence.index,
                    correction=mistake.correction,
                )
            )
    return hits


def _stating_sentence(
    mistake: CommonMistake, sentences: list[Sentence], demote: frozenset[str]
) -> Sentence | None:
    cues = list(dict.fromkeys([*mistake.cues, mistake.text.en, mistake.text.zh]))
    for sentence in sentences:
        terms = content_terms(sentence.text)
        if _REFUTING.search(sentence.text.lower()):
            continue
        for cue in cues:
            if _states(cue, sentence.text, terms, demote):
                return sentence
    return None


def _states(cue: str, sentence: str, sentence_terms: set[str], demote: frozenset[str]) -> bool:
    """All (or nearly all) of the cue's own words present, with the cue's polarity."""
    cue_terms = frozenset(content_terms(cue))
    distinctive = cue_terms - demote or cue_terms
    if not distinctive:
        return False
    needed = 1.0 if len(distinctive) <= _SHORT_CUE_TERMS else _LONG_CUE_CONTAINMENT
    if fuzzy_containment(distinctive, sentence_terms) < needed:
        return False
    return has_negation(cue) == has_negation(sentence)
