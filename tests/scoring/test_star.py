from interviewer.scoring.star import analyse_star
from interviewer.scoring.text import split_sentences

FULL = (
    "At my previous company our team was missing the launch date for the ranking model. "
    "My task was to get the evaluation pipeline unblocked. "
    "I decided to rewrite the feature join and I set up nightly checks. "
    "As a result, evaluation time dropped from 6 hours to 40 minutes and we shipped on time."
)


def test_complete_star_story_is_strong_with_measurable_result() -> None:
    star = analyse_star(split_sentences(FULL))
    assert all(star.present.values())
    assert star.measurable_result
    assert star.verdict == "strong"
    assert star.ownership == "I"
    assert abs(sum(star.share_0_1.values()) - 1.0) < 0.01
    assert [s.part for s in star.spans] == ["situation", "task", "action", "result"]


def test_missing_result_is_told() -> None:
    story = FULL.rsplit(". ", 1)[0] + "."
    star = analyse_star(split_sentences(story))
    assert not star.present["result"]
    assert star.verdict != "strong"
    assert "Result" in star.advice


def test_we_heavy_story_is_asked_for_ownership() -> None:
    story = (
        "Back in 2022 we were late. We needed to fix the pipeline. We rewrote it and we tested it. "
        "In the end we cut latency by 30%."
    )
    star = analyse_star(split_sentences(story))
    assert star.ownership == "we"
    assert "you" in star.advice.lower()


def test_chinese_star_parts() -> None:
    star = analyse_star(
        split_sentences(
            "当时我们团队的模型上线延期。我负责评估流程。我决定重写特征拼接。最终评估时间降低了80%。"
        )
    )
    assert all(star.present.values())
    assert star.measurable_result
