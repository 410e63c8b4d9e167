"""The scorer's logic with a scripted embedder and judge: fast, no model loaded."""

from dataclasses import replace

import numpy as np
import pytest

from interviewer.scoring import AnswerScorer, JudgeVerdict, roll_up
from interviewer.scoring import calibration as cal
from interviewer.scoring.coverage import Measurement, Summary, Window, summarise
from interviewer.scoring.formula import FORMULA_VERSION
from interviewer.scoring.off_topic import is_off_topic
from interviewer.scoring.results import MistakeHit
from rubrics.schema import Question
from tests.fakes import BagOfTermsEmbedder, ScriptedJudge
from tests.scoring.conftest import typed

GOOD = (
    "Bias is error from overly simple assumptions, so the model underfits. "
    "Variance is sensitivity to the training sample, so the model overfits. "
    "Regularisation, more data or simpler models reduce variance at the cost of bias."
)


@pytest.fixture
def question(sample_questions: dict[str, Question]) -> Question:
    return sample_questions["sample_bias_variance"]


def test_good_answer_cites_evidence_and_records_the_rules_path(question: Question) -> None:
    result = AnswerScorer(BagOfTermsEmbedder()).score(question, typed(GOOD), "en")
    assert result.non_answer is None
    assert all(kp.status == "covered" for kp in result.key_points)
    assert result.key_points[1].evidence and "overfits" in result.key_points[1].evidence
    assert result.path == "rules+embeddings"
    assert result.formula_version == FORMULA_VERSION
    assert result.model_outline == question.solution_outline
    assert result.score_0_10 >= 7


def test_stated_mistake_lowers_the_score_and_is_named_in_feedback(question: Question) -> None:
    scorer = AnswerScorer(BagOfTermsEmbedder())
    clean = scorer.score(question, typed(GOOD), "en")
    wrong = scorer.score(question, typed(GOOD + " High variance means the model underfits."), "en")
    assert [m.id for m in wrong.mistakes] == ["variance_means_underfit"]
    assert wrong.score_0_10 < clean.score_0_10
    assert "common mistake" in wrong.feedback


def test_a_sentence_stating_a_mistake_is_no_evidence_for_a_key_point(question: Question) -> None:
    text = "Bias makes the model underfit. High variance means the model underfits."
    result = AnswerScorer(BagOfTermsEmbedder()).score(question, typed(text), "en")
    assert [m.sentence_index for m in result.mistakes] == [1]
    assert all(kp.sentence_index != 1 for kp in result.key_points)
    assert next(kp for kp in result.key_points if kp.id == "variance_def").status == "missed"


def test_missed_points_are_named_in_feedback(question: Question) -> None:
    result = AnswerScorer(BagOfTermsEmbedder()).score(
        question, typed("Variance is sensitivity to the training sample, so it overfits."), "en"
    )
    missed = [kp for kp in result.key_points if kp.status == "missed"]
    assert missed
    assert "You missed" in result.feedback
    assert all(kp.text.rstrip(".") in result.feedback for kp in missed)


def test_off_topic_answer_scores_zero(question: Question) -> None:
    result = AnswerScorer(BagOfTermsEmbedder()).score(
        question, typed("My favourite pizza has mushrooms, olives and fresh basil on top."), "en"
    )
    assert result.non_answer == "off_topic"
    assert result.score_0_10 == 0


def test_capable_judge_is_blended_and_recorded(question: Question) -> None:
    judge = ScriptedJudge({"score_0_10": 2.0, "rationale": "thin"})
    rules = AnswerScorer(BagOfTermsEmbedder()).score(question, typed(GOOD), "en")
    judged = AnswerScorer(BagOfTermsEmbedder(), judge).score(question, typed(GOOD), "en")
    assert judged.path == "rules+embeddings+judge:scripted-judge"
    assert judged.score_0_10 == pytest.approx((rules.score_0_10 + 2.0) / 2, abs=0.06)
    assert "bias" in judge.requests[0][-1].content.lower()


def test_incapable_or_failing_judge_leaves_the_rules_score(question: Question) -> None:
    rules = AnswerScorer(BagOfTermsEmbedder()).score(question, typed(GOOD), "en")
    for judge in (
        ScriptedJudge({"score_0_10": 0}, capable=False),
        ScriptedJudge({}, fail_with="x"),
    ):
        result = AnswerScorer(BagOfTermsEmbedder(), judge).score(question, typed(GOOD), "en")
        assert result.path == "rules+embeddings"
        assert result.score_0_10 == rules.score_0_10
    assert ScriptedJudge({}, capable=False).requests == []


def test_judge_is_never_asked_about_a_non_answer(question: Question) -> None:
    judge = ScriptedJudge({"score_0_10": 9.0})
    result = AnswerScorer(BagOfTermsEmbedder(), judge).score(question, typed("I don't know"), "en")
    assert result.score_0_10 == 0 and result.non_answer == "dont_know"
    assert judge.requests == []


def test_judge_verdict_schema_rejects_out_of_range_scores() -> None:
    with pytest.raises(ValueError):
        JudgeVerdict.model_validate({"score_0_10": 11})


def test_behavioral_answer_gets_star_and_roll_up_groups_scores(
    sample_questions: dict[str, Question], question: Question
) -> None:
    behavioral = sample_questions["sample_conflict"]
    scorer = AnswerScorer(BagOfTermsEmbedder())
    story = scorer.score(
        behavioral,
        typed(
            "At my last job our team disagreed about the launch date. I was responsible for the "
            "evaluation. I decided to run a one-week A/B test and I showed the data to my teammate."
        ),
        "en",
    )
    assert story.star is not None and not story.star.present["result"]
    empty = scorer.score(question, typed(""), "en")
    rollup = roll_up([(behavioral, story), (question, empty)])
    assert set(rollup.per_domain) == {"behavioral", "fundamentals"}
    assert rollup.per_competency == {"conflict": story.score_0_10}
    assert rollup.practise_next[0].question_id == question.id
    assert {m.question_id for m in rollup.missed_key_points} >= {question.id}
    assert rollup.model_dump_json()


def test_warm_up_embeds_the_bank_background_once(question: Question) -> None:
    embedder = BagOfTermsEmbedder()
    scorer = AnswerScorer(embedder, bank=[question])
    scorer.warm_up()
    scorer.warm_up()
    assert embedder.calls == 1
    scorer.score(question, typed(GOOD), "en")
    warm_calls = embedder.calls
    scorer.score(question, typed(GOOD), "en")
    assert embedder.calls - warm_calls == warm_calls - 1


@pytest.mark.parametrize(("margin", "off_topic"), [(-0.01, True), (0.01, False)])
def test_a_short_answer_is_off_topic_only_if_it_reads_whole_as_another_question(
    margin: float, off_topic: bool
) -> None:
    """One sentence nearer another question, no point covered: off-topic only when the answer
    read whole is nearer another question's reference too (a terse real answer is scored)."""
    measurement = Measurement(
        windows=(Window(0, 0, "one sentence"),),
        similarity=np.zeros((1, 1)),
        lexical=np.zeros((1, 1)),
        blocked=np.zeros((1, 1), dtype=bool),
        weights=np.ones(1),
        on_topic_share=0.0,
        mistakes=(),
        holistic=0.9,
        holistic_margin=margin,
    )
    assert is_off_topic(measurement, Summary(0.1, None, any_covered=False)) is off_topic


@pytest.mark.parametrize(
    ("near", "mistakes", "off_topic"),
    [(1, False, True), (2, False, False), (0, True, False)],
)
def test_several_sentences_far_down_the_bank_are_off_topic(
    near: int, mistakes: bool, off_topic: bool
) -> None:
    """Twenty equal sentences that each read as on topic by margin, `near` of them with this
    question among the bank's TOPIC_RANK nearest: off-topic under NEAR_SHARE of the answer,
    unless the answer states one of this question's own mistakes."""
    assert 1 / 20 < cal.NEAR_SHARE <= 2 / 20
    hit = MistakeHit(
        id="m", text="a mistake", evidence="the sentence", sentence_index=0, correction="no"
    )
    measurement = Measurement(
        windows=tuple(Window(i, i, f"sentence {i}") for i in range(20)),
        similarity=np.zeros((1, 20)),
        lexical=np.zeros((1, 20)),
        blocked=np.zeros((1, 20), dtype=bool),
        weights=np.ones(1),
        on_topic_share=0.9,
        mistakes=(hit,) if mistakes else (),
        holistic=0.9,
        sentence_ranks=np.array([1] * near + [cal.TOPIC_RANK + 1] * (20 - near)),
        sentence_units=np.ones(20),
    )
    assert is_off_topic(measurement, Summary(0.5, 0, any_covered=True)) is off_topic


def test_a_code_line_earns_by_its_words_not_its_embedding(question: Question) -> None:
    """The same words earn a point as prose; in a fenced code block the line keeps only its
    word overlap (a code line's embedding sits near any rubric), and states no mistake."""
    prose = "Variance is sensitivity to the training sample, so the model overfits."
    fenced = f"```\n{prose}\n```"
    scorer = AnswerScorer(BagOfTermsEmbedder())
    as_prose = scorer.measure(question, typed(prose), "en")
    as_code = scorer.measure(question, typed(fenced), "en")
    assert as_prose.similarity.max() > 0
    assert as_code.similarity.max() <= -1.0
    assert as_code.lexical.max() == pytest.approx(as_prose.lexical.max())
    mistake = "```\nHigh variance means the model underfits.\n```"
    assert not scorer.measure(question, typed(mistake), "en").mistakes


def _one_window(lexical: list[float], core: list[bool]) -> Measurement:
    """One sentence whose words state each point to the given share; nothing else counts."""
    n = len(lexical)
    return Measurement(
        windows=(Window(0, 0, "one sentence"),),
        similarity=np.zeros((n, 1)),
        lexical=np.array(lexical).reshape(n, 1),
        blocked=np.zeros((n, 1), dtype=bool),
        weights=np.array([0.3, 0.3, 0.2, 0.2]),
        on_topic_share=1.0,
        mistakes=(),
        holistic=0.0,
        core=np.array(core, dtype=bool),
    )


@pytest.mark.parametrize(
    ("lexical", "core", "content"),
    [
        ([1, 0, 0, 0], [True, False, False, False], cal.CORE_CONTENT),  # the core alone
        ([1, 0, 0, 0], [False, False, False, False], 0.3),  # no core marked: weight alone
        ([0, 0, 1, 0], [True, False, False, False], 0.2),  # depth without the core
        ([1, 0, 0, 0], [True, True, False, False], cal.CORE_CONTENT / 2),  # half the core
        ([1, 1, 1, 1], [True, False, False, False], 1.0),  # the core and the depth
    ],
)
def test_stating_every_core_point_earns_most_of_the_content(
    lexical: list[float], core: list[bool], content: float
) -> None:
    """The points' share is the weight earned, or CORE_CONTENT of the core's share where that
    is more: a concise answer stating the core reads as most of an answer, depth adds the rest,
    and depth alone earns by weight as before."""
    points_only = replace(cal.FITTED_EN, holistic_weight=0.0)
    summary = summarise(_one_window(lexical, core), points_only)
    assert summary.content_0_1 == pytest.approx(content, abs=1e-4)


def test_a_missed_core_point_is_named_first_and_marked_in_the_report(question: Question) -> None:
    """The report flags what the question asked for, and feedback and the practise reason
    name a missed core point before heavier depth."""
    lightest = min(question.key_points, key=lambda kp: kp.weight)
    marked = question.model_copy(
        update={
            "key_points": [
                kp.model_copy(update={"core": kp.id == lightest.id}) for kp in question.key_points
            ]
        }
    )
    scorer = AnswerScorer(BagOfTermsEmbedder())
    attempt = scorer.score(marked, typed("Models can do worse on data they have not seen."), "en")
    non_answer = scorer.score(marked, typed("Sorry, I don't know."), "en")
    assert attempt.non_answer is None and non_answer.non_answer == "dont_know"
    for result in (attempt, non_answer):
        assert [kp.core for kp in result.key_points] == [kp.core for kp in marked.key_points]
        named = [result.feedback.find(kp.text.en.rstrip(".")) for kp in marked.key_points]
        first = [kp.id for kp in marked.key_points].index(lightest.id)
        assert min(n for n in named if n >= 0) == named[first]
    reason = roll_up([(marked, attempt)]).practise_next[0].reason
    assert reason.startswith(f"missed: {lightest.text.en}")
