"""`python -m rubrics match` on interview questions asked outside the project (../shared/eval/qa).

    python bench/match.py [--data FILE] [--fit]

Rows with `same_as` must be found at rank 1 (and not called "none"); rows without it must get
"none", except those a question written after the labels now covers (NEWLY_COVERED, judged by
hand question by question: they are reported apart, as rank-1 finds). The weights and the
threshold are fitted with cross-validation grouped by bank question (all rows of one bank
question, or one uncovered row, are held out together and scored by constants fitted on the
rest); only those out-of-fold figures are printed. `--fit` also prints the constants fitted on
all rows, which are what rubrics/match.py ships. Figures last: `rank1_accuracy=`, `none_rate=`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewer.e5_embedder import E5Embedder
from rubrics.loader import load_bank
from rubrics.match import MatchWeights, QuestionMatcher, combine

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qa" / "outside_dev.jsonl"

# Dev rows with `same_as` null that a bank question added after the labels asks the same as
# (row id -> bank id), judged by hand against each question's prompt and key points.
NEWLY_COVERED = {
    "dsi-001": "cml_supervised_learning",
    "dsi-003": "cml_normality_check",
    "dsi-007": "cml_choosing_k_folds",
    "dsi-019": "cml_feature_selection",
    "dsi-023": "cml_forest_tree_depth",
    "dsi-025": "cml_gradient_boosting_mechanics",
    "dsi-027": "cml_gbdt_tuning",
    "dsi-029": "nlp_ngrams",
    "dsi-031": "nlp_pooling_word_vectors",
    "dsi-035": "cml_dimensionality_reduction_methods",
    "dsi-037": "cml_rec_implicit_feedback",
    "dsi-039": "cml_ts_trend_seasonality",
    "dsi-053": "cv_neural_nets_for_vision_tasks",
    "dsi-057": "aug_why_augmentation",
    "dsi-059": "cv_classic_architectures",
    "dsi-061": "algo_fizzbuzz",
    "dsi-063": "algo_jaccard_similarity",
    "dsi-065": "algo_merge_sorted_arrays",
    "agg-007": "nlp_contextual_embeddings",
}
# Around equal weights; the z-score cap is fixed (a wider grid, cap included, fitted no better
# out of fold: 10-13 of 27 found, and more weights only add variance on 53 rows).
WEIGHT_GRID = {
    "z_cap": (6.0,),
    "key_point_cosine": (0.5, 1.0),
    "topic_cosine": (0.5, 1.0),
    "prompt_terms": (0.5,),
    "rubric_terms": (0.5, 1.0),
    "topic_terms": (0.25, 0.5),
}


@dataclass(frozen=True)
class Row:
    index: int
    round: str
    same_as: str | None  # the label, `same_as` or NEWLY_COVERED
    newly_covered: bool
    signals: np.ndarray  # raw, (bank questions, signals)

    @property
    def group(self) -> str:
        return self.same_as or f"row{self.index}"


def read_rows(path: Path, matcher: QuestionMatcher) -> list[Row]:
    known = {question.id for question in matcher.questions}
    rows = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        data = json.loads(line)
        label = data.get("same_as") or NEWLY_COVERED.get(data["id"])
        if label is not None and label not in known:
            print(f"row {index}: label {label} is not in the bank; skipped", file=sys.stderr)
            continue
        signals = matcher.signals(data["question"])
        newly = data.get("same_as") is None and label is not None
        rows.append(Row(index, data["round"], label, newly, signals))
    return rows


def _ranks(rows: Sequence[Row], ids: list[str], weights: MatchWeights) -> list[tuple[int, float]]:
    """(rank of the label or 0 when unlabelled, best score) per row."""
    out = []
    for row in rows:
        scores = combine(row.signals, weights)
        rank = 0
        if row.same_as is not None:
            target = scores[ids.index(row.same_as)]
            rank = int((scores > target).sum()) + 1
        out.append((rank, float(scores.max())))
    return out


def fit(rows: Sequence[Row], ids: list[str]) -> MatchWeights:
    """Weights by rank-1 count (ties: mean reciprocal rank), then the threshold."""
    best: tuple[int, float, MatchWeights] | None = None
    for values in itertools.product(*WEIGHT_GRID.values()):
        weights = MatchWeights(**dict(zip(WEIGHT_GRID, values, strict=True)))
        ranks = [rank for rank, _ in _ranks(rows, ids, weights) if rank]
        key = (sum(rank == 1 for rank in ranks), float(np.mean([1 / r for r in ranks])))
        if best is None or key > best[:2]:
            best = (*key, weights)
    assert best is not None
    weights = best[2]
    return MatchWeights(**{**weights.__dict__, "threshold": _threshold(_ranks(rows, ids, weights))})


def _threshold(ranked: Sequence[tuple[int, float]]) -> float:
    """The cut that best separates labelled rows' best scores from unlabelled rows', each side
    counted as a share: the two goals (found at rank 1, "none" when absent) weigh the same."""
    found = np.array([score for rank, score in ranked if rank])
    absent = np.array([score for rank, score in ranked if not rank])
    scores = np.unique([score for _, score in ranked])
    candidates = np.concatenate([[scores[0] - 1], (scores[:-1] + scores[1:]) / 2])

    def balanced(cut: float) -> float:
        kept = float((found >= cut).mean()) if found.size else 1.0
        refused = float((absent < cut).mean()) if absent.size else 1.0
        return kept + refused

    return float(max(candidates, key=balanced))


def cross_validate(rows: Sequence[Row], ids: list[str]) -> list[tuple[int, int, float]]:
    """(returned question index or -1 for none, nearest index, score) per row, out of fold."""
    result: dict[int, tuple[int, int, float]] = {}
    for group in dict.fromkeys(row.group for row in rows):
        held = [row for row in rows if row.group == group]
        weights = fit([row for row in rows if row.group != group], ids)
        for row in held:
            scores = combine(row.signals, weights)
            best = int(np.argmax(scores))
            returned = best if scores[best] >= weights.threshold else -1
            result[row.index] = (returned, best, float(scores[best]))
    return [result[row.index] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="print constants fitted on all rows")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}")
    run(args.data, fit_all=args.fit)


def run(path: Path, fit_all: bool = False) -> None:
    """The row table, then the out-of-fold figures (`name=value`, one per line)."""
    matcher = QuestionMatcher(load_bank(), E5Embedder(num_threads=1).embed)
    ids = [question.id for question in matcher.questions]
    rows = read_rows(path, matcher)
    outcomes = cross_validate(rows, ids)
    print("row\tround\tlabel\treturned\tnearest\tscore\tok")
    for row, (returned, nearest, score) in zip(rows, outcomes, strict=True):
        got = ids[returned] if returned >= 0 else "none"
        ok = got == (row.same_as or "none")
        label = (row.same_as or "none") + (" (new)" if row.newly_covered else "")
        print(f"{row.index}\t{row.round}\t{label}\t{got}\t{ids[nearest]}\t{score:.2f}\t{ok}")
    if fit_all:
        print(f"fitted on all rows: {fit(rows, ids)}")
    report(rows, outcomes, ids)


def report(rows: Sequence[Row], outcomes: Sequence[tuple[int, int, float]], ids: list[str]) -> None:
    def share(selected: list[bool]) -> str:
        return f"{np.mean(selected):.3f} ({sum(selected)}/{len(selected)})"

    paired = list(zip(rows, outcomes, strict=True))
    same = [(r, o) for r, o in paired if r.same_as and not r.newly_covered]
    new = [(r, o) for r, o in paired if r.newly_covered]
    absent = [o for r, o in paired if r.same_as is None]

    def found(pairs: list[tuple[Row, tuple[int, int, float]]]) -> str:
        return share([o[0] >= 0 and ids[o[0]] == r.same_as for r, o in pairs])

    print(f"rank1_ignoring_threshold={share([ids[o[1]] == r.same_as for r, o in same])}")
    print(f"newly_covered_rank1_accuracy={found(new)}")
    print(f"rank1_accuracy={found(same)}")
    print(f"none_rate={share([o[0] < 0 for o in absent])}")


if __name__ == "__main__":
    main()
