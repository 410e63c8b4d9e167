"""Scoring jobs rebuilt from what storage holds, for answers whose scoring never finished
(a crash, a failed job): the same job the conductor made when the answer was saved, i.e. the
question's answers so far joined, so a recovered score equals the one it replaces."""

from __future__ import annotations

from interviewer.conductor import ScoringJob
from interviewer.storage import TurnRow
from interviewer.transcripts import join_transcripts
from rubrics.bank import QuestionBank
from rubrics.schema import Language
from speech.types import Transcript, Word


def turn_transcript(turn: TurnRow) -> Transcript:
    words = tuple(
        Word(
            str(w.get("text", "")),
            float(w.get("start_s", 0.0)),
            float(w.get("end_s", 0.0)),
            float(w.get("probability", 1.0)),
        )
        for w in turn.words
    )
    return Transcript(turn.text, words, turn.language, turn.duration_s)


def scoring_job(
    turns: list[TurnRow], turn: TurnRow, bank: QuestionBank, level: str | None = None
) -> ScoringJob | None:
    """The job for `turn`, given every turn of its interview; None if its question is gone
    from the bank (nothing to score against)."""
    if turn.question_id not in bank:
        return None
    language: Language = "zh" if turn.language == "zh" else "en"
    parts = [
        turn_transcript(t)
        for t in turns
        if t.question_id == turn.question_id
        and t.kind != "skipped"
        and t.turn_index <= turn.turn_index
    ]
    joined = join_transcripts(parts)
    codes = [
        t.code
        for t in turns
        if t.question_id == turn.question_id and t.turn_index <= turn.turn_index and t.code
    ]
    return ScoringJob(
        turn.interview_id,
        turn.turn_index,
        bank.get(turn.question_id),
        joined,
        language,
        codes[-1] if codes else "",
        level,
    )
