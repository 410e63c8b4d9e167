"""Load rubric YAML files into a QuestionBank, collecting every problem instead of stopping.

Start-up (`load_bank`) refuses schema errors, broken integrity (duplicate or dangling ids) and
duplicate question ids, since those would break a live interview. The authoring rules of
`quality.py` are applied only with `strict=True`, which `python -m rubrics validate` uses: a
user's quick rubric of their own should load even if it has one follow-up, but the bundled bank
must meet the full bar (a test validates it strictly).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rubrics.bank import QuestionBank
from rubrics.errors import NO_QUESTION, RubricBankError, RubricFileError
from rubrics.integrity import integrity_problems
from rubrics.quality import quality_problems
from rubrics.schema import Question

YAML_SUFFIXES = (".yaml", ".yml")
# libyaml parses the bank about eight times faster, which keeps start-up under a second. It also
# accepts a little YAML that pure-Python PyYAML rejects (a '?' inside a flow mapping), so strict
# validation parses with the pure-Python loader: a bank that validates loads on any install.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PORTABLE_LOADER: Any = yaml.SafeLoader

PathLike = Path | str


def default_data_dir() -> Path:
    """The bank that ships with the package (rubrics/data/)."""
    return Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    """The questions that loaded cleanly and every problem found on the way."""

    bank: QuestionBank
    problems: tuple[RubricFileError, ...]
    files: tuple[Path, ...]


def load_bank(
    path: PathLike | Sequence[PathLike] | None = None, *, strict: bool = False
) -> QuestionBank:
    """Load the bank from a directory, a file or several; raise RubricBankError on any problem."""
    result = read_bank(path, strict=strict)
    if result.problems:
        raise RubricBankError(list(result.problems))
    return result.bank


def read_bank(
    path: PathLike | Sequence[PathLike] | None = None, *, strict: bool = False
) -> LoadResult:
    """Read every rubric file under `path` (default: the bundled data) without raising."""
    roots = [default_data_dir()] if path is None else _as_paths(path)
    files, problems = _rubric_files(roots)
    questions: list[Question] = []
    sources: dict[str, Path] = {}
    for file in files:
        file_questions, file_problems = read_file(file, strict=strict)
        problems += file_problems
        for question in file_questions:
            if question.id in sources:
                problems.append(
                    RubricFileError(
                        file,
                        question.id,
                        "id",
                        f"duplicate question id, also in {sources[question.id]}",
                    )
                )
                continue
            sources[question.id] = file
            questions.append(question)
    return LoadResult(QuestionBank(questions, sources), tuple(problems), tuple(files))


def read_file(path: Path, *, strict: bool = False) -> tuple[list[Question], list[RubricFileError]]:
    """Parse one YAML file; valid questions are returned even when others in it are broken."""
    data, problems = _parse_yaml(path, _PORTABLE_LOADER if strict else _FAST_LOADER)
    if problems:
        return [], problems
    items, problems = _question_items(path, data)
    questions = []
    for index, item in enumerate(items):
        question, question_problems = _validate_question(path, index, item, strict=strict)
        problems += question_problems
        if question is not None and not question_problems:
            questions.append(question)
    return questions, problems


def _as_paths(path: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(path, str | Path):
        return [Path(path)]
    return [Path(item) for item in path]


def _rubric_files(roots: Iterable[Path]) -> tuple[list[Path], list[RubricFileError]]:
    files: list[Path] = []
    problems: list[RubricFileError] = []
    for root in roots:
        if root.is_dir():
            files += sorted(p for p in root.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
        elif root.is_file():
            files.append(root)
        else:
            problems.append(RubricFileError(root, NO_QUESTION, "path", "no such file or directory"))
    return files, problems


def _parse_yaml(path: Path, loader: Any) -> tuple[object, list[RubricFileError]]:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=loader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "yaml"
        reason = error.problem or error.context or "invalid YAML"
        return None, [RubricFileError(path, NO_QUESTION, where, f"YAML syntax error: {reason}")]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return None, [RubricFileError(path, NO_QUESTION, "file", f"cannot read: {error}")]


def _question_items(path: Path, data: object) -> tuple[list[object], list[RubricFileError]]:
    """The raw question entries of a parsed file, checking the file's top-level shape."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        message = "expected a mapping with a 'questions' list at the top level"
        return [], [RubricFileError(path, NO_QUESTION, "questions", message)]
    problems = [
        RubricFileError(path, NO_QUESTION, str(key), "unexpected top-level key")
        for key in data
        if key != "questions"
    ]
    return data["questions"], problems


def _validate_question(
    path: Path, index: int, item: object, *, strict: bool
) -> tuple[Question | None, list[RubricFileError]]:
    question_id = _raw_id(index, item)
    try:
        question = Question.model_validate(item)
    except ValidationError as error:
        return None, [
            RubricFileError(path, question_id, field_path(detail["loc"]), detail["msg"])
            for detail in error.errors()
        ]
    problems = integrity_problems(question)
    if strict:
        problems += quality_problems(question)
    return question, [RubricFileError.from_problem(path, question_id, p) for p in problems]


def _raw_id(index: int, item: object) -> str:
    """The question's id as written, or its position when it has none to name it by."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return item["id"]
    return f"questions[{index}]"


def field_path(loc: Sequence[int | str]) -> str:
    """Pydantic's error location as an author reads it: ('key_points', 2, 'weight') ->
    'key_points[2].weight'. A location of () is the question itself."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(question)"
