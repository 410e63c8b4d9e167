"""A three-question spoken interview over the websocket, on the bundled models end to end:
piper-spoken answers streamed in 20 ms frames -> VAD endpointing -> whisper -> conductor ->
piper reply; then the saved report is checked."""

from __future__ import annotations

import re
from typing import Any

import httpx
import numpy as np
import pytest

from bench.interview_client import ScriptedCandidate
from rubrics.bank import QuestionBank
from speech.piper_synthesizer import PiperSynthesizer
from tests.e2e.conftest import LiveServer, complete_answer, speak

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(600)]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


async def test_three_question_spoken_interview(
    live_server: LiveServer, bank: QuestionBank, voice: PiperSynthesizer
) -> None:
    def answer(line: dict[str, Any]) -> np.ndarray:
        return speak(voice, complete_answer(bank.get(line["question_id"])))

    candidate = ScriptedCandidate(live_server.ws_url, answer, speed=3.0)
    run = await candidate.interview(
        {"round": "ml_theory", "level": "L4", "language": "en", "questions": 3}, max_turns=6
    )

    assert run.report_url is not None, "the interview did not end"
    plan = [item["id"] for item in run.of_type("session_started")[0]["plan"]]
    assert run.audio_bytes > 0
    types = [e["type"] for e in run.events]
    # every turn is saved before the interviewer's next line
    for saved in run.of_type("turn_saved"):
        after = [e for e in run.events if e["_at"] > saved["_at"]]
        next_line = next(e for e in after if e["type"] in ("interviewer_line", "session_ended"))
        assert next_line["type"] == "session_ended" or next_line["turn"] == saved["turn"] + 1
        final = next(e for e in run.of_type("transcript_final") if e["turn"] == saved["turn"])
        assert final["_at"] <= saved["_at"]
    assert types.index("session_started") < types.index("interviewer_line")

    async with httpx.AsyncClient(base_url=live_server.base_url) as http:
        report = (await http.get(run.report_url, params={"format": "json"})).json()
    assert [q["question_id"] for q in report["questions"]] == plan
    for question in report["questions"]:
        answers = [a for a in question["answers"] if a["kind"] != "skipped"]
        assert answers, f"{question['question_id']} was never answered"
        heard = _words(" ".join(a["text"] for a in answers))
        expected = _words(complete_answer(bank.get(question["question_id"])))
        assert len(heard & expected) >= 0.6 * len(expected), (heard, expected)
        assert question["score_0_10"] is not None
        assert question["score_0_10"] > 3, question
