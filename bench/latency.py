"""Latency of the voice loop: from the candidate's last voiced frame to the first audio byte of
the interviewer's reply, over a scripted interview streamed in real time.

    python bench/latency.py [--url ws://127.0.0.1:8000/ws/interview] [--turns 10] [--speed 1]

Without --url it starts its own server with the bundled models on a free port (temporary
database). Answers are spoken by the bundled piper voice from the rubric's key points: about
half of them, so the interviewer both probes and moves on; sentences are separated by 0.5 s
pauses, as people speak (piper itself leaves none). Printed per turn and as p50/p95,
split into endpointing wait (the configured trailing silence), ASR still running after the
end of turn, decision, and line + TTS to first audio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.interview_client import ScriptedCandidate, TurnTiming
from bench.server import running_server
from rubrics.loader import load_bank
from speech.pcm import resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ

SENTENCE_PAUSE_S = 0.5


def spoken_answers(turns: int) -> Any:
    """An answer callback: piper speaks half of each question's key points, `turns` times."""
    bank = load_bank()
    voice = PiperSynthesizer("joe", variation=0.0)
    given = {"count": 0}

    def answer(line: dict[str, Any]) -> np.ndarray | None:
        if given["count"] >= turns or line.get("question_id") is None:
            return None
        given["count"] += 1
        question = bank.get(line["question_id"])
        points = question.key_points[: max(1, len(question.key_points) // 2)]
        text = " ".join(kp.text.en for kp in points)
        # People pause between sentences; piper does not, so put a pause after each sentence.
        pause = np.zeros(int(SENTENCE_PAUSE_S * voice.sample_rate_hz), dtype=np.float32)
        pieces: list[np.ndarray] = []
        for chunk in voice.synthesize(text):
            pieces += [np.frombuffer(chunk.pcm, dtype="<i2").astype(np.float32) / 32768, pause]
        return resample(np.concatenate(pieces[:-1]), voice.sample_rate_hz, SAMPLE_RATE_HZ)

    return answer


def _percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.0f} ms   p95 {p95:7.0f} ms"


def _report(timings: list[TurnTiming]) -> None:
    measured = [t for t in timings if t.reply_latency_s is not None and t.server]
    print(
        f"{'turn':>4} {'felt':>7} {'wait':>6} {'asr':>6} {'decide':>6} {'line+tts':>8} {'reply':>6}"
    )
    for t in measured:
        s = t.server
        latency_s = t.reply_latency_s
        assert latency_s is not None  # `measured` keeps only turns with a reply latency
        print(
            f"{t.turn:>4} {latency_s * 1000:7.0f} {s['endpoint_wait_ms']:6} "
            f"{s['asr_ms']:6} {s['decide_ms']:6} {s['line_first_audio_ms']:8} {s['reply_ms']:6}"
        )
    rows = {
        "last voiced frame -> first reply audio (felt)": [
            t.reply_latency_s * 1000 for t in measured if t.reply_latency_s is not None
        ],
        "  endpointing wait (trailing silence)": [t.server["endpoint_wait_ms"] for t in measured],
        "end-of-turn decision -> first reply audio": [t.server["reply_ms"] for t in measured],
        "  ASR after end of turn": [t.server["asr_ms"] for t in measured],
        "  decision (save turn + decide next)": [t.server["decide_ms"] for t in measured],
        "  line + TTS to first audio": [t.server["line_first_audio_ms"] for t in measured],
    }
    print(f"\nturns measured: {len(measured)}")
    for name, values in rows.items():
        print(f"{name:<48} {_percentiles([float(v) for v in values])}")


async def _main(args: argparse.Namespace) -> None:
    candidate_start = {"round": "ml_theory", "level": "L4", "language": "en", "questions": 8}
    answer = spoken_answers(args.turns)
    if args.url:
        run = await ScriptedCandidate(args.url, answer, args.speed).interview(candidate_start)
    else:
        with tempfile.TemporaryDirectory() as folder, running_server(Path(folder)) as ws_url:
            run = await ScriptedCandidate(ws_url, answer, args.speed).interview(candidate_start)
    _report(run.timings)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server's websocket URL")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--speed", type=float, default=1.0, help="1 = real time")
    asyncio.run(_main(parser.parse_args()))
