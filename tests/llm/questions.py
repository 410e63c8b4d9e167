"""A rubric question for the line writer's tests, built inline so these tests do not depend on
the bank's YAML (other engineers edit it)."""

from __future__ import annotations

from rubrics.schema import Bilingual, FollowUp, KeyPoint, Question


def bias_variance_question() -> Question:
    return Question(
        id="bias_variance",
        round="ml_theory",
        domain="fundamentals",
        levels=["L3", "L4"],
        frequency=5,
        importance=5,
        year=2024,
        prompt=Bilingual(
            en="Explain the bias-variance tradeoff.",
            zh="请解释偏差-方差权衡。",
        ),
        key_points=[
            KeyPoint(
                id="overfit",
                text=Bilingual(
                    en="High variance means the model overfits the training data.",
                    zh="高方差意味着模型过拟合训练数据。",
                ),
                weight=0.5,
                terms=["overfitting", "过拟合"],
            ),
            KeyPoint(
                id="regularize",
                text=Bilingual(
                    en="Regularization such as dropout or weight decay reduces variance.",
                    zh="正则化，比如 dropout 或权重衰减，可以降低方差。",
                ),
                weight=0.5,
                terms=["regularization", "dropout", "weight decay", "正则化"],
            ),
        ],
        follow_ups=[
            FollowUp(
                id="how_reduce",
                text=Bilingual(
                    en="How would you reduce variance in practice?",
                    zh="实际中你会怎样降低方差？",
                ),
                probes=["regularize"],
            )
        ],
        solution_outline=["Define bias and variance", "Relate to under/overfitting"],
    )
