"""A finished answer's audio: waiting for its segment decodes, and keeping the recording.

Waiting never cancels the decodes themselves (`asyncio.wait`, not `gather`): when the
candidate talks on, the actor stops waiting but the continuation reuses the decodes already
running. Every wait is bounded, so a decoder stuck on noise cannot hold the interview.
"""

from __future__ import annotations

import asyncio

from interviewer.conductor import Conductor
from interviewer.recordings import Recording
from interviewer.transcripts import join_transcripts
from speech.types import SAMPLE_RATE_HZ, Transcript
from web.audio_input import FinishedAnswer
from web.bridge import Bridge
from web.protocol import ProtocolError
from web.settings import Settings

DECODE_LIMIT_S = 120.0


async def decode_answer(answer: FinishedAnswer, language: str) -> Transcript:
    """The answer's transcript, from its segment decodes in order."""
    segments = answer.segments
    if not segments:
        return Transcript("", (), language, answer.audio.size / SAMPLE_RATE_HZ)
    _, pending = await asyncio.wait(segments, timeout=DECODE_LIMIT_S)
    if pending:
        raise ProtocolError("asr_failed", "speech recognition took too long on this answer")
    parts: list[Transcript] = []
    for segment in segments:
        if segment.cancelled():
            raise ProtocolError("asr_failed", "speech recognition was cancelled")
        error = segment.exception()
        if isinstance(error, ProtocolError):
            raise error
        if error is not None:
            raise ProtocolError("asr_failed", f"speech recognition failed: {error}")
        parts.append(segment.result())
    return join_transcripts(parts)


async def keep_answer_audio(
    bridge: Bridge,
    settings: Settings,
    conductor: Conductor,
    turn_index: int,
    answer: FinishedAnswer | None,
) -> str | None:
    """The answer's recording, FLAC-encoded off the event loop, as the data URI the turn is
    saved with (interviewer/recordings.py): it goes into the database in the turn's own
    transaction, so any replica can replay it. None when audio is not kept. (`conductor` and
    `turn_index` are no longer needed: the save that carries the URI names the turn.)"""
    if answer is None or not settings.keep_audio or answer.audio.size == 0:
        return None

    def encode() -> str:
        return Recording.encode(answer.audio, SAMPLE_RATE_HZ).data_uri()

    return await bridge.run(encode)
