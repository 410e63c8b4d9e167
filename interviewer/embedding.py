"""The embedder seam used by scoring (coverage by similarity)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        ...
