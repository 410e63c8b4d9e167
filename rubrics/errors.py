"""Typed errors of the question bank.

A broken rubric must be fixable from the message alone, so every problem names the file, the
question id and the field path (`key_points[2].weight`). Problems are collected, never raised one
at a time: an author fixing a 40-question file wants the whole list in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Shown where a problem belongs to the file rather than to one question (broken YAML syntax).
NO_QUESTION = "-"


@dataclass(frozen=True)
class FieldProblem:
    """A problem found inside one question, before it is tied to a file."""

    field: str
    message: str


class RubricFileError(Exception):
    """One problem in one rubric file, located by question id and field path."""

    def __init__(self, path: Path | str, question_id: str, field: str, message: str) -> None:
        self.path = Path(path)
        self.question_id = question_id
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.question_id}: {self.field}: {self.message}"

    @classmethod
    def from_problem(
        cls, path: Path | str, question_id: str, problem: FieldProblem
    ) -> RubricFileError:
        return cls(path, question_id, problem.field, problem.message)


class RubricBankError(Exception):
    """The bank was refused; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[RubricFileError]) -> None:
        self.problems = list(problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the question bank:\n{lines}")


class UnknownQuestionError(KeyError):
    """A question id that is not in the bank (for example from a stale saved interview)."""

    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__(question_id)

    def __str__(self) -> str:
        return f"no question with id {self.question_id!r} in the bank"


class PlanError(ValueError):
    """No interview can be drawn for the request (nothing in the bank matches it)."""
