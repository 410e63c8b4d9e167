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
    # Authored key terms grouped by script: a Chinese answer can only say the Chinese ones.
    term_groups: tuple[tuple[frozenset[str], ...], ...]


def question_terms(question: Question) -> frozenset[str]:
    """Words of the prompt: a candidate repeating them shows nothing (question demoting)."""
    return frozenset(content_terms(question.prompt.en) | content_terms(question.prompt.zh))


def key_point_texts(key_point: KeyPoint) -> list[str]:
    """Every phrasing of a key point: both languages and the authored paraphrases."""
    return list(dict.fromkeys([key_point.text.en, key_point.text.zh, *key_point.paraphrases]))


def rubric_key_point_terms(question: Question) -> list[KeyPointTerms]:
    """Every key point's terms, demoting the question's words and words its sibling points share.

    Points of one question share their topic's vocabulary; an answer that states one point must
    not earn lexical credit for its siblings through those shared words.
    """
    own = [
        set().union(*(content_terms(t) for t in key_point_texts(kp))) for kp in question.key_points
    ]
    prompt = question_terms(question)
    authored = [{t.lower() for t in kp.terms} for kp in question.key_points]
    result = []
    for i, key_point in enumerate(question.key_points):
        siblings = set().union(*(terms for j, terms in enumerate(own) if j != i))
        shared = frozenset().union(*(terms for j, terms in enumerate(authored) if j != i))
        result.append(key_point_terms(key_point, prompt | frozenset(siblings), shared))
    return result


# Rubric points are written about the answer ("Explains what each side wanted", "Shows they
# sought the other view"); these verbs describe what a good answer does and are never its words.
_RUBRIC_META = frozenset(
    content_terms(
        "explains explain shows show describes describe states state mentions mention notes "
        "note names name discusses discuss gives give makes clear says say identifies identify "
        "candidate answer"
    )
)


def key_point_terms(
    key_point: KeyPoint, demote: frozenset[str], shared_terms: frozenset[str] = frozenset()
) -> KeyPointTerms:
    phrasings = tuple(
        _demoted(content_terms(t) - _RUBRIC_META, demote) for t in key_point_texts(key_point)
    )
    # An authored term a sibling point also lists ("偏差" in the metrics point and in the
    # monitoring point) is not evidence for either.
    own_terms = [t for t in key_point.terms if t.lower() not in shared_terms]
    groups = ([t for t in own_terms if t.isascii()], [t for t in own_terms if not t.isascii()])
    term_groups = tuple(
        tuple(terms for terms in (frozenset(content_terms(t)) for t in group) if terms)
        for group in groups
    )
    return KeyPointTerms(
        id=key_point.id,
        weight=key_point.weight,
        phrasings=tuple(p for p in phrasings if p),
        term_groups=tuple(g for g in term_groups if g),
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
    # Prefix matching was tried and inflated the credit of weak answers ("class" in
    # "classification"): only near-equal lengths count.
    return any(
        abs(len(word) - len(term)) <= 2
        and word[0] == term[0]
        and SequenceMatcher(None, term, word).ratio() >= _FUZZY_RATIO
        for word in answer_terms
    )


def fuzzy_containment(needle: frozenset[str], answer_terms: set[str]) -> float:
    """Share of a phrasing's terms present. One hit of a longer phrasing counts too: requiring
    two (so "maybe dropping the learning rate" earns nothing from "each unit is dropped
    independently") was measured on 2026-12-03 and cost question-grouped CV Pearson 0.548 ->
    0.502 on Mohler and 0.551 -> 0.526 on SAS-ADS, and put 22 % of bench/outside.py's correct
    answers below 5 (from 7 %): graders credit a point named in one word."""
    if not needle:
        return 0.0
    return sum(term_found(t, answer_terms) for t in needle) / len(needle)


def lexical_credit(key_point: KeyPointTerms, answer_terms: set[str]) -> float:
    """Best share of one phrasing's terms present, or of the authored key terms present."""
    best = max((fuzzy_containment(p, answer_terms) for p in key_point.phrasings), default=0.0)
    for group in key_point.term_groups:
        found = sum(all(term_found(t, answer_terms) for t in term) for term in group)
        best = max(best, found / len(group))
    return best
