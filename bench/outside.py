"""The scorer on interview answers written outside the project (../shared/eval/qa).

    python bench/outside.py [--data DIR] [--worst N] [--fit-topic-rank]

For every row whose `same_as` names a bank question, three answers are scored against that
question as typed text: (a) the row's own reference answer, written by the author of a public
interview-prep guide (a correct answer nobody here wrote); (b) the reference answers of three
unrelated rows (not the same bank question, not `related` to it either way, another topic);
(c) the first 30 % of (a)'s sentences (a cut-short answer). A scorer that generalises gives (a)
a high score whatever its length, (b) a low one and (c) something in between. Nothing is fitted
here: the scorer runs with its constants as shipped. Figures are printed last, one `name=value`
per line, then the worst cases with the key points behind them (core points starred).
`--fit-topic-rank` instead refits the off-topic-by-rank constants (calibration.TOPIC_RANK,
NEAR_SHARE) by cross-validation grouped by bank question and prints only their out-of-question
figures.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scoring import spearman
from interviewer.e5_embedder import E5Embedder
from interviewer.scoring import AnswerScore, AnswerScorer
from interviewer.scoring import calibration as cal
from interviewer.scoring.coverage import Measurement
from interviewer.scoring.off_topic import MOSTLY_SENTENCES
from interviewer.scoring.text import split_sentences
from rubrics.bank import QuestionBank
from rubrics.loader import read_bank
from rubrics.schema import Question
from speech.types import Transcript

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qa"
N_UNRELATED = 3
TRUNCATED_SHARE = 0.3
# Goals the issue steers by (printed beside the figures, never used to fit anything).
GOALS = {
    "auc_correct_vs_unrelated": ">=0.97",
    "auc_correct_vs_truncated": ">=0.85",
    "share_correct_below_5": "<=0.10",
    "share_unrelated_above_3": "<=0.05",
    "spearman_length_score_correct": "<=0.3",
}


@dataclass(frozen=True)
class OutsideRow:
    id: str
    topic: str
    answer: str
    same_as: str | None
    related: str | None


@dataclass(frozen=True)
class Case:
    """One scored answer: which row's text, against which bank question, as which kind."""

    kind: str  # correct | unrelated | truncated
    row: str
    question: Question
    text: str
    score: AnswerScore

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_rows(path: Path) -> list[OutsideRow]:
    rows = []
    for line in path.open(encoding="utf-8"):
        raw = json.loads(line)
        rows.append(
            OutsideRow(
                id=raw["id"],
                topic=raw["topic"],
                answer=raw["reference_answer"],
                same_as=raw.get("same_as"),
                related=raw.get("related"),
            )
        )
    return rows


def unrelated_rows(row: OutsideRow, rows: list[OutsideRow], n: int) -> list[OutsideRow]:
    """`n` rows that answer something else, picked by a stable hash (no randomness)."""
    target = row.same_as
    candidates = [
        other
        for other in rows
        if other.id != row.id
        and other.topic != row.topic
        and other.same_as != target
        and other.related != target
        and (row.related is None or other.same_as != row.related)
    ]
    candidates.sort(key=lambda other: hashlib.sha256(f"{row.id}|{other.id}".encode()).hexdigest())
    return candidates[:n]


def truncated(text: str) -> str:
    """The first 30 % of the answer's sentences (at least one)."""
    sentences = split_sentences(text)
    keep = max(1, math.floor(len(sentences) * TRUNCATED_SHARE))
    return " ".join(s.text for s in sentences[:keep])


def auc(positive: list[float], negative: list[float]) -> float:
    """P(a positive scores above a negative), ties counting one half (Mann-Whitney)."""
    pos, neg = np.array(positive)[:, None], np.array(negative)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def score_cases(scorer: AnswerScorer, bank: QuestionBank, rows: list[OutsideRow]) -> list[Case]:
    cases = []

    def add(kind: str, row: OutsideRow, question: Question, text: str) -> None:
        transcript = Transcript(text=text, words=(), language="en", duration_s=0.0)
        cases.append(Case(kind, row.id, question, text, scorer.score(question, transcript, "en")))

    for row in rows:
        if row.same_as is None or row.same_as not in bank:
            continue
        question = bank.get(row.same_as)
        add("correct", row, question, row.answer)
        for other in unrelated_rows(row, rows, N_UNRELATED):
            add("unrelated", other, question, other.answer)
        add("truncated", row, question, truncated(row.answer))
    return cases


def figures(cases: list[Case]) -> list[str]:
    by_kind = {k: [c for c in cases if c.kind == k] for k in ("correct", "unrelated", "truncated")}
    correct = [c.score.score_0_10 for c in by_kind["correct"]]
    unrelated = [c.score.score_0_10 for c in by_kind["unrelated"]]
    cut = [c.score.score_0_10 for c in by_kind["truncated"]]
    lengths = np.array([c.words for c in by_kind["correct"]], dtype=float)
    values = {
        "n_correct": len(correct),
        "n_unrelated": len(unrelated),
        "n_truncated": len(cut),
        "auc_correct_vs_unrelated": auc(correct, unrelated),
        "auc_correct_vs_truncated": auc(correct, cut),
        "median_correct": float(np.median(correct)),
        "median_unrelated": float(np.median(unrelated)),
        "median_truncated": float(np.median(cut)),
        "share_correct_below_5": float(np.mean(np.array(correct) < 5)),
        "share_correct_at_least_7": float(np.mean(np.array(correct) >= 7)),
        "share_unrelated_above_3": float(np.mean(np.array(unrelated) > 3)),
        "share_unrelated_off_topic": float(
            np.mean([c.score.non_answer == "off_topic" for c in by_kind["unrelated"]])
        ),
        "share_truncated_above_correct": float(
            np.mean([t > c for t, c in zip(cut, correct, strict=True)])
        ),
        "spearman_length_score_correct": spearman(lengths, np.array(correct)),
    }
    lines = []
    for name, value in values.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        goal = f"  (goal {GOALS[name]})" if name in GOALS else ""
        lines.append(f"{name}={shown}{goal}")
    return lines


def badness(case: Case, correct_of: dict[str, float]) -> float:
    """How far a case is from what a fair scorer gives it (0 when it is fine)."""
    score = case.score.score_0_10
    if case.kind == "correct":
        return max(0.0, 7.0 - score)
    if case.kind == "unrelated":
        return max(0.0, score - 3.0)
    return max(0.0, score - correct_of[case.question.id + case.row])


def worst(cases: list[Case], n: int) -> list[str]:
    correct_of = {c.question.id + c.row: c.score.score_0_10 for c in cases if c.kind == "correct"}
    ranked = sorted(cases, key=lambda c: -badness(c, correct_of))[:n]
    lines = [f"worst {n} cases (correct < 7, unrelated > 3, truncated above its full answer):"]
    for case in ranked:
        result = case.score
        lines.append(
            f"  {case.kind} {case.row} -> {case.question.id}: score={result.score_0_10} "
            f"words={case.words} non_answer={result.non_answer} mistakes="
            f"{[m.id for m in result.mistakes]}"
        )
        for kp in result.key_points:
            evidence = (kp.evidence or "")[:80].replace("\n", " ")
            core = "*" if case.question.key_point(kp.id).core else " "
            lines.append(
                f"   {core}{kp.status:8} {kp.id} credit={kp.credit_0_1:.2f} w={kp.weight} "
                f"| {evidence}"
            )
    return lines


# The grid TOPIC_RANK and NEAR_SHARE (calibration.py) are chosen from by `--fit-topic-rank`.
TOPIC_RANKS = (10, 20, 30, 50)
NEAR_SHARES = (0.1, 0.2, 0.3)


def fit_topic_rank(scorer: AnswerScorer, cases: list[Case]) -> list[str]:
    """TOPIC_RANK and NEAR_SHARE by cross-validation grouped by bank question: for each
    question, the pair is picked on the other questions' cases (first no correct answer made
    off-topic, then the most answers to other questions scoring above 3 made off-topic, ties
    to the larger rank) and applied to its own; only those out-of-question counts are figures.
    An answer already off-topic another way, or of fewer than three sentences, is left out."""
    measured = []
    for case in cases:
        if case.kind == "truncated" or case.score.non_answer is not None:
            continue
        transcript = Transcript(text=case.text, words=(), language="en", duration_s=0.0)
        measurement = scorer.measure(case.question, transcript, "en")
        if measurement.n_sentences >= MOSTLY_SENTENCES:
            measured.append((case, measurement))

    def off(measurement: Measurement, rank: int, share: float) -> bool:
        return measurement.near_share_at(rank) < share

    def counts(pairs: list[tuple[Case, Measurement]], rank: int, share: float) -> tuple[int, int]:
        zeroed = sum(off(m, rank, share) for c, m in pairs if c.kind == "correct")
        caught = sum(
            off(m, rank, share)
            for c, m in pairs
            if c.kind == "unrelated" and c.score.score_0_10 > 3
        )
        return zeroed, caught

    grid = list(itertools.product(TOPIC_RANKS, NEAR_SHARES))
    picks: Counter[tuple[int, float]] = Counter()
    zeroed = caught = 0
    for question in sorted({c.question.id for c, _ in measured}):
        train = [(c, m) for c, m in measured if c.question.id != question]
        test = [(c, m) for c, m in measured if c.question.id == question]

        def key(pair: tuple[int, float], train: list[tuple[Case, Measurement]] = train) -> tuple:
            bad, good = counts(train, *pair)
            return (-bad, good, pair[0])

        pick = max(grid, key=key)
        picks[pick] += 1
        bad, good = counts(test, *pick)
        zeroed, caught = zeroed + bad, caught + good
    above = sum(c.kind == "unrelated" and c.score.score_0_10 > 3 for c, _ in measured)
    return [
        f"topic_rank_picks={dict(picks.most_common())}",
        f"topic_rank_cv_correct_off_topic={zeroed}",
        f"topic_rank_cv_unrelated_above_3_caught={caught}/{above}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="embedder threads")
    parser.add_argument(
        "--fit-topic-rank",
        action="store_true",
        help="refit TOPIC_RANK and NEAR_SHARE with the rank rule off (grouped CV)",
    )
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.jsonl")) if args.data.is_dir() else [args.data]
    if not paths:
        sys.exit(f"no outside answers under {args.data}")
    rows = [row for path in paths for row in load_rows(path)]
    loaded = read_bank()
    if loaded.problems:
        print(f"bank: {len(loaded.problems)} problem(s) skipped", file=sys.stderr)
    bank = loaded.bank
    scorer = AnswerScorer(E5Embedder(num_threads=args.threads))
    if args.fit_topic_rank:
        # Fitted with the rule off, so every answer it would catch is still there to count.
        cal.NEAR_SHARE = 0.0
        print("\n".join(fit_topic_rank(scorer, score_cases(scorer, bank, rows))))
        return
    cases = score_cases(scorer, bank, rows)
    print("\n".join([*worst(cases, args.worst), *figures(cases)]))


if __name__ == "__main__":
    main()
