"""A Chinese interview on the bundled models: Chinese lines in the bundled voice (Kokoro-82M),
real recorded Mandarin as the answer, recognised by whisper base into Simplified characters; and
the interviewer's own audio, as the candidate hears it, fed back to whisper base.

Uses a recording from ../shared/eval/speech when it is present (never copied into the repo)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jiwer
import numpy as np
import pytest

from bench.asr import normalise_zh
from bench.interview_client import ScriptedCandidate
from rubrics.loader import load_bank
from speech.pcm import load_audio_file, pcm16_to_float, to_16k
from speech.whisper_recognizer import WhisperRecognizer
from tests.e2e.conftest import LiveServer

# 600 s: on a cold cache the first report waits for the bank's first embedding (~5 min here).
pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(600)]

CLIP = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "eval"
    / "speech"
    / "zh_funasr_asr_example_zh.wav"
)
TRADITIONAL_ONLY = "歡來體語識別驗達"  # characters whose Simplified forms differ


@pytest.mark.skipif(not CLIP.is_file(), reason="../shared/eval/speech is not present")
async def test_chinese_spoken_answer_is_saved_in_simplified_characters(
    live_server: LiveServer,
) -> None:
    answers = iter([load_audio_file(CLIP)])

    def answer(_line: dict[str, Any]) -> np.ndarray | None:
        return next(answers, None)

    candidate = ScriptedCandidate(live_server.ws_url, answer, speed=3.0)
    run = await candidate.interview(
        {"round": "behavioral", "level": "L5", "language": "zh", "questions": 3}
    )
    first_line = " ".join(e["text"] for e in run.of_type("interviewer_line") if e["turn"] == 0)
    assert re.search(r"[\u4e00-\u9fff]", first_line)
    assert run.audio_bytes > 0, "no Chinese voice was heard"
    final = run.of_type("transcript_final")[0]["text"]
    assert re.search(r"[\u4e00-\u9fff]{4,}", final), final
    assert not set(final) & set(TRADITIONAL_ONLY), final
    assert "语音" in final or "识别" in final or "欢迎" in final, final
    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        report = (await http.get(run.report_url or "", params={"format": "json"})).json()
    assert report["language"] == "zh"
    assert report["questions"][0]["answers"][0]["text"] == final


@dataclass
class HeardLine:
    """One interviewer turn as the candidate received it: its sentences and their audio."""

    turn: int
    text: str = ""
    pcm: bytearray = field(default_factory=bytearray)
    sample_rate_hz: int = 0


class _RecordingSocket:
    """Passes `recv` through, giving every message to `sink` first."""

    def __init__(self, ws: Any, sink: Callable[[str | bytes], None]) -> None:
        self._ws, self._sink = ws, sink

    async def recv(self) -> str | bytes:
        message: str | bytes = await self._ws.recv()
        self._sink(message)
        return message


class ListeningCandidate(ScriptedCandidate):
    """A scripted candidate that also keeps the interviewer's audio, line by line."""

    def __init__(self, url: str, answer: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__(url, answer, speed=3.0)
        self.heard: list[HeardLine] = []

    async def _receive(self, ws: Any) -> dict[str, Any] | None:
        return await super()._receive(_RecordingSocket(ws, self._keep))

    def _keep(self, message: str | bytes) -> None:
        if isinstance(message, bytes):
            self.heard[-1].pcm.extend(message)
            return
        event = json.loads(message)
        if event["type"] == "interviewer_line":
            if not self.heard or self.heard[-1].turn != event["turn"]:
                self.heard.append(HeardLine(event["turn"]))
            self.heard[-1].text += event["text"]
        elif event["type"] == "audio_start":
            self.heard[-1].sample_rate_hz = event["sample_rate"]


@pytest.fixture(scope="module")
async def interviewer_heard_back(live_server: LiveServer) -> list[tuple[str, str]]:
    """(what the interviewer said, what whisper base heard in its audio) for each line of a
    three-question Chinese interview answered by typing."""

    def answer(_line: dict[str, Any]) -> str:
        return "我会先看数据分布，再决定用什么模型。"

    # A fixed plan (the first three behavioral questions by id, not chosen for how they sound),
    # so the figure does not vary from run to run with the plan.
    behavioral = sorted(q.id for q in load_bank() if q.round == "behavioral")
    candidate = ListeningCandidate(live_server.ws_url, answer)
    await candidate.interview(
        {"round": "behavioral", "level": "L5", "language": "zh", "question_ids": behavioral[:3]}
    )
    recognizer = WhisperRecognizer("base")
    heard = []
    for line in candidate.heard:
        assert line.pcm and line.sample_rate_hz, f"turn {line.turn} was not spoken"
        audio = to_16k(pcm16_to_float(bytes(line.pcm)), line.sample_rate_hz)
        heard.append((line.text, recognizer.transcribe(audio, "zh").text))
    return heard


def han_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalnum()]
    return sum("\u4e00" <= ch <= "\u9fff" for ch in letters) / max(1, len(letters))


def test_the_interviewer_is_heard_speaking_chinese(
    interviewer_heard_back: list[tuple[str, str]],
) -> None:
    assert len(interviewer_heard_back) >= 4  # three questions and the closing
    # What whisper base hears must be Chinese (espeak-ng's stock voice gave English pinyin).
    # The share is taken over everything heard, as a line can come back as a few Latin letters.
    heard = [(line, text) for line, text in interviewer_heard_back if text.strip()]
    assert len(heard) >= 0.75 * len(interviewer_heard_back), interviewer_heard_back
    assert han_share("".join(text for _, text in heard)) >= 0.85, heard


def test_the_interviewer_audio_transcribes_to_the_line_it_spoke(
    interviewer_heard_back: list[tuple[str, str]],
) -> None:
    references = [normalise_zh(line) for line, _ in interviewer_heard_back]
    hypotheses = [normalise_zh(text) for _, text in interviewer_heard_back]
    assert jiwer.cer(references, hypotheses) <= 0.30, interviewer_heard_back
