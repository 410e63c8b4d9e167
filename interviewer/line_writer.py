"""The interviewer's spoken lines: authored by default, generated only when it is safe.

The rubric's authored line is always available and always right, so a generated line has to
earn its place: it is used only when the model is declared capable and the complete line passes
every check in `line_checks` (length, is a question, language, on topic, no leaked key point,
not a repeat). Those checks need the whole line — "ends with a question mark" is unknowable
earlier — so a generated line is buffered and released in one piece rather than streamed per
sentence. The wait is short (a line is one or two sentences, ~30 tokens) and partly hidden:
when the writer adds the authored transition ("Thanks. Next question.") it yields it before
generation starts, so speech synthesis speaks it while the model writes.

One writer serves every session of a process, so it keeps no per-session state: the caller
passes earlier lines in the context and reads each line's provenance from `PhrasedLine.written`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Literal

from interviewer.chat_model import ChatMessage, ChatModel, LLMError
from interviewer.line_checks import (
    MIN_KEPT_SHARE,
    Secret,
    language_failure,
    leak_failure,
    length_failure,
    question_failure,
    repeat_failure,
    topic_failure,
)
from interviewer.prompts import follow_up_messages, join_lead, phrase_messages, transition_line
from rubrics.schema import KeyPoint, Language, Question

log = logging.getLogger(__name__)

LineKind = Literal["question", "follow_up", "closing"]
AUTHORED = "authored"
LINE_MAX_TOKENS = 96
Pieces = Generator[str, None, None]


@dataclass(frozen=True)
class LineContext:
    """What the checks need to know about a line.

    `question`: whose key points a line must not give away (None only for closings).
    `transition_index`: when set, a question line is preceded by the authored transition for
    that position in the interview; leave it None when `authored` already has one.
    `previous_lines`: what the interviewer said earlier in this session (repeat check).
    """

    language: Language
    question: Question | None = None
    transition_index: int | None = None
    previous_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrittenLine:
    """One line as spoken, with where it came from: `authored` or `generated:<model>`.
    `rejected` says why a generated line was replaced by the authored one."""

    kind: LineKind
    text: str
    source: str
    rejected: str | None = None


class PhrasedLine(Iterator[str]):
    """The text pieces of one line; `written` is set as soon as the text is decided, which is
    before its last piece is yielded. `close()` (barge-in) stops a generating model at once."""

    def __init__(self, produce: Callable[[Callable[[WrittenLine], None]], Pieces]) -> None:
        self.written: WrittenLine | None = None
        self._pieces = produce(self._decided)

    def __next__(self) -> str:
        return next(self._pieces)

    def close(self) -> None:
        self._pieces.close()

    def _decided(self, line: WrittenLine) -> None:
        self.written = line


class LineWriter:
    def __init__(self, model: ChatModel | None) -> None:
        self._model = model

    @property
    def can_draft(self) -> bool:
        """Whether `draft_follow_up` can return anything: only a capable model drafts."""
        return self._model is not None and self._model.capable

    def transition(self, language: Language, index: int) -> str:
        """The authored lead-in for the `index`-th question (0 opens the interview)."""
        return transition_line(language, index)

    def phrase(self, kind: LineKind, authored: str, context: LineContext) -> PhrasedLine:
        """Yield the line in pieces: the authored transition first (when asked for), then the
        checked generated line, or the authored one when there is no capable model or a check
        fails. Consume it in a worker thread: a generating model blocks."""
        return PhrasedLine(lambda decided: self._pieces(kind, authored, context, decided))

    def draft_follow_up(
        self,
        question: Question,
        key_point: KeyPoint,
        answer_text: str,
        language: Language,
        previous_lines: tuple[str, ...] = (),
    ) -> str | None:
        """A generated probe for a missed key point the bank has no follow-up for; None when no
        capable model is configured or the draft fails a check."""
        model = self._model
        if model is None or not model.capable:
            return None
        prompt = question.prompt.in_language(language)
        goal = key_point.text.in_language(language)
        draft, failure = _generate(model, follow_up_messages(language, prompt, goal, answer_text))
        if failure is None:
            context = LineContext(language, question, previous_lines=previous_lines)
            # Echoing the candidate's own words back is probing, not leaking; sharing any word
            # with the question or the answer keeps the probe on topic.
            on_table = f"{prompt} {answer_text}"
            failure = check_line("follow_up", draft, context, on_table, min_kept_share=0.0)
        if failure is not None:
            log.info("drafted follow-up rejected (%s): %r", failure, draft)
            return None
        return draft

    def _pieces(
        self,
        kind: LineKind,
        authored: str,
        context: LineContext,
        decided: Callable[[WrittenLine], None],
    ) -> Pieces:
        language = context.language
        lead = ""
        if kind == "question" and context.transition_index is not None:
            lead = self.transition(language, context.transition_index)
            yield lead + ("" if language == "zh" else " ")
        model = self._model
        if model is None or not model.capable:
            decided(WrittenLine(kind, join_lead(lead, authored, language), AUTHORED))
            yield authored
            return
        draft, failure = _generate(model, phrase_messages(language, authored, lead))
        if failure is None:
            failure = check_line(kind, draft, context, authored, MIN_KEPT_SHARE)
        text, source = (
            (draft, f"generated:{model.name}") if failure is None else (authored, AUTHORED)
        )
        decided(WrittenLine(kind, join_lead(lead, text, language), source, failure))
        yield text


def check_line(
    kind: LineKind, line: str, context: LineContext, on_table: str, min_kept_share: float
) -> str | None:
    """The first failed check's name, or None when the line may be spoken. `on_table` is what
    the line builds on and may repeat: the authored line, or the question and the answer."""
    language = context.language
    question = context.question
    if question is None and kind != "closing":
        return "no_rubric_context"  # the leak check needs the question's key points
    secrets = [Secret.of(kp, language) for kp in question.key_points] if question else []
    question_text = question.prompt.in_language(language) if question else ""
    return (
        length_failure(line, language)
        or (None if kind == "closing" else question_failure(line))
        or language_failure(line, language)
        or topic_failure(line, on_table, min_kept_share)
        or leak_failure(line, f"{on_table} {question_text}", secrets)
        or repeat_failure(line, context.previous_lines)
    )


def _generate(model: ChatModel, messages: list[ChatMessage]) -> tuple[str, str | None]:
    """The model's whole line, or why there is none; a failing model never stops the interview."""
    try:
        pieces = model.stream_reply(messages, LINE_MAX_TOKENS, stop=["\n"])
        return _clean("".join(pieces)), None
    except LLMError as exc:
        log.warning("line generation failed, using the authored line: %s", exc)
        return "", f"llm_failed: {exc}"


def _clean(text: str) -> str:
    """Strip what chat models wrap a line in: quotes, markdown emphasis, a speaker label."""
    wrapping = "*\"'“”‘’「」 "
    text = text.strip(wrapping)
    for label in ("Interviewer:", "interviewer:", "面试官：", "面试官:"):
        text = text.removeprefix(label)
    return text.strip(wrapping)
