import pytest

from interviewer.scoring.results import StarPart
from interviewer.scoring.star import PARTS, analyse_star
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


@pytest.mark.parametrize(
    "result",
    [
        "上线后延迟下降了百分之三十。",
        "训练时间缩短了一半。",
        "这个问题从此再没出现过。",
        "召回率提高了两倍。",
    ],
)
def test_chinese_results_said_in_words_are_results(result: str) -> None:
    star = analyse_star(split_sentences(f"去年我们的模型很慢。我先分析了瓶颈。{result}"))
    assert star.present["result"], result


# Stories written for this test, each sentence labelled by hand with the part it plays.
LABELLED: list[list[tuple[str, StarPart]]] = [
    [
        ("At my last company the nightly training job failed about once a week.", "situation"),
        ("Nobody owned it because it sat between the data team and ours.", "situation"),
        ("I decided to take it on even though it was not my project.", "action"),
        (
            "I traced the failures to a schema change upstream and wrote a validation step.",
            "action",
        ),
        ("I also set up an alert that paged the data team with the exact broken column.", "action"),
        ("Over the next quarter failures dropped from weekly to zero.", "result"),
        ("I learned to write ownership down explicitly instead of assuming it.", "result"),
    ],
    [
        (
            "Last year my manager wanted to launch the bigger ranking model before the holidays.",
            "situation",
        ),
        ("My job was to sign off on the offline evaluation.", "task"),
        (
            "I thought the gains came from a leaked feature, so I reran the evaluation without it.",
            "action",
        ),
        ("I showed him the two results side by side and proposed a one-week A/B test.", "action"),
        (
            "He agreed, and the test showed the bigger model was flat once the leak was gone.",
            "result",
        ),
        ("We shipped the smaller model and saved about thirty percent of serving cost.", "result"),
    ],
]


def _shares(story: list[tuple[str, StarPart]]) -> dict[StarPart, float]:
    words: dict[StarPart, int] = {part: 0 for part in PARTS}
    for text, part in story:
        words[part] += len(text.split())
    total = sum(words.values())
    return {part: n / total for part, n in words.items()}


def test_parts_by_content_match_hand_labels_within_ten_points() -> None:
    for story in LABELLED:
        star = analyse_star(split_sentences(" ".join(text for text, _ in story)))
        expected = _shares(story)
        for part, share in expected.items():
            assert abs(star.share_0_1[part] - share) <= 0.10, (part, star.spans)


def test_no_result_is_reported_where_none_is_stated() -> None:
    story = (
        "At my previous job our search latency kept creeping up. "
        "I was asked to find out why. "
        "I profiled the service and found a slow join in the feature lookup. "
        "I rewrote the join to use a cached table and reviewed it with my lead."
    )
    star = analyse_star(split_sentences(story))
    assert not star.present["result"]
    assert "Result" in star.advice


def test_a_short_setup_is_not_told_to_be_shorter() -> None:
    story = " ".join(text for text, _ in LABELLED[0])
    star = analyse_star(split_sentences(story))
    assert "setup" not in star.advice.lower()


def test_level_read_against_the_question_and_chosen_level(
    sample_questions: dict[str, object],
) -> None:
    team_story = " ".join(text for text, _ in LABELLED[0])
    star = analyse_star(split_sentences(team_story), level="L6")
    assert star.level_read in ("L4", "L5")
    assert star.level_target == "L6" and "L6" in star.level_advice
    wide = (
        "Two years ago every team in the organisation ran its own fragile training pipeline. "
        "I proposed a shared platform program and convinced three directors to fund it. "
        "I led the design and aligned five teams on one standard process. "
        "As a result incidents fell by 70 percent and the platform is now the default for "
        "every new model."
    )
    assert analyse_star(split_sentences(wide)).level_read in ("L6", "L7")


def test_level_advice_quotes_the_next_level_expectation(bank_questions: list) -> None:
    question = next(q for q in bank_questions if q.id == "beh_ownership")
    star = analyse_star(split_sentences(" ".join(t for t, _ in LABELLED[0])), question, "L6")
    assert question.level_expectations["L6"] in star.level_advice


def test_chinese_story_advice_is_in_chinese() -> None:
    star = analyse_star(
        split_sentences("当时我们的训练任务经常失败。我负责排查。我决定重写数据校验。"),
        language="zh",
    )
    assert not star.present["result"]
    assert "结果" in star.advice and "Result" not in star.advice


@pytest.mark.parametrize(
    "opening",
    [
        "Last year my teammate and I disagreed about whether to retrain daily or weekly.",
        "At my previous company I inherited a feature pipeline that broke every week.",
        "A few months ago we found that our ranking model had drifted.",
        "去年我和另一位工程师在要不要每天重训模型上有分歧。",
    ],
)
def test_a_sentence_opening_on_when_or_where_sets_the_scene(opening: str) -> None:
    """Its verb may read as a deed ("I disagreed", "I inherited"), but a sentence that opens on
    when or where the story happened is its Situation."""
    story = f"{opening} I proposed a two week offline comparison and we agreed on the metric."
    spans = analyse_star(split_sentences(story)).spans
    assert [span.part for span in spans] == ["situation", "action"], spans


def test_an_opening_frame_that_states_the_outcome_stays_a_result() -> None:
    story = "Last year I cut our serving cost by thirty percent."
    assert analyse_star(split_sentences(story)).spans[0].part == "result"


def test_parts_the_candidate_names_hold_until_the_next_name() -> None:
    """A typed answer laid out as "Situation: ... Task: ... Action: ... Result: ..." says what
    each sentence does; an uncued sentence under "Result:" is still the result."""
    story = (
        "Situation: our nightly feature job kept failing. Nobody owned it. "
        "Task: I wanted it fixed before the launch. "
        "Action: I traced the failures to a schema change. I wrote a validation step. "
        "Result: The job has run cleanly since. The launch team could finally trust the data."
    )
    parts = [span.part for span in analyse_star(split_sentences(story)).spans]
    assert parts == ["situation"] * 2 + ["task"] + ["action"] * 2 + ["result"] * 2


def test_chinese_part_names_are_read_too() -> None:
    story = (
        "背景：我们的推荐模型每周都会掉点。任务：我要在一个月内找到原因。"
        "行动：我排查了特征管道。结果：问题定位后指标恢复了。"
    )
    parts = [span.part for span in analyse_star(split_sentences(story)).spans]
    assert parts == ["situation", "task", "action", "result"]


def test_a_settled_choice_is_the_result() -> None:
    story = (
        "Last year my teammate and I disagreed about how often to retrain. "
        "I proposed a two week offline comparison. "
        "We looked at the numbers together and settled on retraining every three days."
    )
    parts = [span.part for span in analyse_star(split_sentences(story)).spans]
    assert parts == ["situation", "action", "result"]
