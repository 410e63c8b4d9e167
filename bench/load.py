"""N concurrent spoken interviews on loopback: reply latency percentiles, errors, nothing lost.

    python bench/load.py [--sessions 4] [--turns 3] [--speed 1] [--url ws://...]

Each scripted candidate answers `--turns` lines with piper-spoken answers streamed in real time;
afterwards every answered turn must be in the saved report (the "nothing lost" check).

Every session's plan (`--seed`) and its spoken answers are made before the clock starts: the
load generator shares the server's cores, and synthesising answers inside the run (as this
bench did before issue 10) took up to a core away from the server at the moments it measured.
The split below the felt gap is the server's own `metrics` event; "heard behind real time" is
the felt gap less the endpointing wait and the reply, i.e. how late the server heard the audio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
from rubrics.loader import load_bank
from rubrics.planner import PlanRequest, plan_interview

_START = {"round": "ml_theory", "level": "L4", "language": "en"}


def _planned_answers(sessions: int, turns: int, seed: int) -> list[tuple[list[str], Any]]:
    """Each session's question ids and an answer callback that returns audio made up front."""
    bank = load_bank()
    planned = []
    for session in range(sessions):
        request = PlanRequest(round="ml_theory", level="L4", count=3, seed=seed + session)
        ids = [q.id for q in plan_interview(bank, request)]
        speak = spoken_answers(len(ids))
        audio = {qid: speak({"question_id": qid}) for qid in ids}
        planned.append((ids, _replay(audio, turns)))
    return planned


def _replay(audio: dict[str, Any], turns: int) -> Any:
    """Answer the first `turns` lines about a planned question with its audio (as
    `spoken_answers` does, follow-ups included), then stop."""
    given = {"count": 0}

    def answer(line: dict[str, Any]) -> Any:
        qid = line.get("question_id")
        if given["count"] >= turns or qid is None:
            return None
        given["count"] += 1
        return audio[qid]

    return answer


async def _one(url: str, ids: list[str], answer: Any, speed: float) -> InterviewRun | Exception:
    start = {**_START, "question_ids": ids}
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


_SPLIT = ("endpoint_wait_ms", "asr_ms", "decide_ms", "line_first_audio_ms")


async def _main(args: argparse.Namespace, url: str) -> None:
    planned = _planned_answers(args.sessions, args.turns, args.seed)
    loads = [f"{os.getloadavg()[0]:.2f}"]
    started = time.perf_counter()
    runs = await asyncio.gather(*(_one(url, ids, a, args.speed) for ids, a in planned))
    wall_s = time.perf_counter() - started
    ok = [r for r in runs if isinstance(r, InterviewRun)]
    failed = [r for r in runs if not isinstance(r, InterviewRun)]
    base_url = url.removesuffix("/ws/interview").replace("ws://", "http://")
    lost = sum([await _lost_turns(base_url, r) for r in ok if r.interview_id])
    timed = [t for r in ok for t in r.timings if t.reply_latency_s and t.server]
    felt = [t.reply_latency_s * 1000 for r in ok for t in r.timings if t.reply_latency_s]
    reply = [t.server["reply_ms"] for t in timed]
    # The felt gap less what the server measured from its own stream clock: how far behind
    # real time the server heard the audio (VAD and socket backlog).
    lag = [
        (t.reply_latency_s or 0) * 1000 - t.server["endpoint_wait_ms"] - t.server["reply_ms"]
        for t in timed
    ]
    errors = [e for r in ok for e in r.of_type("error")]
    print(f"sessions: {args.sessions}, turns each: {args.turns}, wall: {wall_s:.0f} s")
    print(f"load average at start {loads[0]}, at end {os.getloadavg()[0]:.2f} (2 cores shared)")
    print(f"failed sessions: {len(failed)} {[repr(f) for f in failed]}")
    print(f"error events: {len(errors)} {[e['code'] for e in errors]}")
    print(f"turns answered: {sum(len(r.of_type('turn_saved')) for r in ok)}, lost: {lost}")
    parts = [(f"  {key}", [t.server[key] for t in timed]) for key in _SPLIT]
    for name, values in (
        ("felt (last voiced -> reply audio)", felt),
        ("  heard behind real time", lag),
        *parts,
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
    parser.add_argument("--seed", type=int, default=10, help="plans: seed, seed+1, ...")
    parser.add_argument(
        "--max-sessions", type=int, help="the started server's session limit (default: its own)"
    )
    arguments = parser.parse_args()
    if arguments.url:
        asyncio.run(_main(arguments, arguments.url))
    else:
        limit = {"max_sessions": arguments.max_sessions} if arguments.max_sessions else {}
        with (
            tempfile.TemporaryDirectory() as folder,
            running_server(Path(folder), **limit) as ws_url,
        ):
            asyncio.run(_main(arguments, ws_url))
