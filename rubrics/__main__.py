"""`python -m rubrics validate|list|stats`: the authors' and maintainers' tools for the bank.

`validate` applies the strict authoring rules and prints every problem as
`file: question_id: field: message` (exit 1 if any); `list` browses with filters; `stats` prints
counts per round, domain and level, and the load time last; `match` finds the bank questions
that ask the same as a question someone was asked (English or Chinese), or says there is none.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from rubrics.bank import QuestionBank
from rubrics.errors import RubricBankError
from rubrics.loader import load_bank, read_bank
from rubrics.match import QuestionMatcher
from rubrics.match_terms import has_chinese
from rubrics.schema import Domain, Language, Level, Round


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command: int = args.run(args)
    return command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rubrics", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check rubric files against every rule")
    validate.add_argument("paths", nargs="*", type=Path, help="files or dirs (default: bundled)")
    validate.set_defaults(run=_validate)

    browse = commands.add_parser("list", help="list questions matching filters")
    browse.add_argument("--round", choices=get_args(Round))
    browse.add_argument("--domain", choices=get_args(Domain))
    browse.add_argument("--level", choices=get_args(Level))
    browse.add_argument("--company")
    browse.add_argument("--language", choices=get_args(Language), help="show prompts in it")
    browse.add_argument("--data", type=Path, help="bank dir or file (default: bundled)")
    browse.set_defaults(run=_list)

    stats = commands.add_parser("stats", help="counts per round, domain and level")
    stats.add_argument("--data", type=Path, help="bank dir or file (default: bundled)")
    stats.set_defaults(run=_stats)

    match = commands.add_parser("match", help="bank questions asking the same as a question")
    match.add_argument("question", help="the question as it was asked, English or Chinese")
    match.add_argument("--language", choices=get_args(Language), help="prompts shown in it")
    match.add_argument("--limit", type=int, default=5, help="at most this many matches")
    match.add_argument("--data", type=Path, help="bank dir or file (default: bundled)")
    match.set_defaults(run=_match)
    return parser


def _validate(args: argparse.Namespace) -> int:
    result = read_bank(args.paths or None, strict=True)
    for problem in result.problems:
        print(problem)
    verdict = "FAILED" if result.problems else "OK"
    print(
        f"{verdict}: {len(result.bank)} valid questions in {len(result.files)} files, "
        f"{len(result.problems)} problem(s)"
    )
    return 1 if result.problems else 0


def _list(args: argparse.Namespace) -> int:
    bank = _load_or_report(args.data)
    if bank is None:
        return 1
    language: Language = args.language or "en"
    questions = bank.filter(
        round=args.round,
        domain=args.domain,
        level=args.level,
        company=args.company,
        language=args.language,
    )
    for question in questions:
        levels = ",".join(question.levels)
        print(f"{question.id}\t{question.round}\t{question.domain}\t{levels}\t", end="")
        print(question.prompt.in_language(language))
    print(f"{len(questions)} question(s)")
    return 0


def _stats(args: argparse.Namespace) -> int:
    start_s = time.perf_counter()
    bank = _load_or_report(args.data)
    load_ms = (time.perf_counter() - start_s) * 1000
    if bank is None:
        return 1
    for title, counts in (
        ("round", bank.count_by_round()),
        ("domain", bank.count_by_domain()),
        ("level", bank.count_by_level()),
    ):
        print(f"per {title}:")
        for name, count in counts.items():
            print(f"  {name:<18}{count:>5}")
    print(f"total questions: {len(bank)}")
    print(f"load time: {load_ms:.0f} ms")
    return 0


def _match(args: argparse.Namespace) -> int:
    bank = _load_or_report(args.data)
    if bank is None:
        return 1
    # Imported here, not at the top: the CLI is a composition root that needs the bundled
    # embedder (with its disk cache of the bank's vectors), while `rubrics` itself stays free of
    # the rest of Viva and of the model.
    from interviewer.e5_embedder import E5Embedder

    language: Language = args.language or ("zh" if has_chinese(args.question) else "en")
    result = QuestionMatcher(bank, E5Embedder(num_threads=1).embed).match(
        args.question, limit=args.limit
    )
    for rank, found in enumerate(result.matches, start=1):
        question = found.question
        print(f"{rank}. {question.id}\t{question.round}\t{question.domain}\t{found.score:.1f}")
        print(f"   {found.prompt(language)}")
    if result.none:
        nearest = result.nearest
        hint = f" (nearest: {nearest.question.id}, {nearest.score:.1f})" if nearest else ""
        print(f"none: no bank question asks the same thing{hint}")
    return 0


def _load_or_report(path: Path | None) -> QuestionBank | None:
    """The bank, or None after printing why it was refused (the same check as start-up)."""
    try:
        return load_bank(path)
    except RubricBankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"refused: {len(error.problems)} problem(s)", file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
