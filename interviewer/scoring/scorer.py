"""`AnswerScorer`: the full, off-path score of one answer against its rubric.

Order matters: non-answers are recognised first and score 0 without further work; then the
answer is cut into sentences (with the pauses of speech), measured once against the rubric and
the rest of the bank (coverage.py), judged off-topic when it is mostly about something else,
and combined by formula.py with STAR (behavioral only) and delivery. A capable judge, when
configured, is blended in last. Everything before the judge is deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from interviewer.chat_model import ChatModel, LLMError
from interviewer.embedding import Embedder
from interviewer.scoring import calibration as cal
from interviewer.scoring.coverage import (
    Measurement,
    Summary,
    coverage_from,
    measure,
    missed_key_points,
)
from interviewer.scoring.delivery import delivery_metrics
from interviewer.scoring.feedback import answer_feedback, model_outline, non_answer_feedback
from interviewer.scoring.formula import FORMULA_VERSION, combine, technical_structure
from interviewer.scoring.judge import ask_judge, blend
from interviewer.scoring.non_answer import lexical_non_answer
from interviewer.scoring.off_topic import MOSTLY_SENTENCES, is_off_topic
from interviewer.scoring.results import AnswerScore, DeliveryResult, NonAnswerKind
from interviewer.scoring.sentences import answer_sentences
from interviewer.scoring.star import STORY_PARTS, analyse_star, cued_parts, tells_own_experience
from interviewer.scoring.text import Sentence, language_of
from interviewer.scoring.topicality import BankBackground
from rubrics.loader import read_bank
from rubrics.schema import Language, Level, Question
from speech.types import Transcript

RULES_PATH = "rules+embeddings"


def typed_technical_score(
    measurement: Measurement, summary: Summary, delivery: DeliveryResult
) -> float:
    """The rules score of a technical answer from its measurement under one calibration; the
    bench uses exactly this to score every fold's held-out question."""
    if is_off_topic(measurement, summary):
        return 0.0
    structure = technical_structure(summary.lead_sentence)
    return combine(summary.content_0_1, structure, delivery, None, len(measurement.mistakes))


def _off_topic(
    behavioral: bool, sentences: list[Sentence], measurement: Measurement, summary: Summary
) -> bool:
    """A behavioral rubric describes a story's shape, not its words: a story told with STAR
    cues is on topic; an answer of several sentences that tells nothing the speaker did and
    covers none of the points is not (the question's own outline tells nothing either, but
    covers its points). Otherwise (a first-person account without cues, or one or two
    sentences, where a terse story may drop its pronouns: "Cut two features, shipped on
    time") the bank contrast decides, as for technical answers."""
    if behavioral and cued_parts(sentences) >= STORY_PARTS:
        return False
    several = len(sentences) >= MOSTLY_SENTENCES
    if behavioral and several and not summary.any_covered and not tells_own_experience(sentences):
        return True
    return is_off_topic(measurement, summary)


@functools.cache
def _bundled_bank() -> tuple[Question, ...]:
    """The bank shipped with the package, read once per process (the topic background)."""
    return tuple(read_bank().bank)


class AnswerScorer:
    """Scores answers with an embedder and rules; a capable `judge` is blended in when given.

    `bank` is the background an answer is contrasted with to tell whether it is about this
    question (default: the bundled bank); `calibration` replaces the shipped constants (the
    bench passes per-fold ones).
    """

    def __init__(
        self,
        embedder: Embedder,
        judge: ChatModel | None = None,
        *,
        bank: Iterable[Question] | None = None,
        calibration: Mapping[Language, cal.Calibration] | None = None,
    ) -> None:
        self._embedder = embedder
        self._judge = judge
        self._background = BankBackground(_bundled_bank() if bank is None else bank)
        self._calibration = dict(calibration or cal.SHIPPED)

    def warm_up(self) -> None:
        """Embed the bank background now (minutes on a busy 2-core machine the first time,
        seconds from the embedder's disk cache) rather than inside the first answer's score."""
        self._background.ensure(self._embedder)

    def measure(self, question: Question, transcript: Transcript, language: str) -> Measurement:
        """What the fitted constants act on (exposed for the bench, which refits them)."""
        return measure(
            self._embedder, self._background, question, answer_sentences(transcript), language
        )

    def score(
        self,
        question: Question,
        transcript: Transcript,
        language: str,
        level: Level | None = None,
    ) -> AnswerScore:
        """The score of one answer; `level` (the level the candidate chose) frames the STAR
        level read of behavioral answers."""
        delivery = delivery_metrics(transcript, question.target_time_s, language)
        kind = lexical_non_answer(question, transcript.text)
        if kind is not None:
            return self._zero(question, kind, delivery, language)
        sentences = answer_sentences(transcript)
        measurement = measure(self._embedder, self._background, question, sentences, language)
        calibration = self._calibration[language_of(language)]
        coverage = coverage_from(measurement, question, language, calibration)
        behavioral = question.round == "behavioral" or question.domain == "behavioral"
        if _off_topic(behavioral, sentences, measurement, coverage.summary):
            return self._zero(question, "off_topic", delivery, language)
        mistakes = list(measurement.mistakes)
        lang = language_of(language)
        star = analyse_star(sentences, question, level, lang) if behavioral else None
        structure = (
            star.structure_0_1 if star else technical_structure(coverage.summary.lead_sentence)
        )
        rules = combine(coverage.content_0_1, structure, delivery, star, len(mistakes))
        final, path = self._with_judge(question, transcript.text, language, rules)
        return AnswerScore(
            score_0_10=final,
            content_0_1=coverage.content_0_1,
            key_points=coverage.key_points,
            mistakes=mistakes,
            star=star,
            delivery=delivery,
            non_answer=None,
            feedback=answer_feedback(final, coverage.key_points, mistakes, star, delivery, lang),
            model_outline=model_outline(question, language_of(language)),
            path=path,
            formula_version=FORMULA_VERSION,
        )

    def _with_judge(
        self, question: Question, answer: str, language: str, rules: float
    ) -> tuple[float, str]:
        if self._judge is None or not self._judge.capable:
            return rules, RULES_PATH
        try:
            verdict = ask_judge(self._judge, question, answer, language)
        except LLMError:
            # A failed judge must not lose the score: the rules path stands, and says so.
            return rules, RULES_PATH
        return blend(rules, verdict), f"{RULES_PATH}+judge:{self._judge.name}"

    def _zero(
        self, question: Question, kind: NonAnswerKind, delivery: DeliveryResult, language: str
    ) -> AnswerScore:
        """A non-answer: 0, every key point missed, and the outline of what to say instead."""
        key_points = missed_key_points(question, language)
        return AnswerScore(
            score_0_10=0.0,
            content_0_1=0.0,
            key_points=key_points,
            mistakes=[],
            star=None,
            delivery=delivery,
            non_answer=kind,
            feedback=non_answer_feedback(kind, key_points, language_of(language)),
            model_outline=model_outline(question, language_of(language)),
            path=RULES_PATH,
            formula_version=FORMULA_VERSION,
        )
