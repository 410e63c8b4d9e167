"""The loaded question bank: look-up by id, filtering, and counts for browsing and stats.

Read-only after loading: the web layer shares one bank between all sessions, so nothing here
mutates it. Questions keep their file order; the file each came from is kept so tools can point
an author at it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rubrics.errors import UnknownQuestionError
from rubrics.schema import LEVELS, Domain, Language, Level, Question, Round


def company_key(name: str) -> frozenset[str]:
    """The names a company tag answers to: "TikTok/ByteDance" matches "bytedance" and "tiktok"."""
    return frozenset(part.strip().lower() for part in name.split("/") if part.strip())


def tagged_with(question: Question, company: str) -> bool:
    wanted = company_key(company)
    return any(company_key(tag) & wanted for tag in question.companies)


def spoken_texts(question: Question, language: Language) -> Iterator[str]:
    """Every line the interviewer may say for this question, in `language`."""
    yield question.prompt.in_language(language)
    for follow_up in question.follow_ups:
        yield follow_up.text.in_language(language)


class QuestionBank:
    """All questions, by id and in file order."""

    def __init__(
        self, questions: Iterable[Question], sources: Mapping[str, Path] | None = None
    ) -> None:
        self._questions = tuple(questions)
        self._by_id = {question.id: question for question in self._questions}
        self._sources = dict(sources or {})

    def __len__(self) -> int:
        return len(self._questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise UnknownQuestionError(question_id) from None

    def source_of(self, question_id: str) -> Path | None:
        """The file a question was loaded from, if it came from a file."""
        return self._sources.get(question_id)

    def filter(
        self,
        *,
        round: Round | None = None,
        domain: Domain | None = None,
        level: Level | None = None,
        company: str | None = None,
        language: Language | None = None,
    ) -> list[Question]:
        """Questions matching every given criterion; None means any.

        `company` matches tags case-insensitively, aliases included. `language` keeps questions
        whose every spoken line has text in that language: the schema only asks for non-empty
        strings, so a whitespace-only translation in a user's file is caught here.
        """
        return [
            question
            for question in self._questions
            if (round is None or question.round == round)
            and (domain is None or question.domain == domain)
            and (level is None or level in question.levels)
            and (company is None or tagged_with(question, company))
            and (language is None or all(text.strip() for text in spoken_texts(question, language)))
        ]

    def count_by_round(self) -> dict[str, int]:
        return dict(sorted(Counter(question.round for question in self._questions).items()))

    def count_by_domain(self) -> dict[str, int]:
        return dict(sorted(Counter(question.domain for question in self._questions).items()))

    def count_by_level(self) -> dict[str, int]:
        """Questions suitable per level; a question suited to several levels counts in each."""
        counts = Counter(level for question in self._questions for level in question.levels)
        return {level: counts[level] for level in LEVELS}
