"""Simulated candidates on real bank questions, in English and Chinese, scored with the real
bundled embedder: claims not topics, mistakes only when asserted, off-topic whatever the length,
bulk that buys nothing, and real answers never zeroed. Every answer here was written for this
test; none is taken from ../shared."""

from __future__ import annotations

import pytest

from bench.scoring import rubric_question
from interviewer.scoring import AnswerScorer
from interviewer.scoring.claims import denies
from rubrics.schema import Question
from tests.scoring.conftest import score

pytestmark = pytest.mark.models

BACKPROP_EN = (
    "In the forward pass the network computes the loss and keeps every layer's activations, "
    "because the backward pass needs them. "
    "The backward pass then applies the chain rule from the loss back towards the input, "
    "multiplying the upstream gradient by each layer's local derivative. "
    "For a linear layer the weight gradient is the outer product of the output gradient and "
    "the layer input. "
    "It is reverse-mode differentiation, so one backward pass gives the gradient for every "
    "parameter at a small multiple of the forward cost."
)
BACKPROP_NEGATED_EN = (
    "There is no need to keep anything from the forward pass, so memory stays constant with "
    "depth. "
    "The backward pass does not need the chain rule or the layer derivatives."
)
BACKPROP_ZH = (
    "前向传播先算出损失，并把每一层的中间激活值缓存下来，因为反向传播要用。"
    "反向传播从损失开始往回用链式法则，把上游梯度乘以每层的局部导数。"
    "线性层权重的梯度就是输出梯度和输入激活的外积。"
    "它是反向模式自动微分，一次反向传播就能以前向几倍的代价得到所有参数的梯度。"
)
BATCHNORM_EN = (
    "Batch norm normalises each channel using the mean and variance of the current batch, and "
    "layer norm normalises each example over its own features. "
    "At inference batch norm switches to running averages, so small batches make it noisy. "
    "Transformers use layer norm because it does not depend on the batch or sequence length."
)
BATCHNORM_ZH = (
    "批归一化用当前批次的均值和方差对每个通道做归一化，层归一化则在单个样本的特征维度上归一化。"
    "推理时批归一化改用滑动平均，小批量时会很不稳定。"
    "Transformer 用层归一化，因为它不依赖批大小和序列长度。"
)
# A long answer about something else: a generic ML design template with no backprop in it.
TEMPLATE_EN = (
    "First I would clarify the business goal and the success metrics with the product team. "
    "Then I would define offline metrics such as precision and recall and online metrics such "
    "as click-through rate and retention. "
    "For data I would log impressions and engagement, join them with user and item features, "
    "and label positives from clicks. "
    "Candidate generation would use a two-tower retrieval model over an approximate nearest "
    "neighbour index, followed by a ranking model with cross features. "
    "For serving I would cache embeddings, keep latency under one hundred milliseconds and "
    "shard the index. "
    "I would run an A/B test against the current system and watch guardrail metrics. "
    "Finally I would monitor feature drift, retrain weekly and keep a rollback plan."
)


@pytest.mark.parametrize(("text", "language"), [(BACKPROP_EN, "en"), (BACKPROP_ZH, "zh")])
def test_correct_concise_answer_scores_at_least_seven(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], text: str, language: str
) -> None:
    result = score(scorer, bank_by_id["dl_backprop"], text, language)
    assert result.non_answer is None
    assert result.score_0_10 >= 7, result.key_points


def test_negated_key_points_earn_nothing(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    question = bank_by_id["dl_backprop"]
    negated = score(scorer, question, BACKPROP_NEGATED_EN, "en")
    stated = {kp.id: kp.status for kp in negated.key_points}
    assert stated["forward_cache"] == "missed" and stated["chain_rule"] == "missed"
    partial = score(scorer, question, BACKPROP_EN.split(". ")[0] + ".", "en")
    assert negated.score_0_10 < partial.score_0_10
    assert negated.score_0_10 <= 3


def test_chinese_negation_earns_nothing(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    negated = score(
        scorer,
        bank_by_id["dl_backprop"],
        "前向传播不需要缓存任何激活值，显存不会随深度增长。",
        "zh",
    )
    assert next(kp for kp in negated.key_points if kp.id == "forward_cache").status == "missed"
    assert negated.score_0_10 <= 3


def test_true_sentence_sharing_a_mistakes_words_is_not_flagged(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    question = bank_by_id["dl_multi_head_attention"]
    true = (
        "Each head projects queries, keys and values into its own smaller subspace and attends "
        "on its own, so different heads capture different relations; with a single head "
        "everything gets averaged into one distribution. "
        "The head outputs are concatenated and mixed back by an output projection."
    )
    result = score(scorer, question, true, "en")
    assert result.mistakes == []
    assert result.score_0_10 >= 5
    wrong = score(scorer, question, "The outputs of the different heads are averaged.", "en")
    assert [m.id for m in wrong.mistakes] == ["heads_averaged"]


@pytest.mark.parametrize(
    ("text", "language"), [(BATCHNORM_EN, "en"), (BATCHNORM_ZH, "zh"), (TEMPLATE_EN, "en")]
)
def test_answer_to_another_question_scores_low_whatever_its_length(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], text: str, language: str
) -> None:
    result = score(scorer, bank_by_id["dl_backprop"], text, language)
    assert result.score_0_10 <= 3, (result.non_answer, result.key_points)


@pytest.mark.parametrize(("correct", "language"), [(BACKPROP_EN, "en"), (BACKPROP_ZH, "zh")])
def test_padding_with_another_topic_buys_nothing(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], correct: str, language: str
) -> None:
    """The first half of a correct answer, then bulk about something else: no higher than the
    half alone, and below the complete answer."""
    question = bank_by_id["dl_backprop"]
    splitter = "。" if language == "zh" else ". "
    half = splitter.join(correct.split(splitter)[:2]) + ("。" if language == "zh" else ".")
    padding = BATCHNORM_ZH if language == "zh" else TEMPLATE_EN
    alone = score(scorer, question, half, language)
    padded = score(scorer, question, f"{half} {padding}", language)
    complete = score(scorer, question, correct, language)
    assert padded.score_0_10 <= alone.score_0_10 + 0.5
    assert padded.score_0_10 < complete.score_0_10


def test_unrelated_chinese_scores_as_low_as_unrelated_english(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    english = score(scorer, bank_by_id["dl_backprop"], BATCHNORM_EN, "en")
    chinese = score(scorer, bank_by_id["dl_backprop"], BATCHNORM_ZH, "zh")
    assert chinese.score_0_10 <= max(english.score_0_10, 1.0) + 1.0


def test_short_real_answers_are_never_zeroed(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    """Terse but real attempts, hedged or partly wrong, are scored rather than zeroed."""
    attempts = [
        (
            bank_by_id["fund_bias_variance"],
            "High variance is overfitting, I'm not sure about bias.",
            "en",
        ),
        (bank_by_id["dl_backprop"], "Chain rule, backwards through the layers.", "en"),
        (bank_by_id["dl_multi_head_attention"], "The heads get concatenated and projected.", "en"),
        (bank_by_id["fund_bias_variance"], "方差高就是过拟合，训练误差低但验证误差高。", "zh"),
    ]
    for question, text, language in attempts:
        result = score(scorer, question, text, language)
        assert result.non_answer is None, (question.id, text, result.non_answer)
        assert result.score_0_10 > 0, (question.id, text)


def test_same_input_same_score(scorer: AnswerScorer, bank_by_id: dict[str, Question]) -> None:
    first = score(scorer, bank_by_id["dl_backprop"], BACKPROP_EN, "en")
    again = score(scorer, bank_by_id["dl_backprop"], BACKPROP_EN, "en")
    assert first == again


def test_chinese_feedback_and_outline_are_in_chinese(
    scorer: AnswerScorer, bank_by_id: dict[str, Question]
) -> None:
    result = score(scorer, bank_by_id["dl_backprop"], BACKPROP_ZH, "zh")
    assert "得分" in result.feedback and "Score" not in result.feedback
    assert all(any("\u4e00" <= c <= "\u9fff" for c in line) for line in result.model_outline)


def test_chinese_words_that_merely_contain_a_negator_do_not_deny() -> None:
    terms = frozenset({"频率", "分布"})
    assert not denies("对每个类别检查频率分布，并分别送进两个模型比较。", terms)
    assert denies("不需要检查频率分布。", terms)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Code review catches defects early and spreads knowledge across the team. Small "
            "pull requests with a clear description get faster and better reviews. A checklist "
            "keeps reviewers looking at the same things.",
            "en",
        ),
        (
            "代码评审能尽早发现缺陷，也能在团队里传播知识。描述清楚的小型合并请求会得到更快更好的"
            "评审。检查清单让评审者关注同样的问题。",
            "zh",
        ),
    ],
)
def test_explanation_given_to_a_behavioral_question_is_off_topic(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], text: str, language: str
) -> None:
    """A behavioral rubric describes a story's shape, so any text earns some similarity to it;
    an answer that tells nothing the speaker did and covers none of the points is about
    something else (the bank contrast alone scored this 2.5). In Chinese too: a story point's
    similarity counts only above everyday Chinese talk, so fluent Chinese covers none alone."""
    result = score(scorer, bank_by_id["beh_tight_deadline"], text, language)
    assert (result.non_answer, result.score_0_10) == ("off_topic", 0.0)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We had a launch date we could not move, so we cut two features and shipped it.", "en"),
        ("I would first ask which parts can slip, then agree the scope with my manager.", "en"),
        ("去年有一次上线时间提前了两周，我们砍掉了两个次要功能，按时上线了。", "zh"),
        ("Deadline moved up two weeks. Cut two features, shipped on time.", "en"),
        ("上线提前两周。砍掉次要功能，按时交付。", "zh"),
    ],
)
def test_short_behavioral_accounts_are_never_zeroed(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], text: str, language: str
) -> None:
    """A terse story without STAR cues, one that drops its pronouns, or a hypothetical one is a
    weak answer, not none."""
    result = score(scorer, bank_by_id["beh_tight_deadline"], text, language)
    assert result.non_answer is None, result.key_points
    assert result.score_0_10 > 0


# A design document in notes: headings, figures and lists, each close to every rubric and
# about none in particular; written for this test.
DESIGN_NOTES_EN = (
    "Requirements: two hundred million posts a day, about ten thousand labelled. "
    "Latency: under two hundred milliseconds at the ninety-ninth percentile. "
    "Inputs: text, images, the author's history and reports from other users. "
    "Encoders: a pretrained text encoder and an image encoder, fused late. "
    "Labels: human reviewers, plus user reports as weak labels. "
    "Model: a shared backbone with one head per policy. "
    "Serving: a cheap filter first, then the heavy model, then a human review queue. "
    "Monitoring: appeal rates, reviewer agreement and drift of the input mix. "
    "Rollout: shadow mode first, then one region, then everywhere."
)
DESIGN_NOTES_ZH = (
    "需求：每天两亿条帖子，约一万条有人工标注。"
    "延迟：第九十九百分位低于两百毫秒。"
    "输入：文本、图片、作者历史和其他用户的举报。"
    "编码器：预训练的文本编码器和图像编码器，后期融合。"
    "标注：人工审核员，用户举报作为弱标签。"
    "模型：共享主干，每条政策一个输出头。"
    "上线：先影子模式，再一个地区，最后全量。"
)


@pytest.mark.parametrize(
    ("question_id", "text", "language"),
    [
        ("algo_two_sum", DESIGN_NOTES_EN, "en"),
        ("dl_warmup_training_stability", DESIGN_NOTES_EN, "en"),
        ("sd_people_you_may_know", DESIGN_NOTES_EN, "en"),
        ("fund_roc_vs_pr_auc", DESIGN_NOTES_ZH, "zh"),
    ],
)
def test_notes_about_another_question_are_off_topic_however_many(
    scorer: AnswerScorer,
    bank_by_id: dict[str, Question],
    question_id: str,
    text: str,
    language: str,
) -> None:
    """Fragments about nothing in particular sit within a few hundredths of every rubric, so
    by margin more than half of these notes read as on topic for the English questions here;
    by rank each question is far down the bank for nearly all of them."""
    result = score(scorer, bank_by_id[question_id], text, language)
    assert (result.non_answer, result.score_0_10) == ("off_topic", 0.0), result.key_points


WEAKNESS_EN = (
    "My real weakness is estimating work. Last year I said a data migration would take three "
    "weeks and it took seven, which pushed a launch back. Since then I break every estimate "
    "into tasks, add a buffer for integration and review it with a teammate. My last three "
    "projects landed within fifteen percent, though I still watch it on unfamiliar systems."
)
WEAKNESS_ZH = (
    "我的弱点是在评审会上有顾虑也不说。去年一次方案评审我没提出数据泄漏的担心，结果上线后"
    "指标虚高，返工了两周。后来我每次开会前先把问题写下来，至少提一个，也请经理发现时直接"
    "提醒我。最近一次绩效反馈说我发言多了，但我还在练。"
)


@pytest.mark.parametrize(
    ("text", "humblebrag", "language"),
    [
        (WEAKNESS_EN, "Honestly, I am a perfectionist and I work too hard.", "en"),
        (WEAKNESS_ZH, "说实话，我最大的缺点就是太追求完美，工作太拼了。", "zh"),
    ],
)
def test_a_humblebrag_weakness_is_flagged_and_a_real_one_is_credited(
    scorer: AnswerScorer,
    bank_by_id: dict[str, Question],
    text: str,
    humblebrag: str,
    language: str,
) -> None:
    question = bank_by_id["beh_greatest_weakness"]
    real = score(scorer, question, text, language)
    brag = score(scorer, question, humblebrag, language)
    assert real.non_answer is None and real.score_0_10 >= 6, real.key_points
    assert [m.id for m in brag.mistakes] == ["humblebrag"]
    assert brag.score_0_10 < real.score_0_10 - 3


def test_real_answers_to_a_question_outside_the_bank_are_never_zeroed(
    scorer: AnswerScorer,
) -> None:
    """The bank's authored rubrics outrank a thin custom one whatever the answer, so being
    nearer one of them says nothing: only everyday talk is off-topic for such a question."""
    # Made the way bench/scoring.py makes a graded reference a rubric: English only, thin.
    question = rubric_question(
        "custom_linked_list",
        "What is a linked list?",
        "A linked list is a data structure made of nodes. "
        "Each node holds some data and a pointer to the next node in the list.",
    )
    real = [
        ("链表是由节点组成的，每个节点存数据和指向下一个节点的指针。", "zh"),
        (
            "A linked list keeps its elements in separate nodes. Each node has the value and a "
            "reference to the node after it. Unlike an array it is not contiguous in memory, so "
            "inserting after a node is constant time but reaching the i-th element is linear.",
            "en",
        ),
    ]
    for text, language in real:
        result = score(scorer, question, text, language)
        assert result.non_answer is None, (text, result.non_answer)
        assert result.score_0_10 > 0, text
    for text, language in [
        ("My favourite pizza has mushrooms, olives and fresh basil on top.", "en"),
        ("我周末喜欢去爬山，然后吃火锅。", "zh"),
    ]:
        assert score(scorer, question, text, language).non_answer == "off_topic", text


# Two-sentence answers in a candidate's own words that state a question's core points and
# nothing of its depth (remedies, history, practice), next to depth alone without the core.
CONCISE_CORE = [
    (
        "fund_bias_variance",
        "en",
        "A high-bias model is too simple, so it underfits and does badly even on the data it "
        "trained on. A high-variance model chases the noise in its particular training set, so "
        "it overfits and its validation error is much worse than its training error.",
    ),
    (
        "dl_dropout",
        "en",
        "While training, every unit is switched off at random with probability p, a new mask "
        "each step. The survivors are scaled up by one over one minus p so the expected "
        "activation is unchanged, and at inference nothing is dropped.",
    ),
    (
        "dl_residual_connections",
        "en",
        "Each block adds its input back to its output, so it only learns a correction and can "
        "fall back to the identity. And because the derivative of the skip path is the identity, "
        "the gradient flows straight back to the early layers without vanishing.",
    ),
    (
        "fund_bias_variance",
        "zh",
        "偏差高说明模型太简单，欠拟合，连训练集上的误差都很大。"
        "方差高说明模型对训练样本太敏感，过拟合，验证误差远高于训练误差。",
    ),
    (
        "dl_dropout",
        "zh",
        "训练时每个神经元以概率 p 被随机置零，每一步都换一个新的掩码。"
        "保留下来的激活要除以一减 p 来保持期望不变，推理时就不再丢弃任何神经元。",
    ),
]
DEPTH_WITHOUT_CORE = [
    (
        "dl_dropout",
        "en",
        "Typical rates are between 0.1 and 0.5, mostly on the fully connected layers, and in "
        "transformers on the attention and residual outputs. You can also keep it switched on "
        "at test time and average several passes to get a cheap uncertainty estimate.",
    ),
    (
        "fund_bias_variance",
        "en",
        "I would plot learning curves of training and validation error against the training "
        "set size. To fix it I would add features or capacity, or else get more data and "
        "regularise more strongly.",
    ),
]


def _case_id(case: tuple[str, str, str]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", CONCISE_CORE, ids=_case_id)
def test_a_concise_answer_stating_the_core_points_scores_at_least_seven(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], case: tuple[str, str, str]
) -> None:
    question_id, language, text = case
    result = score(scorer, bank_by_id[question_id], text, language)
    assert result.score_0_10 >= 7, [(kp.id, kp.credit_0_1) for kp in result.key_points]


@pytest.mark.parametrize("case", DEPTH_WITHOUT_CORE, ids=_case_id)
def test_depth_without_the_core_scores_below_the_concise_core(
    scorer: AnswerScorer, bank_by_id: dict[str, Question], case: tuple[str, str, str]
) -> None:
    """Pitfalls, practice and remedies alone are a partial answer: the question asked what
    the thing is, and this does not say."""
    question_id, language, text = case
    core = next(t for q, lang, t in CONCISE_CORE if q == question_id and lang == language)
    depth = score(scorer, bank_by_id[question_id], text, language)
    concise = score(scorer, bank_by_id[question_id], core, language)
    assert depth.score_0_10 <= concise.score_0_10 - 1.0, (depth.score_0_10, concise.score_0_10)
