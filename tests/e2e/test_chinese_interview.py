"""A Chinese interview on the bundled models: Chinese lines in the fallback voice (espeak-ng),
real recorded Mandarin as the answer, recognised by whisper base into Simplified characters.

Uses a recording from ../shared/eval/speech when it is present (never copied into the repo)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from bench.interview_client import ScriptedCandidate
from speech.pcm import load_audio_file
from tests.e2e.conftest import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(300)]

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
