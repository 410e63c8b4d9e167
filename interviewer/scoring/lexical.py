"""Lexical coverage of a key point: its content terms (minus the question's own words) found in
the answer, tolerant of the near-misses speech recognition makes ("overfiting", "regularisation").

This is the cheap signal: no model call, so it can sit on the latency path (decide-next) and it
is half of every key point's credit in the full scorer (see calibration.LEXICAL_WEIGHT).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from interviewer.scoring.text import content_terms
from rubrics.schema import KeyPoint, Question

_FUZZY_RATIO = 0.85
_FUZZY_MIN_LEN = 5


@dataclass(frozen=True)
class KeyPointTerms:
    """A key point's phrasings as term sets, with the question's words removed."""

    id: str
    weight: float
    phrasings: tuple[frozenset[str], ...]
    terms: tuple[frozenset[str], ...]


def question_terms(question: Question) -> frozenset[str]:
    """Words of the prompt: a candidate repeating them shows nothing (question demoting)."""
    return frozenset(content_terms(question.prompt.en) | content_terms(question.prompt.zh))


def key_point_texts(key_point: KeyPoint) -> list[str]:
    """Every phrasing of a key point: both languages and the authored paraphrases."""
    return list(dict.fromkeys([key_point.text.en, key_point.text.zh, *key_point.paraphrases]))


def key_point_terms(key_point: KeyPoint, demote: frozenset[str]) -> KeyPointTerms:
    phrasings = tuple(_demoted(content_terms(t), demote) for t in key_point_texts(key_point))
    terms = tuple(frozenset(content_terms(t)) for t in key_point.terms)
    return KeyPointTerms(
        id=key_point.id,
        weight=key_point.weight,
        phrasings=tuple(p for p in phrasings if p),
        terms=tuple(t for t in terms if t),
    )


def _demoted(terms: set[str], demote: frozenset[str]) -> frozenset[str]:
    kept = terms - demote
    return frozenset(kept or terms)


def term_found(term: str, answer_terms: set[str]) -> bool:
    """Exact match, or a close spelling of a long word (an ASR slip, British spelling)."""
    if term in answer_terms:
        return True
    if len(term) < _FUZZY_MIN_LEN or not term.isascii():
        return False
    return any(
        abs(len(word) - len(term)) <= 2
        and word[0] == term[0]
        and SequenceMatcher(None, term, word).ratio() >= _FUZZY_RATIO
        for word in answer_terms
    )


def fuzzy_containment(needle: frozenset[str], answer_terms: set[str]) -> float:
    if not needle:
        return 0.0
    return sum(term_found(t, answer_terms) for t in needle) / len(needle)


def lexical_credit(key_point: KeyPointTerms, answer_terms: set[str]) -> float:
    """Best share of one phrasing's terms present, or of the authored key terms present."""
    best = max((fuzzy_containment(p, answer_terms) for p in key_point.phrasings), default=0.0)
    if key_point.terms:
        found = sum(all(term_found(t, answer_terms) for t in term) for term in key_point.terms)
        best = max(best, found / len(key_point.terms))
    return best
