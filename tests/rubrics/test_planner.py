"""The planner draws sensible interviews: right round, right level, no repeats, mixed domains."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from pydantic import ValidationError

from rubrics import PlanError, PlanRequest, QuestionBank, plan_interview
from rubrics.planner import ROUND_POOLS
from rubrics.schema import LEVELS

LEVEL_SPANS = (["L3", "L4"], ["L4", "L5", "L6"], ["L5", "L6", "L7"], ["L3", "L4", "L5", "L6", "L7"])
THEORY = ("fundamentals", "deep_learning", "llm", "nlp")


@pytest.fixture
def planner_bank(make_question) -> QuestionBank:
    """Four theory domains x four level spans; design, coding and behavioral with 8+ each."""
    questions = [
        make_question(
            id=f"{domain}_{index}",
            domain=domain,
            levels=levels,
            round="phone_screen" if index == 0 else "ml_theory",
            companies=["Google"] if index == 1 else [],
            frequency=1 + index,
        )
        for domain in THEORY
        for index, levels in enumerate(LEVEL_SPANS)
    ]
    for round_, domains in (
        ("ml_system_design", ("recsys", "ranking", "llm")),
        ("ml_coding", ("coding", "coding")),
        ("behavioral", ("behavioral", "behavioral")),
    ):
        questions += [
            make_question(id=f"{round_}_{n}", round=round_, domain=domain, levels=levels)
            for n, (domain, levels) in enumerate(itertools.product(domains, LEVEL_SPANS))
        ]
    return QuestionBank(questions)


@pytest.mark.parametrize(("round_", "level"), list(itertools.product(ROUND_POOLS, LEVELS)))
def test_every_round_and_level_gets_a_sensible_plan(planner_bank, round_, level):
    plan = plan_interview(planner_bank, PlanRequest(round=round_, level=level, count=4, seed=3))
    rounds, domains = ROUND_POOLS[round_]
    assert len(plan) == len({q.id for q in plan}) == 4
    assert all(q.round in rounds and q.domain in domains for q in plan)
    exact = [q for q in planner_bank.filter(level=level) if q.round in rounds]
    if len(exact) >= 4:
        assert all(level in q.levels for q in plan)


def test_theory_plan_mixes_domains(planner_bank):
    for seed in range(20):
        plan = plan_interview(planner_bank, PlanRequest(round="ml_theory", level="L5", seed=seed))
        counts = Counter(q.domain for q in plan)
        assert max(counts.values()) - min(counts.values()) <= 1, counts
        assert set(counts) == set(THEORY)


def test_same_seed_same_plan_and_seeds_vary(planner_bank):
    request = PlanRequest(round="ml_theory", level="L4", count=5, seed=11)
    assert plan_interview(planner_bank, request) == plan_interview(planner_bank, request)
    plans = {
        tuple(q.id for q in plan_interview(planner_bank, request.model_copy(update={"seed": s})))
        for s in range(10)
    }
    assert len(plans) > 1


def test_company_preference_boosts_tagged_questions(planner_bank):
    def tagged_picks(company: str | None) -> int:
        picks = 0
        for seed in range(150):
            request = PlanRequest(
                round="ml_theory", level="L5", count=4, seed=seed, company=company
            )
            picks += sum("Google" in q.companies for q in plan_interview(planner_bank, request))
        return picks

    assert tagged_picks("google") > 1.5 * tagged_picks(None)


def test_excluded_and_domain_restricted(planner_bank):
    request = PlanRequest(
        round="ml_theory", level="L5", count=3, domains=["llm"], exclude_ids={"llm_1"}, seed=1
    )
    plan = plan_interview(planner_bank, request)
    assert {q.domain for q in plan} == {"llm"}
    assert "llm_1" not in {q.id for q in plan}


def test_short_pool_borrows_neighbouring_levels_after_exact_ones(planner_bank):
    request = PlanRequest(round="ml_coding", level="L3", count=6, seed=5)
    plan = plan_interview(planner_bank, request)
    exact = {q.id for q in planner_bank.filter(round="ml_coding", level="L3")}
    assert exact < {q.id for q in plan}
    assert all({"L3", "L4"} & set(q.levels) for q in plan)


def test_plan_opens_with_the_broadest_question(planner_bank):
    plan = plan_interview(planner_bank, PlanRequest(round="ml_theory", level="L5", seed=2))
    first_levels = [LEVELS.index(min(q.levels)) for q in plan]
    assert first_levels == sorted(first_levels)


def test_nothing_to_draw_is_a_plan_error(planner_bank):
    with pytest.raises(PlanError):
        plan_interview(
            planner_bank, PlanRequest(round="behavioral", level="L5", domains=["llm"], seed=1)
        )


@pytest.mark.parametrize("count", [2, 9])
def test_count_is_bounded(count):
    with pytest.raises(ValidationError):
        PlanRequest(round="ml_theory", level="L5", count=count)
