from interviewer.scoring import quick_coverage
from rubrics.schema import Question


def test_quick_coverage_names_covered_points_and_orders_missed_by_weight(
    sample_questions: dict[str, Question],
) -> None:
    question = sample_questions["sample_bias_variance"]
    result = quick_coverage(question, "High variance means the model overfits the noise.", "en")
    assert result.covered == ["variance_def"]
    assert result.missed == ["bias_def", "regularisation"] or result.missed == [
        "regularisation",
        "bias_def",
    ]
    weights = [question.key_point(k).weight for k in result.missed]
    assert weights == sorted(weights, reverse=True)


def test_quick_coverage_works_for_chinese_and_tolerates_asr_misspellings(
    sample_questions: dict[str, Question],
) -> None:
    question = sample_questions["sample_bias_variance"]
    zh = quick_coverage(question, "方差大就是过拟合，可以用正则化来缓解。", "zh")
    assert {"variance_def", "regularisation"} <= set(zh.covered)
    en = quick_coverage(question, "Use regularisation and cross validaton.", "en")
    assert "regularisation" in en.covered
    slip = quick_coverage(question, "High varience means it overfitts.", "en")
    assert "variance_def" in slip.covered


def test_quick_coverage_of_an_empty_answer_misses_everything(
    sample_questions: dict[str, Question],
) -> None:
    result = quick_coverage(sample_questions["sample_bias_variance"], "", "en")
    assert result.covered == []
    assert len(result.missed) == 3


def test_a_missed_core_point_is_probed_before_a_heavier_one(
    sample_questions: dict[str, Question],
) -> None:
    """What the question asks for comes before its depth, whatever the weights say."""
    question = sample_questions["sample_bias_variance"]
    lightest = min(question.key_points, key=lambda kp: kp.weight)
    marked = question.model_copy(
        update={
            "key_points": [
                kp.model_copy(update={"core": kp.id == lightest.id}) for kp in question.key_points
            ]
        }
    )
    assert quick_coverage(marked, "", "en").missed[0] == lightest.id
