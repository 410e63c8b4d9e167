"""Early decodes at thinking pauses are paid for only when the decoder has room (issue 10)."""

from __future__ import annotations

import asyncio

import numpy as np

from speech.endpointing import EndOfTurn, Endpointer, EndpointingConfig
from speech.pcm import float_to_pcm16
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript
from tests.fakes import EnergyVad, silence, speech_like
from web.answer_audio import decode_answer
from web.audio_input import BUSY_BACKLOG, MERGE_BELOW_S, AudioInput, FinishedAnswer

FRAME = 320  # 20 ms, as the browser sends


async def _answer(
    parts: list[FloatAudio], backlog: int
) -> tuple[AudioInput, FinishedAnswer, list[float]]:
    decoded_s: list[float] = []

    async def transcribe(audio: FloatAudio) -> Transcript:
        decoded_s.append(audio.size / SAMPLE_RATE_HZ)
        return Transcript(f"piece{len(decoded_s)}", (), "en", audio.size / SAMPLE_RATE_HZ)

    async def no_caption(text: str) -> None:
        return None

    endpointer = Endpointer(EnergyVad(), EndpointingConfig(trailing_silence_ms=2000))
    audio_input = AudioInput(
        endpointer, transcribe, no_caption, 0.0, 10.0, lambda: False, lambda: backlog
    )
    stream = np.concatenate(parts)
    for start in range(0, stream.size - FRAME + 1, FRAME):
        pcm = float_to_pcm16(stream[start : start + FRAME])
        for event in audio_input.react(audio_input.detect(pcm), pcm):
            if isinstance(event, EndOfTurn):
                answer = audio_input.finish(event)
                await asyncio.gather(*answer.segments)
                return audio_input, answer, decoded_s
    raise AssertionError("the answer never ended")


async def test_a_short_piece_waits_for_the_next_pause_while_the_decoder_is_busy() -> None:
    parts = [speech_like(1.5), silence(0.8), speech_like(1.5), silence(2.5)]
    idle_input, idle, idle_s = await _answer(parts, backlog=0)
    busy_input, busy, busy_s = await _answer(parts, backlog=BUSY_BACKLOG)
    assert len(idle.segments) == 2 and idle_input.deferred_pauses == 0
    assert len(busy.segments) == 1 and busy_input.deferred_pauses == 1
    assert abs(sum(busy_s) - sum(idle_s)) < 0.05, "the same audio is decoded either way"
    assert (await decode_answer(busy, "en")).text == "piece1"


async def test_a_long_piece_is_decoded_at_its_pause_even_when_the_decoder_is_busy() -> None:
    parts = [speech_like(MERGE_BELOW_S + 1), silence(0.8), speech_like(1.0), silence(2.5)]
    _, busy, busy_s = await _answer(parts, backlog=BUSY_BACKLOG + 3)
    assert len(busy.segments) == 2
    assert busy_s[0] >= MERGE_BELOW_S + 1, "the long piece was decoded at its own pause"
