"""Unrelated Chinese answers score as low as English ones: a key point's similarity counts only
above how close everyday talk of the answer's own language comes (coverage.point_credits), so
the fluency of a Chinese text no longer passes for a story. Every answer here was written for
this test on real bank questions; none is taken from ../shared."""

from __future__ import annotations

import pytest

from interviewer.scoring import AnswerScorer
from interviewer.scoring import calibration as cal
from rubrics.schema import Question
from tests.scoring.conftest import score

pytestmark = pytest.mark.models

# A family-dinner story told with every STAR cue: a story, but about nothing the questions ask.
COOKING_STORY_ZH = (
    "去年春节的时候，我第一次负责给全家做年夜饭。我的任务是在两个小时内做出八个菜。"
    "我先列了菜单，然后提前一天把肉腌好，又把蔬菜洗好切好。"
    "结果八个菜都按时上桌了，大家都说红烧肉最好吃。我学到的是做饭要提前准备。"
)
COOKING_STORY_EN = (
    "Last year at the spring festival I cooked the family dinner for the first time. "
    "My task was to make eight dishes in two hours. "
    "First I wrote a menu, then I marinated the meat a day early and washed and chopped the "
    "vegetables. As a result all eight dishes were on the table on time and everyone said the "
    "braised pork was the best. I learned that cooking needs preparation."
)
COOKING_ZH = "我周末最喜欢在家做红烧肉，先焯水，再炒糖色，小火慢炖一个小时，最后大火收汁。"
COOKING_EN = (
    "On weekends I love cooking braised pork at home: blanch it, brown it in melted sugar, "
    "simmer it for an hour and reduce the sauce at the end."
)
# A technical explanation given to a behavioral question.
TECHNICAL_ZH = (
    "梯度提升树每一轮拟合前面所有树的残差，也就是损失函数的负梯度。"
    "学习率控制每棵树的贡献，树越多越容易过拟合。"
    "XGBoost 在目标里加入了正则项，并用二阶泰勒展开近似损失。"
)
TECHNICAL_EN = (
    "Gradient boosting fits each new tree to the residuals of the trees before it, which are "
    "the negative gradient of the loss. The learning rate scales each tree's contribution, and "
    "too many trees overfit. XGBoost adds a regularisation term to the objective and uses a "
    "second-order Taylor expansion of the loss."
)
# A real answer to beh_giving_feedback, in its own words (none of the rubric's paraphrases).
FEEDBACK_STORY_ZH = (
    "我们组有一位同事写的代码评审意见经常很尖锐，新人都不太敢提交代码，进度明显慢了。"
    "我约他单独喝咖啡，具体讲了两次评审里的原话，以及新人后来一周都没提交的影响，"
    "没有说他这个人有问题。他一开始有点意外，后来说他只是想把质量把好。"
    "我们一起商定，以后评审先说做得好的地方，再用提问的方式提出修改建议，"
    "我也帮他整理了一份评审清单。一个月后新人的提交量回升了，他的评审也被团队评为最有帮助的。"
    "我学到的是，反馈要及时、私下、讲具体行为。"
)


UNRELATED = [
    (COOKING_STORY_ZH, COOKING_STORY_EN),
    (COOKING_ZH, COOKING_EN),
    (TECHNICAL_ZH, TECHNICAL_EN),
]
KINDS = ["cooking-story", "cooking", "technical"]


@pytest.mark.parametrize("question", ["beh_tight_deadline", "beh_conflict", "beh_ownership"])
@pytest.mark.parametrize(("chinese", "english"), UNRELATED, ids=KINDS)
def test_unrelated_chinese_scores_as_low_as_english(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], question: str, chinese: str, english: str
) -> None:
    zh = score(scorer, bank_by_id[question], chinese, "zh")
    en = score(scorer, bank_by_id[question], english, "en")
    assert zh.score_0_10 <= en.score_0_10 + 0.5, (zh.score_0_10, en.score_0_10, zh.key_points)


@pytest.mark.parametrize(
    ("question", "chinese"),
    [
        (q, text)
        for q in ("beh_tight_deadline", "beh_conflict", "beh_ownership")
        for text in (COOKING_ZH, TECHNICAL_ZH)
    ],
)
def test_unrelated_chinese_scores_at_most_three(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], question: str, chinese: str
) -> None:
    """(The cooking story, a deadline met with every STAR cue, scores 3.3-3.6 in Chinese and
    3.8-5.0 in English on these three questions since a point stated in a sentence about it
    earns its full weight from calibration's full credit on: it tells a story, and its result
    sentence, "all eight dishes were on the table on time", is one; the parity test above and
    the story-point test below hold it.)"""
    zh = score(scorer, bank_by_id[question], chinese, "zh")
    assert zh.score_0_10 <= 3, [(kp.id, kp.credit_0_1) for kp in zh.key_points]


@pytest.mark.parametrize("question", ["beh_tight_deadline", "beh_conflict", "beh_ownership"])
def test_no_story_point_is_covered_by_fluent_chinese_alone(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], question: str
) -> None:
    """The story points used to earn 0.4-0.6 each from any fluent Chinese story."""
    result = score(scorer, bank_by_id[question], COOKING_STORY_ZH, "zh")
    assert all(kp.credit_0_1 < cal.COVERED_CREDIT for kp in result.key_points), result.key_points


def test_a_real_chinese_story_still_scores_well(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    result = score(scorer, bank_by_id["beh_giving_feedback"], FEEDBACK_STORY_ZH, "zh")
    assert result.non_answer is None
    assert result.score_0_10 >= 6, [(kp.id, kp.credit_0_1) for kp in result.key_points]
    unrelated = score(scorer, bank_by_id["beh_giving_feedback"], COOKING_STORY_ZH, "zh")
    assert result.score_0_10 >= unrelated.score_0_10 + 3
