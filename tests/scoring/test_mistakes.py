from interviewer.scoring.mistakes import find_mistakes
from interviewer.scoring.text import split_sentences
from rubrics.schema import Question


def mistakes_in(question: Question, text: str) -> list[str]:
    return [hit.id for hit in find_mistakes(question, split_sentences(text))]


def test_stated_mistake_is_caught_with_its_sentence(sample_questions: dict[str, Question]) -> None:
    question = sample_questions["sample_bias_variance"]
    hits = find_mistakes(
        question,
        split_sentences("Bias is about simple models. High variance means the model underfits."),
    )
    assert [h.id for h in hits] == ["variance_means_underfit"]
    assert hits[0].sentence_index == 1
    assert "overfitting" in hits[0].correction


def test_topic_only_refuted_or_negated_mentions_are_not_flagged(
    sample_questions: dict[str, Question],
) -> None:
    question = sample_questions["sample_bias_variance"]
    assert mistakes_in(question, "Variance and underfitting are both topics here.") == []
    assert mistakes_in(question, "High variance means overfitting, not underfitting.") == []
    assert (
        mistakes_in(question, "A common misconception is that high variance means underfitting.")
        == []
    )
    assert mistakes_in(question, "High variance does not mean the model underfits.") == []
    assert (
        mistakes_in(question, "If high variance means underfitting, we would add capacity.") == []
    )


def test_chinese_cue_is_caught(sample_questions: dict[str, Question]) -> None:
    question = sample_questions["sample_bias_variance"]
    assert mistakes_in(question, "我觉得方差高说明欠拟合。") == ["variance_means_underfit"]
