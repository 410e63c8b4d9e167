"""kill -9 at random points of scripted interviews: the server runs as a real subprocess with
the bundled models, is killed without warning a few times, and restarted; every turn the client
saw acknowledged with `turn_saved` must be in the database afterwards, and scored."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from bench.server import free_port
from interviewer.storage import Store

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(900)]

KILLS = 3
ANSWERS = [
    "Bias is error from wrong assumptions; variance is sensitivity to the training sample.",
    "I would add regularisation, more data, or a simpler model to cut the variance.",
    "Cross-validation tells me which side of the trade-off I am on.",
    "I do not know that one, sorry.",
    "Gradient descent follows the negative gradient with a learning rate.",
]


class Server:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "VIVA_DATA_DIR": str(data_dir),
            "VIVA_PORT": str(self.port),
            "VIVA_LLM__BACKEND": "none",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "web"], env=env, stdout=subprocess.DEVNULL, stderr=None
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).is_success:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/interview"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _events(ws: ClientConnection, until: str, timeout_s: float = 60) -> Iterator[dict[str, Any]]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        raw = ws.recv(timeout=deadline - time.monotonic())
        if isinstance(raw, bytes):
            continue
        message: dict[str, Any] = json.loads(raw)
        yield message
        if message["type"] == until:
            return


def _interview(server: Server, rng: random.Random, known: dict[str, Any] | None) -> dict[str, Any]:
    """Answer typed questions until killed at a random moment; returns the session and the
    turns acknowledged with `turn_saved`."""
    session = dict(known or {})
    acked: list[int] = session.setdefault("acked", [])
    with connect(server.ws_url, max_size=None) as ws:
        if known is None:
            ws.send(json.dumps({"type": "start", "mode": "text", "round": "ml_theory"}))
        else:
            resume = {"type": "resume_session", "interview_id": session["interview_id"]}
            ws.send(json.dumps({**resume, "token": session["token"]}))
        for message in _events(ws, "state"):
            if message["type"] == "session_started":
                session.update(interview_id=message["interview_id"], token=message["token"])
        kill_after = rng.randint(0, 3)
        try:
            for answer in range(kill_after + 1):
                ws.send(json.dumps({"type": "text_answer", "text": rng.choice(ANSWERS)}))
                if answer == kill_after:
                    time.sleep(rng.uniform(0.0, 0.25))  # somewhere inside the turn
                    server.kill()
                    break
                for message in _events(ws, "turn_saved"):
                    if message["type"] == "turn_saved":
                        acked.append(message["turn"])
        except ConnectionClosed:
            pass
        # What arrived before the kill was acknowledged, too.
        try:
            while True:
                raw = ws.recv(timeout=0.5)
                if isinstance(raw, str) and json.loads(raw)["type"] == "turn_saved":
                    acked.append(json.loads(raw)["turn"])
        except (ConnectionClosed, TimeoutError):
            pass
    return session


def test_acknowledged_turns_survive_kill_9_and_are_scored(tmp_path: Path) -> None:
    rng = random.Random(7)
    sessions: list[dict[str, Any]] = []
    for kill in range(KILLS):
        server = Server(tmp_path)
        resume = sessions[-1] if sessions and kill % 2 else None
        session = _interview(server, rng, resume)
        if resume is None:
            sessions.append(session)
        if server.process.poll() is None:
            server.kill()
    server = Server(tmp_path)  # the restart scores what the kills left unscored
    try:
        store = Store(f"sqlite:///{tmp_path / 'viva.db'}")
        acked = [(s["interview_id"], turn) for s in sessions for turn in s["acked"]]
        assert acked, "the script never got a turn acknowledged"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            scored = {(s.interview_id, s.turn_index) for i, _ in acked for s in store.scores(i)}
            if all(key in scored for key in acked):
                break
            time.sleep(0.5)
        for interview_id, turn in acked:
            saved = {t.turn_index for t in store.turns(interview_id)}
            assert turn in saved, f"acknowledged turn {turn} of {interview_id} was lost"
        assert all(key in scored for key in acked), "an acknowledged turn was never scored"
    finally:
        server.stop()
