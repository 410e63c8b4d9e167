"""Draw an interview plan from the bank: which questions, in which order.

The draw is a weighted random sample without replacement, so two practice sessions differ but
common, important questions come up most. Weight = frequency x importance, times COMPANY_BOOST
for questions tagged with the requested company and OWN_ROUND_BOOST for questions authored for
the requested round. Domains are mixed by always drawing from the
domains used least so far. Questions must suit the requested level; only when the bank has too
few does the plan borrow from the neighbouring levels, exact matches first.
"""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from rubrics.bank import QuestionBank, tagged_with
from rubrics.errors import PlanError
from rubrics.schema import LEVELS, Domain, Level, Question, Round

THEORY_DOMAINS: frozenset[Domain] = frozenset(
    (
        "fundamentals",
        "deep_learning",
        "nlp",
        "llm",
        "cv",
        "recsys",
        "ranking",
        "experimentation",
        "mlops",
    )
)
TECHNICAL_DOMAINS: frozenset[Domain] = THEORY_DOMAINS | frozenset(("system_design", "coding"))
# Which authored rounds and domains each interview round draws from. A phone screen is a short
# theory round; a case study falls back on design questions while the bank has few case studies.
ROUND_POOLS: dict[Round, tuple[frozenset[Round], frozenset[Domain]]] = {
    "phone_screen": (frozenset({"phone_screen", "ml_theory"}), THEORY_DOMAINS),
    "ml_theory": (frozenset({"ml_theory", "phone_screen"}), THEORY_DOMAINS),
    "ml_coding": (frozenset({"ml_coding"}), TECHNICAL_DOMAINS),
    "ml_system_design": (frozenset({"ml_system_design"}), TECHNICAL_DOMAINS),
    "case_study": (frozenset({"case_study", "ml_system_design"}), TECHNICAL_DOMAINS),
    "behavioral": (frozenset({"behavioral"}), frozenset({"behavioral"})),
}
COMPANY_BOOST = 3.0
# A phone screen and a theory round share a pool; questions authored for the round asked for
# itself come up more often, so the two rounds still feel different.
OWN_ROUND_BOOST = 2.0


class PlanRequest(BaseModel):
    """What the candidate asked for; validated because it arrives from the browser."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    round: Round
    level: Level
    count: int = Field(default=5, ge=3, le=8)
    # Restricts the round's own domains; None draws from all of them.
    domains: list[Domain] | None = None
    company: str | None = None
    # Same seed, same bank -> same plan (tests, shared practice sets); None draws afresh.
    seed: int | None = None
    # Questions to leave out, such as those asked in the candidate's recent sessions.
    exclude_ids: frozenset[str] = frozenset()


def plan_interview(bank: QuestionBank, request: PlanRequest) -> list[Question]:
    """Up to `request.count` distinct questions, broadest level range first.

    Raises PlanError when nothing in the bank fits the round, domains and level.
    """
    rng = random.Random(request.seed)
    exact, near = _candidates(bank, request)
    if not exact and not near:
        raise PlanError(
            f"no {request.round} questions for {request.level}"
            + (f" in domains {', '.join(request.domains)}" if request.domains else "")
        )
    chosen = _draw(exact, request, rng, request.count)
    chosen += _draw(near, request, rng, request.count - len(chosen))
    # Open with the question that suits the widest span of levels: usually the warm-up.
    return sorted(chosen, key=lambda question: LEVELS.index(min(question.levels)))


def _candidates(bank: QuestionBank, request: PlanRequest) -> tuple[list[Question], list[Question]]:
    """Questions for the exact level, and those for a neighbouring level only."""
    rounds, round_domains = ROUND_POOLS[request.round]
    domains = round_domains & set(request.domains) if request.domains else round_domains
    position = LEVELS.index(request.level)
    neighbours = set(LEVELS[max(position - 1, 0) : position + 2]) - {request.level}
    pool = sorted(
        (
            question
            for question in bank
            if question.round in rounds
            and question.domain in domains
            and question.id not in request.exclude_ids
        ),
        key=lambda question: question.id,
    )
    exact = [question for question in pool if request.level in question.levels]
    near = [q for q in pool if q not in exact and neighbours & set(q.levels)]
    return exact, near


def _draw(
    pool: list[Question], request: PlanRequest, rng: random.Random, count: int
) -> list[Question]:
    """Weighted draw without replacement, always from the least-used domains."""
    remaining = list(pool)
    chosen: list[Question] = []
    used: Counter[str] = Counter()
    while remaining and len(chosen) < count:
        fewest = min(used[question.domain] for question in remaining)
        eligible = [question for question in remaining if used[question.domain] == fewest]
        weights = [_weight(question, request) for question in eligible]
        picked = rng.choices(eligible, weights=weights, k=1)[0]
        chosen.append(picked)
        used[picked.domain] += 1
        remaining.remove(picked)
    return chosen


def _weight(question: Question, request: PlanRequest) -> float:
    weight = float(question.frequency * question.importance)
    if request.company and tagged_with(question, request.company):
        weight *= COMPANY_BOOST
    if question.round == request.round:
        weight *= OWN_ROUND_BOOST
    return weight
