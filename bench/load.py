"""N concurrent spoken interviews on loopback: reply latency percentiles, errors, nothing lost.

    python bench/load.py [--sessions 4] [--turns 3] [--speed 1] [--url ws://...]

Each scripted candidate answers `--turns` lines with piper-spoken answers streamed in real time;
afterwards every answered turn must be in the saved report (the "nothing lost" check).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.interview_client import InterviewRun, ScriptedCandidate
from bench.latency import spoken_answers
from bench.server import running_server


async def _one(url: str, answer: Any, speed: float) -> InterviewRun | Exception:
    start = {"round": "ml_theory", "level": "L4", "language": "en", "questions": 3}
    try:
        return await ScriptedCandidate(url, answer, speed).interview(start)
    except Exception as exc:  # a failed session is a result to count, not a crash
        return exc


async def _lost_turns(base_url: str, run: InterviewRun) -> int:
    """Answered turns that are missing from the saved report."""
    async with httpx.AsyncClient(base_url=base_url) as http:
        report = (await http.get(f"/interviews/{run.interview_id}?format=json")).json()
    saved = {a["turn_index"] for q in report["questions"] for a in q["answers"]}
    answered = {e["turn"] for e in run.of_type("turn_saved")}
    return len(answered - saved)


async def _main(args: argparse.Namespace, url: str) -> None:
    answers = [spoken_answers(args.turns) for _ in range(args.sessions)]
    started = time.perf_counter()
    runs = await asyncio.gather(*(_one(url, a, args.speed) for a in answers))
    wall_s = time.perf_counter() - started
    ok = [r for r in runs if isinstance(r, InterviewRun)]
    failed = [r for r in runs if not isinstance(r, InterviewRun)]
    base_url = url.removesuffix("/ws/interview").replace("ws://", "http://")
    lost = sum([await _lost_turns(base_url, r) for r in ok if r.interview_id])
    felt = [t.reply_latency_s * 1000 for r in ok for t in r.timings if t.reply_latency_s]
    reply = [t.server["reply_ms"] for r in ok for t in r.timings if t.server]
    errors = [e for r in ok for e in r.of_type("error")]
    print(f"sessions: {args.sessions}, turns each: {args.turns}, wall: {wall_s:.0f} s")
    print(f"failed sessions: {len(failed)} {[repr(f) for f in failed]}")
    print(f"error events: {len(errors)} {[e['code'] for e in errors]}")
    print(f"turns answered: {sum(len(r.of_type('turn_saved')) for r in ok)}, lost: {lost}")
    for name, values in (
        ("felt (last voiced -> reply audio)", felt),
        ("end of turn -> audio", reply),
    ):
        if values:
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            print(f"{name:<36} p50 {statistics.median(ordered):6.0f} ms  p95 {p95:6.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server's websocket URL")
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--speed", type=float, default=1.0)
    arguments = parser.parse_args()
    if arguments.url:
        asyncio.run(_main(arguments, arguments.url))
    else:
        with tempfile.TemporaryDirectory() as folder, running_server(Path(folder)) as ws_url:
            asyncio.run(_main(arguments, ws_url))
