"""`AnswerScorer`: the full, off-path score of one answer against its rubric.

Order matters: non-answers are recognised first and score 0 without further work; then coverage,
mistakes, STAR (behavioral only) and delivery are measured and combined by formula.py; a capable
judge, when configured, is blended in last. Everything before the judge is deterministic.
"""

from __future__ import annotations

from interviewer.chat_model import ChatModel, LLMError
from interviewer.embedding import Embedder
from interviewer.scoring.coverage import (
    Coverage,
    measure_coverage,
    missed_key_points,
    without_contradicted,
)
from interviewer.scoring.delivery import delivery_metrics
from interviewer.scoring.feedback import answer_feedback, non_answer_feedback
from interviewer.scoring.formula import FORMULA_VERSION, combine, technical_structure
from interviewer.scoring.judge import ask_judge, blend
from interviewer.scoring.mistakes import find_mistakes
from interviewer.scoring.non_answer import lexical_non_answer
from interviewer.scoring.off_topic import background_similarity, is_off_topic
from interviewer.scoring.results import AnswerScore, DeliveryResult, NonAnswerKind
from interviewer.scoring.star import analyse_star, cued_parts
from interviewer.scoring.text import Sentence, split_sentences
from rubrics.schema import Question
from speech.types import Transcript

RULES_PATH = "rules+embeddings"
_STORY_PARTS = 2


class AnswerScorer:
    """Scores answers with an embedder and rules; a capable `judge` is blended in when given."""

    def __init__(self, embedder: Embedder, judge: ChatModel | None = None) -> None:
        self._embedder = embedder
        self._judge = judge

    def score(self, question: Question, transcript: Transcript, language: str) -> AnswerScore:
        delivery = delivery_metrics(transcript, question.target_time_s, language)
        kind = lexical_non_answer(question, transcript.text)
        sentences = split_sentences(transcript.text)
        if kind is not None:
            return self._zero(question, kind, delivery, language)
        coverage = measure_coverage(self._embedder, question, sentences, language)
        behavioral = question.round == "behavioral" or question.domain == "behavioral"
        # A behavioral rubric describes a story's shape, not its words: a told story is on topic.
        story = behavioral and cued_parts(sentences) >= _STORY_PARTS
        if not story and self._off_topic(coverage, sentences):
            return self._zero(question, "off_topic", delivery, language)
        mistakes = find_mistakes(question, sentences)
        coverage = without_contradicted(coverage, {m.sentence_index for m in mistakes})
        star = analyse_star(sentences) if behavioral else None
        structure = star.structure_0_1 if star else technical_structure(coverage.key_points)
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
            feedback=answer_feedback(final, coverage.key_points, mistakes, star, delivery),
            model_outline=list(question.solution_outline),
            path=path,
            formula_version=FORMULA_VERSION,
        )

    def _off_topic(self, coverage: Coverage, sentences: list[Sentence]) -> bool:
        background = background_similarity(self._embedder, sentences)
        return is_off_topic(coverage.best_rubric_similarity, background, coverage.best_lexical)

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
            feedback=non_answer_feedback(kind, key_points),
            model_outline=list(question.solution_outline),
            path=RULES_PATH,
            formula_version=FORMULA_VERSION,
        )
