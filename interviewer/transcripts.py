"""Helpers over speech's Transcript type used by the interview."""

from __future__ import annotations

from dataclasses import replace

from speech.types import Transcript, Word


def join_transcripts(parts: list[Transcript]) -> Transcript:
    """One transcript for all answers to a question (main answer plus follow-up answers).

    Word times of later parts are shifted by the durations before them so delivery metrics
    see one continuous answer without inventing pauses between the parts.
    """
    if len(parts) == 1:
        return parts[0]
    words: list[Word] = []
    offset_s = 0.0
    for part in parts:
        words.extend(
            replace(w, start_s=w.start_s + offset_s, end_s=w.end_s + offset_s) for w in part.words
        )
        offset_s += part.duration_s
    language = parts[-1].language
    separator = "" if language.startswith("zh") else " "  # Chinese is written without spaces
    text = separator.join(p.text.strip() for p in parts if p.text.strip())
    return Transcript(text, tuple(words), language, offset_s)
