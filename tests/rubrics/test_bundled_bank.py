"""The bundled bank under rubrics/data: strictly valid, complete, and big enough (issue 4).

These fail while the content is still being written; that is their job.
"""

from __future__ import annotations

import pytest

from rubrics import default_data_dir, read_bank

# Minimum questions per area, from issue 4; NLP and LLM count together. ML system design and ML
# coding are counted by round, since design questions carry their product domain (recsys, ...).
MINIMUMS = {
    ("fundamentals",): 25,
    ("deep_learning",): 25,
    ("nlp", "llm"): 25,
    ("mlops",): 10,
    ("experimentation",): 8,
    ("behavioral",): 30,
}
MIN_SYSTEM_DESIGN = 30
MIN_CODING = 15
MIN_TOTAL = 160


@pytest.fixture(scope="module")
def bundled():
    return read_bank(default_data_dir(), strict=True)


def test_bundled_bank_validates_strictly(bundled):
    assert [str(problem) for problem in bundled.problems] == []


def test_every_follow_up_probes_existing_key_points(bundled):
    """Issue 4 asks for this check by name; the loader reports dangling probes by field."""
    dangling = [str(problem) for problem in bundled.problems if ".probes[" in problem.field]
    assert dangling == []
    assert all(
        set(follow_up.probes) <= {kp.id for kp in question.key_points}
        for question in bundled.bank
        for follow_up in question.follow_ups
    )


@pytest.mark.parametrize(("domains", "minimum"), list(MINIMUMS.items()), ids=str)
def test_domain_counts_meet_the_minimums(bundled, domains, minimum):
    count = sum(bundled.bank.count_by_domain().get(domain, 0) for domain in domains)
    assert count >= minimum, f"{'+'.join(domains)}: {count} < {minimum}"


def test_round_counts_and_total_meet_the_minimums(bundled):
    rounds = bundled.bank.count_by_round()
    assert rounds.get("ml_system_design", 0) >= MIN_SYSTEM_DESIGN
    assert rounds.get("ml_coding", 0) >= MIN_CODING
    assert len(bundled.bank) >= MIN_TOTAL
