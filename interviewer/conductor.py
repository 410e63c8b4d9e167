"""The interview, in text: one `Conductor` per interview.

`answer()` commits the turn and decides the next step *before* it returns, so the caller can
announce `turn_saved` and only then speak the next line: nothing the candidate said is lost if
anything later fails. Full scoring is handed back as a `ScoringJob` to run off the latency path.
Synchronous and model-free on its own path except for the optional drafted follow-up, which only
a capable LLM produces.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from interviewer.decide_next import (
    AnswerState,
    AskFollowUp,
    Decision,
    DraftFollowUp,
    EndInterview,
    NextQuestion,
    decide_next,
)
from interviewer.line_writer import LineKind, LineWriter
from interviewer.mock_phases import (
    PhaseClock,
    clock_from_saved,
    phases_from,
    warning_line,
    wrap_up_line,
)
from interviewer.prompts import CLOSINGS, RESUMES, acknowledgement, join_lead
from interviewer.scoring import quick_coverage
from interviewer.storage import InterviewRow, NewTurn, Store, TurnAmendment, TurnRow
from interviewer.transcripts import join_transcripts
from rubrics.bank import QuestionBank
from rubrics.schema import Language, Question
from speech.types import Transcript

_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class InterviewerLine:
    """A line the interviewer is about to say; `turn_index` is the answer it asks for.

    `text` is the whole line; `authored` is the part a capable LLM may rephrase (the rubric's
    question or follow-up), said after the authored transition number `transition_index`.
    """

    turn_index: int
    kind: LineKind
    text: str
    authored: str
    question_id: str | None
    follow_up_id: str | None = None
    transition_index: int | None = None


@dataclass(frozen=True)
class ScoringJob:
    interview_id: str
    turn_index: int
    question: Question
    transcript: Transcript
    language: Language
    # The latest code typed in the code pad for this question (coding round), read with the
    # spoken answer; never executed.
    code: str = ""
    # The level the candidate chose, for the behavioral level read.
    level: str | None = None


@dataclass(frozen=True)
class AnswerOutcome:
    turn: TurnRow
    decision: Decision | None  # None: the answer was cut off, the same line is pending
    next_line: InterviewerLine
    scoring: ScoringJob
    amended: bool = False  # a continuation replaced the answer of an already saved turn


@dataclass(frozen=True)
class _Step:
    """One answer taken into the state, before it is saved."""

    decision: Decision | None
    next_line: InterviewerLine
    scoring: ScoringJob


@dataclass
class _QuestionProgress:
    """Answers and probes so far for the question being asked."""

    index: int
    transcripts: list[Transcript] = field(default_factory=list)
    asked_follow_up_ids: list[str] = field(default_factory=list)
    code: str = ""  # the latest code-pad text for this question


@dataclass(frozen=True)
class _Snapshot:
    """The conductor's state before an answer, to undo a failed save or take a continuation."""

    progress: _QuestionProgress
    turn_index: int
    current_line: InterviewerLine
    spoken_count: int


@dataclass(frozen=True)
class _Committed:
    """The last saved answer and the state before it: a continuation amends exactly it."""

    before: _Snapshot
    transcript: Transcript
    turn_index: int


class Conductor:
    def __init__(
        self,
        bank: QuestionBank,
        store: Store,
        writer: LineWriter,
        interview: InterviewRow,
        max_follow_ups: int = 1,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`clock`: epoch seconds, for a timed mock's phase budgets (interviewer/mock_phases.py)."""
        self._bank = bank
        self._store = store
        self._writer = writer
        self.interview = interview
        self._max_follow_ups = max_follow_ups
        self._owner = owner  # the lease holder every save is checked against
        self._questions = [bank.get(qid) for qid in interview.question_ids]
        self._progress = _QuestionProgress(0)
        self._turn_index = 0
        self._last: _Committed | None = None
        self.spoken_lines: list[str] = []
        self._clock = clock
        self._phases = PhaseClock(phases_from(interview.phases)) if interview.phases else None
        if self._phases is not None:
            self._phases.start(0, clock())
        self.current_line = self._question_line(0)

    @property
    def language(self) -> Language:
        return "zh" if self.interview.language == "zh" else "en"

    @property
    def question(self) -> Question:
        return self._questions[self._progress.index]

    def phase_status(self) -> dict[str, Any] | None:
        """The current phase of a timed mock, for the page's clock; None otherwise."""
        if self._phases is None:
            return None
        index = self._progress.index
        position = self._phases.position(index)
        deadline = self._phases.deadline(index)
        if position is None:
            return None
        phase = self._phases.phases[position]
        return {
            "name": phase.name,
            "index": position,
            "of": len(self._phases.phases),
            "budget_s": phase.budget_s,
            "deadline_ms": None if deadline is None else int(deadline * 1000),
        }

    @property
    def ended(self) -> bool:
        return self.current_line.kind == "closing"

    @property
    def can_amend(self) -> bool:
        """True while the last saved answer may still be continued (nothing saved since)."""
        return self._last is not None

    def answer(
        self,
        transcript: Transcript,
        complete: bool = True,
        audio_path: str | None = None,
        code: str | None = None,
    ) -> AnswerOutcome:
        """Decide the next line, then commit the answer together with that decision; only
        then does the caller say the line. A failed save leaves the state as it was."""
        before = self._snapshot()
        question, line = self.question, self.current_line
        try:
            step = self._take(transcript, complete, code)
            turn = self._save_turn(
                before.turn_index,
                question,
                line,
                transcript,
                complete,
                audio_path,
                step.next_line,
                code=code,
            )
        except BaseException:
            self._restore(before)
            raise
        self._last = _Committed(before, transcript, turn.turn_index) if complete else None
        return AnswerOutcome(turn, step.decision, step.next_line, step.scoring)

    def amend(
        self, extra: Transcript, audio_path: str | None = None, code: str | None = None
    ) -> AnswerOutcome:
        """The candidate went on talking after the last answer was saved: that answer grows
        by `extra`, and the decision is taken again on the whole of it."""
        if self._last is None:
            raise RuntimeError("no saved answer to continue")
        last = self._last
        current = self._snapshot()
        self._restore(last.before)
        whole = join_transcripts([last.transcript, extra])
        try:
            step = self._take(whole, True, code)
            amendment = TurnAmendment(
                code=code,
                text=whole.text,
                words=[asdict(word) for word in whole.words],
                duration_s=whole.duration_s,
                audio_path=audio_path,
                decision=asdict(step.next_line),
            )
            turn = self._store.amend_turn(
                self.interview.id, last.turn_index, amendment, self._owner
            )
        except BaseException:
            self._restore(current)
            raise
        self._last = _Committed(last.before, whole, last.turn_index)
        return AnswerOutcome(turn, step.decision, step.next_line, step.scoring, amended=True)

    def _take(self, transcript: Transcript, complete: bool, code: str | None) -> _Step:
        """Advance the state past one answer, not yet saved."""
        self._progress.transcripts.append(transcript)
        if code:
            self._progress.code = code
        joined = join_transcripts(self._progress.transcripts)
        job = ScoringJob(
            self.interview.id,
            self._turn_index,
            self.question,
            joined,
            self.language,
            self._progress.code,
            self.interview.level,
        )
        self._turn_index += 1
        if not complete:
            self.current_line = replace(self.current_line, turn_index=self._turn_index)
            return _Step(None, self.current_line, job)
        decision = self._decide(joined.text)
        return _Step(decision, self._advance(decision, joined.text), job)

    def skip(self) -> InterviewerLine:
        """Record the skip (so the report shows it) and move to the next question."""
        before = self._snapshot()
        question, line = self.question, self.current_line
        try:
            self._turn_index += 1
            next_line = self._advance(self._next_question_decision(), "")
            empty = Transcript("", (), self.language, 0.0)
            self._save_turn(
                before.turn_index, question, line, empty, True, None, next_line, kind="skipped"
            )
        except BaseException:
            self._restore(before)
            raise
        self._last = None
        return next_line

    def stop(self) -> InterviewerLine:
        text = CLOSINGS[self.language]
        self.current_line = InterviewerLine(self._turn_index, "closing", text, text, None)
        self._last = None
        return self.current_line

    def resumed_line(self) -> InterviewerLine:
        """The line to say after a reconnect: the pending line, introduced as such."""
        text = join_lead(RESUMES[self.language], self.current_line.text, self.language)
        return replace(self.current_line, text=text, authored=text, transition_index=None)

    def record_spoken(self, line: InterviewerLine, text: str) -> None:
        """Remember what was actually said (a capable LLM may have rephrased the line), so the
        saved turn shows the words the candidate heard and later lines are not repeats."""
        self.spoken_lines.append(text)
        if self.current_line == line:
            self.current_line = replace(line, text=text)

    def _snapshot(self) -> _Snapshot:
        progress = self._progress
        copied = _QuestionProgress(
            progress.index,
            list(progress.transcripts),
            list(progress.asked_follow_up_ids),
            progress.code,
        )
        return _Snapshot(copied, self._turn_index, self.current_line, len(self.spoken_lines))

    def _restore(self, snapshot: _Snapshot) -> None:
        progress = snapshot.progress
        self._progress = _QuestionProgress(
            progress.index,
            list(progress.transcripts),
            list(progress.asked_follow_up_ids),
            progress.code,
        )
        self._turn_index = snapshot.turn_index
        self.current_line = snapshot.current_line
        del self.spoken_lines[snapshot.spoken_count :]

    def _decide(self, answer_text: str) -> Decision:
        coverage = quick_coverage(self.question, answer_text, self.language)
        follow_ups_used = len(self._progress.asked_follow_up_ids)
        state = AnswerState(
            question=self.question,
            missed_key_point_ids=tuple(coverage.missed),
            asked_follow_up_ids=tuple(self._progress.asked_follow_up_ids),
            follow_ups_left=self._max_follow_ups - follow_ups_used,
            answer_word_count=_word_count(answer_text),
            can_draft=self._writer.can_draft,
        )
        return decide_next(state, self._peek_next_question())

    def _advance(self, decision: Decision, answer_text: str) -> InterviewerLine:
        if self._phases is not None and not isinstance(decision, EndInterview):
            over = self._phase_over()
            if over is not None:
                return over
        line = self._advance_within(decision, answer_text)
        return self._with_warning(line)

    def _phase_over(self) -> InterviewerLine | None:
        """The wrap-up and the next phase's first question (or the closing), when the current
        phase's budget is spent; None while it lasts."""
        assert self._phases is not None
        index, now = self._progress.index, self._clock()
        remaining = self._phases.remaining_s(index, now)
        if remaining is None or remaining > 0:
            return None
        name = self._phases.name_of(index) or ""
        target = self._phases.next_phase_start(index)
        following = None if target is None else self._phases.name_of(target)
        lead = wrap_up_line(name, following, self.language)
        if target is None:
            closing = self.stop()
            text = join_lead(lead, closing.text, self.language)
            self.current_line = replace(closing, text=text, authored=text)
            return self.current_line
        self._progress = _QuestionProgress(target)
        self._phases.start(target, now)
        line = self._question_line(target, lead=lead)
        # Said whole: the speaker says `authored`, after the transition only when one is set.
        self.current_line = replace(line, authored=line.text, transition_index=None)
        return self.current_line

    def _with_warning(self, line: InterviewerLine) -> InterviewerLine:
        """Prefix the once-a-phase warning when little of the phase's time is left."""
        if self._phases is None or line.kind == "closing":
            return line
        index = self._progress.index
        now = self._clock()
        self._phases.start(index, now)  # a question of a new phase: its clock starts
        if not self._phases.should_warn(index, now):
            return line
        remaining = self._phases.remaining_s(index, now) or 0.0
        name = self._phases.name_of(index) or ""
        text = join_lead(warning_line(name, remaining, self.language), line.text, self.language)
        self.current_line = replace(line, text=text, authored=text, transition_index=None)
        return self.current_line

    def _advance_within(self, decision: Decision, answer_text: str) -> InterviewerLine:
        if isinstance(decision, DraftFollowUp):
            key_point = self.question.key_point(decision.key_point_id)
            drafted = self._writer.draft_follow_up(
                self.question, key_point, answer_text, self.language, tuple(self.spoken_lines)
            )
            if drafted is not None:
                return self._set_line("follow_up", drafted, f"drafted:{key_point.id}")
            decision = self._next_question_decision()
        if isinstance(decision, AskFollowUp):
            probe = decision.follow_up.text.in_language(self.language)
            ack = acknowledgement(self.language, self._turn_index)
            return self._set_line("follow_up", probe, decision.follow_up.id, lead=ack)
        if isinstance(decision, NextQuestion):
            self._progress = _QuestionProgress(self._progress.index + 1)
            self.current_line = self._question_line(self._progress.index)
            return self.current_line
        return self.stop()

    def _question_line(self, index: int, lead: str | None = None) -> InterviewerLine:
        question = self._questions[index]
        authored = question.prompt.in_language(self.language)
        if lead is None:
            lead = self._writer.transition(self.language, index)
        return InterviewerLine(
            self._turn_index,
            "question",
            join_lead(lead, authored, self.language),
            authored,
            question.id,
            transition_index=index,
        )

    def _set_line(
        self, kind: LineKind, authored: str, follow_up_id: str | None, lead: str = ""
    ) -> InterviewerLine:
        if follow_up_id is not None:
            self._progress.asked_follow_up_ids.append(follow_up_id)
        text = join_lead(lead, authored, self.language)
        self.current_line = InterviewerLine(
            self._turn_index, kind, text, text, self.question.id, follow_up_id
        )
        return self.current_line

    def _peek_next_question(self) -> Question | None:
        following = self._progress.index + 1
        return self._questions[following] if following < len(self._questions) else None

    def _next_question_decision(self) -> Decision:
        upcoming = self._peek_next_question()
        return EndInterview() if upcoming is None else NextQuestion(upcoming)

    def _save_turn(
        self,
        turn_index: int,
        question: Question,
        line: InterviewerLine,
        transcript: Transcript,
        complete: bool,
        audio_path: str | None,
        next_line: InterviewerLine,
        kind: str = "",
        code: str | None = None,
    ) -> TurnRow:
        return self._store.save_turn(
            NewTurn(
                interview_id=self.interview.id,
                turn_index=turn_index,
                question_id=question.id,
                kind=kind or ("follow_up" if line.kind == "follow_up" else "answer"),
                follow_up_id=line.follow_up_id,
                interviewer_line=line.text,
                text=transcript.text,
                words=[asdict(word) for word in transcript.words],
                language=self.language,
                complete=complete,
                duration_s=transcript.duration_s,
                audio_path=audio_path,
                decision=asdict(next_line),
                code=code or None,
            ),
            self._owner,
        )

    def resume(self, turns: list[TurnRow]) -> None:
        """Continue from saved turns (any replica can): the pending line is the decision stored
        with the last turn, said exactly as decided even if the bank has changed since."""
        if not turns:
            return
        if self._phases is not None:
            self._phases = clock_from_saved(self.interview, turns)
        last = turns[-1]
        if not last.decision:
            self._replay(turns)  # turns saved before decisions were stored
            return
        line = InterviewerLine(**last.decision)
        self._turn_index = last.turn_index + 1
        self.current_line = replace(line, turn_index=self._turn_index)
        self.spoken_lines = [t.interviewer_line for t in turns]
        qid = line.question_id or last.question_id
        index = self.interview.question_ids.index(qid)
        self._progress = _QuestionProgress(index)
        if line.kind != "question":
            on_this = [t for t in turns if t.question_id == qid and t.kind != "skipped"]
            self._progress.transcripts = [
                Transcript(t.text, (), self.language, t.duration_s) for t in on_this
            ]
            self._progress.code = next((t.code for t in reversed(on_this) if t.code), "")
            asked = [t.follow_up_id for t in on_this if t.follow_up_id]
            if line.kind == "follow_up" and line.follow_up_id:
                asked.append(line.follow_up_id)
            self._progress.asked_follow_up_ids = asked

    def _replay(self, turns: list[TurnRow]) -> None:
        """Rebuild progress by re-deciding each saved turn (rows without a stored decision)."""
        for turn in turns:
            transcript = Transcript(turn.text, (), self.language, turn.duration_s)
            self._turn_index += 1
            if turn.kind == "skipped":
                self._advance(self._next_question_decision(), "")
                continue
            self._progress.transcripts.append(transcript)
            if turn.complete:
                joined = join_transcripts(self._progress.transcripts)
                self._advance(self._decide(joined.text), joined.text)
        self.current_line = replace(self.current_line, turn_index=self._turn_index)


def _word_count(text: str) -> int:
    """Words in either language: Latin words plus Chinese characters at ~2 per word."""
    return len(_LATIN_WORD.findall(text)) + len(_CJK_CHAR.findall(text)) // 2
