"""Agreement of Viva's answer score with human graders on ../shared/eval/graded.

    python bench/scoring.py [--data DIR] [--limit N] [--calibrate]

Per set: Pearson r, Spearman rho and quadratic weighted kappa between Viva's score (mapped to the
set's scale) and the human score; for Mohler also between its two human graders. Each reference
answer becomes a rubric with one equal-weight key point per clause; answers are scored as typed
text (no delivery). `--calibrate` also prints the sweeps behind interviewer/scoring/calibration.py.
Figures are printed last.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewer.e5_embedder import E5Embedder
from interviewer.scoring import AnswerScorer
from interviewer.scoring import calibration as cal
from interviewer.scoring.coverage import Signals, key_point_credit, measure_signals
from interviewer.scoring.off_topic import background_similarity
from interviewer.scoring.text import split_clauses, split_sentences
from rubrics.schema import Bilingual, KeyPoint, Question
from speech.types import Transcript

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "graded"


@dataclass(frozen=True)
class GradedAnswer:
    """One answer with its gold human score and, where the set has two graders, both grades."""

    question: Question
    answer: str
    human: float
    graders: tuple[float, float] | None


@dataclass(frozen=True)
class GradedSet:
    name: str
    language: str
    scale_max: int
    answers: list[GradedAnswer]


def rubric_question(qid: str, prompt: str, reference: str) -> Question:
    """A one-off rubric: the reference answer's clauses as equal-weight key points."""
    clauses = split_clauses(reference) or [reference]
    weight = round(1 / len(clauses), 4)
    points = [
        KeyPoint(id=f"p{i}", text=Bilingual(en=c, zh=c), weight=weight)
        for i, c in enumerate(clauses)
    ]
    return Question(
        id="q_" + "".join(ch if ch.isalnum() else "_" for ch in qid.lower()),
        round="ml_theory",
        domain="fundamentals",
        levels=["L4"],
        frequency=3,
        importance=3,
        year=2024,
        prompt=Bilingual(en=prompt, zh=prompt),
        key_points=points,
        solution_outline=clauses,
    )


def load_mohler(path: Path) -> GradedSet:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    cache: dict[str, Question] = {}
    answers = []
    for row in rows:
        question = cache.setdefault(
            row["id"], rubric_question(row["id"], row["question"], row["desired_answer"])
        )
        graders = (float(row["score_me"]), float(row["score_other"]))
        answers.append(
            GradedAnswer(question, row["student_answer"], float(row["score_avg"]), graders)
        )
    return GradedSet("Mohler (en, 0-5)", "en", 5, answers)


def load_sas(path: Path) -> GradedSet:
    cache: dict[str, Question] = {}
    answers = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        question = cache.setdefault(
            row["q_id"], rubric_question("sas_" + row["q_id"], row["question"], row["reference1"])
        )
        answers.append(GradedAnswer(question, row["answer"], float(row["score"]), None))
    return GradedSet("SAS-ADS (zh, 0-10)", "zh", 10, answers)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return pearson(_ranks(a), _ranks(b))


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean rank), as Spearman's rho needs."""
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x), dtype=float)
    for value in np.unique(x):
        tied = x == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def quadratic_kappa(a: np.ndarray, b: np.ndarray, scale_max: int) -> float:
    """Cohen's kappa with quadratic weights over integer grades 0..scale_max."""
    a_int = np.clip(np.rint(a), 0, scale_max).astype(int)
    b_int = np.clip(np.rint(b), 0, scale_max).astype(int)
    k = scale_max + 1
    observed = np.zeros((k, k))
    np.add.at(observed, (a_int, b_int), 1)
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    grid = np.arange(k)
    weights = (grid[:, None] - grid[None, :]) ** 2 / (k - 1) ** 2
    return float(1 - (weights * observed).sum() / (weights * expected).sum())


def agreement(a: np.ndarray, b: np.ndarray, scale_max: int) -> str:
    return (
        f"pearson={pearson(a, b):.3f} spearman={spearman(a, b):.3f} "
        f"qwk={quadratic_kappa(a, b, scale_max):.3f}"
    )


def evaluate(scorer: AnswerScorer, graded: GradedSet) -> list[str]:
    viva, human, zeroed = [], [], []
    for item in graded.answers:
        transcript = Transcript(text=item.answer, words=(), language=graded.language, duration_s=0)
        result = scorer.score(item.question, transcript, graded.language)
        if result.non_answer is not None:
            zeroed.append(item.human / graded.scale_max)
        viva.append(result.score_0_10 * graded.scale_max / 10)
        human.append(item.human)
    lines = [
        f"{graded.name}: n={len(viva)} non-answers={len(zeroed)} "
        f"(their mean human grade {np.mean(zeroed or [0]):.0%} of full) "
        f"viva-vs-human {agreement(np.array(viva), np.array(human), graded.scale_max)}"
    ]
    pairs = [i.graders for i in graded.answers if i.graders is not None]
    if len(pairs) == len(graded.answers):
        first, second = (np.array(column) for column in zip(*pairs, strict=True))
        lines.append(f"{graded.name}: human-vs-human {agreement(first, second, graded.scale_max)}")
    return lines


def _signals(embedder: E5Embedder, question: Question, answer: str, lang: str) -> Signals:
    sentences = split_sentences(answer) or split_sentences("(no answer)")
    return measure_signals(embedder, question, sentences, lang)


def _content(sig: Signals, floor: float, ceil: float, lw: float, hw: float) -> float:
    """coverage.content_score for equal weights, with the calibrated constants as arguments."""

    def mapped(x: float) -> float:
        return min(1.0, max(0.0, (x - floor) / (ceil - floor)))

    pairs = zip(sig.best_similarity, sig.lexical, strict=True)
    weighted = float(np.mean([(1 - lw) * mapped(s) + lw * x for s, x in pairs]))
    return (1 - hw) * weighted + hw * min(weighted, mapped(sig.holistic_similarity))


def calibrate(embedder: E5Embedder, graded: GradedSet) -> list[str]:
    """The sweeps behind calibration.py: content weights, status thresholds, off-topic margin."""
    lang, items = graded.language, graded.answers
    own = [_signals(embedder, a.question, a.answer, lang) for a in items]
    tag = f"[calibrate {graded.name}]"
    return [
        *_weight_sweep(tag, own, np.array([a.human for a in items])),
        _status_thresholds(tag, own, items, graded.scale_max),
        _off_topic_margins(tag, embedder, own, items, lang),
    ]


def _weight_sweep(tag: str, own: list[Signals], human: np.ndarray) -> list[str]:
    grid = []
    for floor in (0.72, 0.75, 0.78, 0.80):
        for ceil in (0.88, 0.90, 0.92):
            for lw in (0.3, 0.4, 0.5, 0.6):
                for hw in (0.0, 0.2, 0.3):
                    content = np.array([_content(s, floor, ceil, lw, hw) for s in own])
                    grid.append((pearson(content, human), floor, ceil, lw, hw))
    grid.sort(reverse=True)
    chosen = (cal.SIM_FLOOR, cal.SIM_CEIL, cal.LEXICAL_WEIGHT, cal.HOLISTIC_WEIGHT)
    chosen_r = next(g[0] for g in grid if g[1:] == chosen)
    best = "; ".join(f"{g[0]:.3f},{g[1]},{g[2]},{g[3]},{g[4]}" for g in grid[:3])
    return [
        f"{tag} best (r, floor, ceil, lexical_w, holistic_w): {best}",
        f"{tag} chosen {chosen}: r={chosen_r:.3f}",
    ]


def _status_thresholds(tag: str, own: list[Signals], items: list[GradedAnswer], full: int) -> str:
    credits_full: list[float] = []
    credits_low: list[float] = []
    for sig, item in zip(own, items, strict=True):
        pairs = zip(sig.best_similarity, sig.lexical, strict=True)
        credits = [key_point_credit(s, x) for s, x in pairs]
        if item.human >= full:
            credits_full += credits
        elif item.human <= 0.4 * full:
            credits_low += credits
    return (
        f"{tag} key-point credit: median in full-mark answers="
        f"{np.median(credits_full or [0]):.3f} (n={len(credits_full)}), p75 in answers <= 40%="
        f"{np.percentile(credits_low or [0], 75):.3f} (n={len(credits_low)})"
    )


def _off_topic_margins(
    tag: str, embedder: E5Embedder, own: list[Signals], items: list[GradedAnswer], lang: str
) -> str:
    """Rubric-minus-background margins of real answers, and of answers to another question."""
    by_id = {a.question.id: a.question for a in items}
    ids = list(by_id)
    shifted = {q: by_id[ids[(i + 1) % len(ids)]] for i, q in enumerate(ids)}
    foreign = [_signals(embedder, shifted[a.question.id], a.answer, lang) for a in items[::5]]
    backgrounds = [
        background_similarity(embedder, split_sentences(a.answer) or split_sentences("-"))
        for a in items
    ]
    own_margin = np.array(
        [s.best_rubric_similarity - b for s, b in zip(own, backgrounds, strict=True)]
    )
    off_margin = np.array(
        [s.best_rubric_similarity - b for s, b in zip(foreign, backgrounds[::5], strict=True)]
    )
    return (
        f"{tag} rubric-minus-background cosine margin: own answers "
        f"p1={np.percentile(own_margin, 1):.3f} p5={np.percentile(own_margin, 5):.3f} "
        f"share<{cal.OFF_TOPIC_MARGIN}={np.mean(own_margin < cal.OFF_TOPIC_MARGIN):.3f}; "
        f"against another question's rubric p50={np.percentile(off_margin, 50):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="answers per set (0 = all)")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="embedder threads")
    args = parser.parse_args()
    mohler, sas = args.data / "mohler_dev.csv", args.data / "sas_zh_ads_dev.jsonl"
    sets = [load(p) for p, load in ((mohler, load_mohler), (sas, load_sas)) if p.exists()]
    if not sets:
        sys.exit(f"no graded data under {args.data}")
    if args.limit:
        sets = [GradedSet(s.name, s.language, s.scale_max, s.answers[: args.limit]) for s in sets]
    embedder = E5Embedder(num_threads=args.threads)
    figures: list[str] = []
    if args.calibrate:
        figures += [line for graded in sets for line in calibrate(embedder, graded)]
    scorer = AnswerScorer(embedder)
    for graded in sets:
        figures += evaluate(scorer, graded)
    print("\n".join(figures))


if __name__ == "__main__":
    main()
