"""A mock weighted toward a profile: bank questions ranked by its domains, skills and level,
plus deep dives into the candidate's own projects.

Score of a bank question = frequency x importance
  x domain weight: 1 + DOMAIN_BOOST x (the domain's share of the profile's domain order, first
    domain highest); OFF_PROFILE for a domain the profile does not name (when it names any);
  x level fit: 1 for the profile's level, NEAR_LEVEL for a neighbouring one, FAR_LEVEL else;
  x skill match: 1 + SKILL_BOOST per profile skill the question mentions (prompt, key point
    terms, related topics), at most MAX_SKILL_MATCHES.
Picking is greedy and deterministic (same profile, same bank, same plan): each pick divides a
question's score by 1 + the number already picked from its domain, so the top domain leads
without taking every slot.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence

from interviewer.profile import Profile
from interviewer.skills import mentions
from rubrics.bank import QuestionBank
from rubrics.schema import LEVELS, Question

DOMAIN_BOOST = 2.0
OFF_PROFILE = 0.3
NEAR_LEVEL = 0.5
FAR_LEVEL = 0.1
SKILL_BOOST = 0.5
MAX_SKILL_MATCHES = 3
# Of a mock of N questions, this share are deep dives (when the profile has projects).
DEEP_DIVE_SHARE = 1 / 3


def question_score(question: Question, profile: Profile) -> float:
    """How well a bank question fits the profile (see the module docstring)."""
    score = float(question.frequency * question.importance)
    if profile.domains:
        if question.domain in profile.domains:
            rank = profile.domains.index(question.domain)
            score *= 1 + DOMAIN_BOOST * (len(profile.domains) - rank) / len(profile.domains)
        else:
            score *= OFF_PROFILE
    score *= _level_fit(question, profile)
    haystack = _haystack(question)
    matches = sum(1 for skill in profile.skills if mentions(skill, haystack))
    return score * (1 + SKILL_BOOST * min(matches, MAX_SKILL_MATCHES))


def ranked_bank_ids(
    bank: QuestionBank, profile: Profile, count: int, exclude: Collection[str] = ()
) -> list[str]:
    """The `count` bank questions that best fit the profile, best first, domains mixed."""
    scores = {q.id: question_score(q, profile) for q in bank if q.id not in exclude}
    domains = {q.id: q.domain for q in bank}
    chosen: list[str] = []
    used: Counter[str] = Counter()
    remaining = sorted(scores, key=lambda qid: (-scores[qid], qid))
    while remaining and len(chosen) < count:
        # min() keeps the first of equals: the better-ranked, then the smaller id.
        best = min(remaining, key=lambda qid: -scores[qid] / (1 + used[domains[qid]]))
        chosen.append(best)
        used[domains[best]] += 1
        remaining.remove(best)
    return chosen


def tailored_plan(
    bank: QuestionBank, profile: Profile, deep_dives: Sequence[Question], count: int
) -> list[str]:
    """Question ids for a mock of `count`: deep dives first (an interviewer opens with the
    resume), about a third of the mock and at least one when there are any, then the bank
    questions that fit the profile best."""
    wanted = min(len(deep_dives), max(1, math.ceil(count * DEEP_DIVE_SHARE))) if deep_dives else 0
    picked = [question.id for question in deep_dives[:wanted]]
    return picked + ranked_bank_ids(bank, profile, count - len(picked), exclude=picked)


def _level_fit(question: Question, profile: Profile) -> float:
    if profile.level in question.levels:
        return 1.0
    position = LEVELS.index(profile.level)
    near = {LEVELS[i] for i in (position - 1, position + 1) if 0 <= i < len(LEVELS)}
    return NEAR_LEVEL if near & set(question.levels) else FAR_LEVEL


def _haystack(question: Question) -> str:
    terms = [term for kp in question.key_points for term in kp.terms]
    return " ".join([question.prompt.en, question.prompt.zh, *terms, *question.related_topics])
