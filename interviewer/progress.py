"""A candidate's progress over time, from the practice tables (interviewer/practice.py).

Figures are per day: the mean score of the answers given that day per domain and per
competency, the delivery of the spoken ones (pace, fillers per 100 words), and where the key
points stand: mastered (their notebook card matured), still in the notebook, and covered at
their latest attempt. The progress page draws these and shows the same numbers as tables.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean
from typing import Any

from interviewer.practice import AnswerResultRow, Practice, day

Series = list[dict[str, Any]]


def _daily(rows: list[AnswerResultRow], key: str) -> dict[str, Series]:
    """{group: [{day, mean score, answers}]} for `key` in (domain, competency)."""
    groups: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        group = getattr(row, key)
        if group:
            groups[group][day(row.recorded_at)].append(row.score_0_10)
    return {
        group: [
            {"day": d, "score_0_10": round(fmean(scores), 2), "answers": len(scores)}
            for d, scores in sorted(days.items())
        ]
        for group, days in sorted(groups.items())
    }


def _delivery(rows: list[AnswerResultRow]) -> Series:
    days: dict[str, list[AnswerResultRow]] = defaultdict(list)
    for row in rows:
        if row.rate_per_min is not None:
            days[day(row.recorded_at)].append(row)
    return [
        {
            "day": d,
            "rate_per_min": round(fmean(r.rate_per_min or 0.0 for r in answers), 1),
            "rate_unit": answers[0].rate_unit,
            "filler_rate_per_100": round(fmean(r.filler_rate_per_100 for r in answers), 2),
            "answers": len(answers),
        }
        for d, answers in sorted(days.items())
    ]


def _current_names(practice: Practice, rows: list[AnswerResultRow]) -> list[AnswerResultRow]:
    """Rows grouped under the bank's current domain and competency of their question: a row
    stores the names of the day it was answered, and a renamed competency ("ownership" became
    "ownership and initiative beyond your role") must not split a candidate's history in two."""
    bank = practice.bank
    renamed = []
    for row in rows:
        if row.question_id in bank:
            question = bank.get(row.question_id)
            row = row.model_copy(
                update={"domain": question.domain, "competency": question.competency}
            )
        renamed.append(row)
    return renamed


def progress(practice: Practice, user_id: str) -> dict[str, Any]:
    results = _current_names(practice, practice.results(user_id))
    latest: dict[tuple[str, str], str] = {}
    for outcome in practice.outcomes(user_id):
        if outcome.kind == "key_point":
            latest[(outcome.question_id, outcome.item_id)] = outcome.status
    notebook = practice.notebook(user_id)
    open_points = sum(1 for card in notebook if card.kind == "key_point")
    mastered_points = sum(1 for card in practice.mastered(user_id) if card.kind == "key_point")
    return {
        "answers": len(results),
        "days": len({day(r.recorded_at) for r in results}),
        "overall": _daily(
            [r.model_copy(update={"domain": "overall"}) for r in results], "domain"
        ).get("overall", []),
        "per_domain": _daily(results, "domain"),
        "per_competency": _daily(results, "competency"),
        "delivery": _delivery(results),
        "key_points": {
            "mastered": mastered_points,
            "in_notebook": open_points,
            "covered_at_last_attempt": sum(1 for s in latest.values() if s == "covered"),
            "seen": len(latest),
        },
        "mistakes_in_notebook": sum(1 for card in notebook if card.kind == "mistake"),
    }
