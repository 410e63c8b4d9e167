"""The interview, in text: one `Conductor` per interview.

`answer()` commits the turn and decides the next step *before* it returns, so the caller can
announce `turn_saved` and only then speak the next line: nothing the candidate said is lost if
anything later fails. Full scoring is handed back as a `ScoringJob` to run off the latency path.
Synchronous and model-free on its own path except for the optional drafted follow-up, which only
a capable LLM produces.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

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
from interviewer.prompts import CLOSINGS, RESUMES, acknowledgement, join_lead
from interviewer.scoring import quick_coverage
from interviewer.storage import InterviewRow, NewTurn, Store, TurnRow
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


@dataclass(frozen=True)
class AnswerOutcome:
    turn: TurnRow
    decision: Decision | None  # None: the answer was cut off, the same line is pending
    next_line: InterviewerLine
    scoring: ScoringJob


@dataclass
class _QuestionProgress:
    """Answers and probes so far for the question being asked."""

    index: int
    transcripts: list[Transcript]
    asked_follow_up_ids: list[str]


class Conductor:
    def __init__(
        self,
        bank: QuestionBank,
        store: Store,
        writer: LineWriter,
        interview: InterviewRow,
        max_follow_ups: int = 1,
    ) -> None:
        self._bank = bank
        self._store = store
        self._writer = writer
        self.interview = interview
        self._max_follow_ups = max_follow_ups
        self._questions = [bank.get(qid) for qid in interview.question_ids]
        self._progress = _QuestionProgress(0, [], [])
        self._turn_index = 0
        self.spoken_lines: list[str] = []
        self.current_line = self._question_line(0)

    @property
    def language(self) -> Language:
        return "zh" if self.interview.language == "zh" else "en"

    @property
    def question(self) -> Question:
        return self._questions[self._progress.index]

    @property
    def ended(self) -> bool:
        return self.current_line.kind == "closing"

    def answer(
        self, transcript: Transcript, complete: bool = True, audio_path: str | None = None
    ) -> AnswerOutcome:
        """Commit the answer to the current line, then decide and return the next line."""
        turn = self._save_turn(transcript, complete, audio_path)
        self._progress.transcripts.append(transcript)
        joined = join_transcripts(self._progress.transcripts)
        job = ScoringJob(self.interview.id, turn.turn_index, self.question, joined, self.language)
        if not complete:
            self.current_line = replace(self.current_line, turn_index=self._turn_index)
            return AnswerOutcome(turn, None, self.current_line, job)
        decision = self._decide(joined.text)
        return AnswerOutcome(turn, decision, self._advance(decision, joined.text), job)

    def skip(self) -> InterviewerLine:
        """Record the skip (so the report shows it) and move to the next question."""
        self._save_turn(Transcript("", (), self.language, 0.0), True, None, kind="skipped")
        return self._advance(self._next_question_decision(), "")

    def stop(self) -> InterviewerLine:
        text = CLOSINGS[self.language]
        self.current_line = InterviewerLine(self._turn_index, "closing", text, text, None)
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
            self._progress = _QuestionProgress(self._progress.index + 1, [], [])
            self.current_line = self._question_line(self._progress.index)
            return self.current_line
        return self.stop()

    def _question_line(self, index: int) -> InterviewerLine:
        question = self._questions[index]
        authored = question.prompt.in_language(self.language)
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
        self, transcript: Transcript, complete: bool, audio_path: str | None, kind: str = ""
    ) -> TurnRow:
        line = self.current_line
        turn = self._store.save_turn(
            NewTurn(
                interview_id=self.interview.id,
                turn_index=self._turn_index,
                question_id=self.question.id,
                kind=kind or ("follow_up" if line.kind == "follow_up" else "answer"),
                follow_up_id=line.follow_up_id,
                interviewer_line=line.text,
                text=transcript.text,
                words=[asdict(word) for word in transcript.words],
                language=self.language,
                complete=complete,
                duration_s=transcript.duration_s,
                audio_path=audio_path,
            )
        )
        self._turn_index += 1
        return turn

    def replay(self, turns: list[TurnRow]) -> None:
        """Rebuild progress from saved turns after a reconnect (any replica can resume)."""
        for turn in turns:
            transcript = Transcript(turn.text, (), self.language, turn.duration_s)
            if turn.kind == "skipped":
                self._turn_index += 1
                self._advance(self._next_question_decision(), "")
                continue
            self._turn_index += 1
            self._progress.transcripts.append(transcript)
            if turn.complete:
                joined = join_transcripts(self._progress.transcripts)
                self._advance(self._decide(joined.text), joined.text)
        self.current_line = replace(self.current_line, turn_index=self._turn_index)


def _word_count(text: str) -> int:
    """Words in either language: Latin words plus Chinese characters at ~2 per word."""
    return len(_LATIN_WORD.findall(text)) + len(_CJK_CHAR.findall(text)) // 2
