"""The bundled embedder: normalised rows, a cache that returns what the model returned, threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from interviewer.e5_embedder import E5Embedder

pytestmark = pytest.mark.models

TEXTS = [
    "High variance means the model overfits.",
    "The model memorises noise in the training data.",
    "高方差意味着模型过拟合。",
    "My favourite pizza has mushrooms.",
]


def test_rows_are_normalised_and_related_texts_are_closer(e5: E5Embedder) -> None:
    vectors = e5.embed(TEXTS)
    assert vectors.shape == (4, e5.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    sims = vectors @ vectors.T
    # English paraphrase and the Chinese translation both beat the unrelated sentence.
    assert sims[0, 1] > sims[0, 3] and sims[0, 2] > sims[0, 3]


def test_cached_and_concurrent_calls_agree_with_the_first(e5: E5Embedder) -> None:
    first = e5.embed(TEXTS)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: e5.embed([TEXTS[i % 4], TEXTS[(i + 1) % 4]]), range(8)))
    for i, rows in enumerate(results):
        assert np.array_equal(rows[0], first[i % 4])
        assert np.array_equal(rows[1], first[(i + 1) % 4])
    assert e5.embed([]).shape == (0, e5.dim)
