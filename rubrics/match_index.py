"""What the matcher compares an asked question with, precomputed once per bank.

For each bank question: the texts to embed (prompt in both languages, key points in both
languages, and its topic: the words of its id and, for behavioral questions, the competency),
and three term sets for the cheap lexical signals (prompt; whole rubric; topic). Inverse
document frequencies are computed over the bank so that words every question shares ("tell",
"time", "how") weigh nothing and a rare one ("multicollinearity") decides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rubrics.match_terms import terms
from rubrics.schema import Question

PROMPT, KEY_POINT, TOPIC, ASKED = 0, 1, 2, 3


def topic_text(question: Question) -> str:
    """The question's topic in a few words: its id without the area prefix ("beh_", "cml_").

    Ids are authored snake_case names of what is asked ("weight_initialization",
    "scaled_dot_product_attention"), which is often how an interviewer names the topic.
    """
    words = question.id.split("_")
    return " ".join(words[1:] if len(words) > 1 else words)


def question_texts(question: Question) -> list[tuple[int, str]]:
    """(kind, text) pairs to embed for one question, without duplicates."""
    pairs = [(PROMPT, question.prompt.en), (PROMPT, question.prompt.zh)]
    pairs += [(ASKED, asked) for asked in question.asked_as]
    for key_point in question.key_points:
        pairs += [(KEY_POINT, key_point.text.en), (KEY_POINT, key_point.text.zh)]
    pairs.append((TOPIC, topic_text(question)))
    if question.competency:
        pairs.append((TOPIC, question.competency))
    return list(dict.fromkeys(pairs))


def _rubric_terms(question: Question) -> frozenset[str]:
    found = terms(question.prompt.en) | terms(question.prompt.zh)
    for key_point in question.key_points:
        for term in key_point.terms:
            found |= terms(term)
    for topic in question.related_topics:
        found |= terms(topic)
    return frozenset(found | _topic_terms(question))


def _topic_terms(question: Question) -> frozenset[str]:
    return frozenset(terms(topic_text(question)) | terms(question.competency or ""))


@dataclass(frozen=True)
class TermField:
    """One term set per question, with inverse document frequencies over the bank."""

    sets: tuple[frozenset[str], ...]
    idf: dict[str, float]

    @classmethod
    def build(cls, sets: Sequence[frozenset[str]]) -> TermField:
        counts = Counter(term for found in sets for term in found)
        total = len(sets) + 1
        idf = {term: math.log(total / (count + 1)) + 1e-3 for term, count in counts.items()}
        return cls(tuple(sets), idf)

    def weight(self, term: str) -> float:
        """A term no question uses weighs as much as the rarest one: it can only miss."""
        return self.idf.get(term, math.log(len(self.sets) + 1))


@dataclass(frozen=True)
class BankIndex:
    """Texts to embed (question index and kind of each) and the term fields, in bank order."""

    questions: tuple[Question, ...]
    texts: tuple[str, ...]
    owners: tuple[int, ...]
    kinds: tuple[int, ...]
    prompt_terms: TermField
    rubric_terms: TermField
    topic_terms: TermField

    @classmethod
    def build(cls, bank: Iterable[Question]) -> BankIndex:
        questions = tuple(bank)
        texts: list[str] = []
        owners: list[int] = []
        kinds: list[int] = []
        for index, question in enumerate(questions):
            for kind, text in question_texts(question):
                texts.append(text)
                owners.append(index)
                kinds.append(kind)
        return cls(
            questions=questions,
            texts=tuple(texts),
            owners=tuple(owners),
            kinds=tuple(kinds),
            prompt_terms=TermField.build(
                [frozenset(terms(q.prompt.en) | terms(q.prompt.zh)) for q in questions]
            ),
            rubric_terms=TermField.build([_rubric_terms(q) for q in questions]),
            topic_terms=TermField.build([_topic_terms(q) for q in questions]),
        )
