"""Two Viva replicas sharing one PostgreSQL database, as a team runs them behind a load balancer.

Each replica is its own process (uvicorn, its own port and data directory, nothing in common
but the database), with scripted fakes for the models: this test is about the state replicas
share, not about speech. A candidate answers by voice on replica A, the socket drops, they
resume on replica B with their token and go on answering; then each replica replays the answer
the other one recorded, and neither data directory holds a single audio file.

Run a replica by hand with `python -m tests.e2e.test_two_replicas PORT DATA_DIR DATABASE_URL`.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile
import sqlalchemy
import yaml
from websockets.sync.client import ClientConnection, connect

from bench.server import free_port
from tests.conftest import POSTGRES_URL
from tests.fakes import silence, speech_like

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

REPO = Path(__file__).parents[2]
MODULE = "tests.e2e.test_two_replicas"
FRAME_BYTES = 640  # 20 ms of 16 kHz PCM16, as the browser sends
SPOKEN_S, PAUSE_S = 0.8, 0.6


def serve(port: int, data_dir: Path, database_url: str) -> None:
    """One replica: the real app, on `port`, with fakes for the models."""
    import uvicorn
    from pydantic import SecretStr

    from interviewer.line_writer import LineWriter
    from interviewer.scoring import AnswerScorer
    from interviewer.storage import Store
    from rubrics.loader import load_bank
    from speech.endpointing import EndpointingConfig
    from tests.fakes import BagOfTermsEmbedder, EnergyVad, ScriptedRecognizer, ToneSynthesizer
    from web.__main__ import websocket_max_size
    from web.app import create_app
    from web.services import Services
    from web.settings import AsrSettings, DatabaseSettings, Settings

    settings = Settings(
        port=port,
        data_dir=data_dir,
        database=DatabaseSettings(url=SecretStr(database_url)),
        asr=AsrSettings(partial_every_ms=0),
    )
    recognizer = ScriptedRecognizer(["I would start from the data and then the metrics."])
    synthesizer = ToneSynthesizer()
    services = Services(
        settings=settings,
        bank=load_bank(),
        store=Store(settings.database_url),
        recognizer=lambda _language: recognizer,
        synthesizer=lambda _language: synthesizer,
        make_vad=EnergyVad,
        writer=LineWriter(None),
        scorer=AnswerScorer(BagOfTermsEmbedder()),
        endpointing=EndpointingConfig(trailing_silence_ms=400, pause_hint_ms=200),
    )
    app = create_app(settings, services, warm_up=False)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws_max_size=websocket_max_size(settings),
    )


class Replica:
    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.log = data_dir / "replica.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", MODULE, str(self.port), str(data_dir), database_url],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).is_success:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"replica did not start:\n{self.log.read_text()[-3000:]}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/interview"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A fresh PostgreSQL schema, the replicas' only common ground."""
    schema = f"viva_replicas_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL, poolclass=sqlalchemy.pool.NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    except sqlalchemy.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def replicas(tmp_path: Path, shared_database: str) -> Iterator[tuple[Replica, Replica]]:
    started: list[Replica] = []
    try:
        for name in ("a", "b"):
            started.append(Replica(tmp_path / name, shared_database))
        for replica in started:  # both start at once, as replicas of a rollout do
            replica.wait_until_up()
        yield started[0], started[1]
    finally:
        for replica in started:
            replica.stop()


def _until(ws: ClientConnection, wanted: str, timeout_s: float = 30) -> dict[str, Any]:
    """The next event of type `wanted` (or `state` with phase `wanted`), skipping the rest."""
    deadline = time.monotonic() + timeout_s
    while True:
        raw = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(raw, bytes):
            continue  # the interviewer's voice
        message: dict[str, Any] = json.loads(raw)
        assert message["type"] != "error", message
        if message["type"] == wanted or (
            message["type"] == "state" and message.get("phase") == wanted
        ):
            return message


def _pcm16(audio: np.ndarray) -> np.ndarray:
    return (np.clip(audio, -1, 1) * 32767).astype("<i2")


def _answer_by_voice(ws: ClientConnection) -> int:
    """Speak an answer (a tone the fake VAD calls speech, then a pause); its turn index."""
    pcm = np.concatenate([_pcm16(speech_like(SPOKEN_S)), _pcm16(silence(PAUSE_S))]).tobytes()
    for offset in range(0, len(pcm), FRAME_BYTES):
        ws.send(pcm[offset : offset + FRAME_BYTES])
    return int(_until(ws, "turn_saved")["turn"])


def _replay(replica: Replica, interview_id: str, turn: int) -> np.ndarray:
    response = httpx.get(f"{replica.base_url}/interviews/{interview_id}/audio/{turn}.wav")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "audio/wav"
    assert int(response.headers["content-length"]) == len(response.content)
    samples, rate = soundfile.read(io.BytesIO(response.content), dtype="int16")
    assert rate == 16_000 and samples.ndim == 1
    return np.asarray(samples)


def _holds_the_answer(samples: np.ndarray) -> bool:
    """The recording is the answer as sent: every sample of the spoken tone, in order, and
    no longer than what was sent."""
    spoken = _pcm16(speech_like(SPOKEN_S)).astype(np.int32)
    if not spoken.size <= samples.size <= spoken.size + int(PAUSE_S * 16_000):
        return False
    start = int(np.flatnonzero(np.abs(samples) > 0)[0]) - 1  # the tone starts at sin(0) = 0
    aligned = samples[max(start, 0) : max(start, 0) + spoken.size].astype(np.int32)
    return aligned.size == spoken.size and int(np.abs(aligned - spoken).max()) <= 1


def test_an_interview_moves_between_replicas_and_either_replays_its_answers(
    replicas: tuple[Replica, Replica],
) -> None:
    first, second = replicas
    with connect(first.ws_url, max_size=None) as ws:
        ws.send(json.dumps({"type": "start", "round": "behavioral", "level": "L5"}))
        started = _until(ws, "session_started")
        _until(ws, "listening")
        assert _answer_by_voice(ws) == 0
        _until(ws, "listening")  # the next line was said: the socket now drops
    interview_id, token = started["interview_id"], started["token"]

    with connect(second.ws_url, max_size=None) as ws:
        resume = {"type": "resume_session", "interview_id": interview_id, "token": token}
        ws.send(json.dumps(resume))
        resumed = _until(ws, "session_started", timeout_s=60)  # the lease may have to go stale
        assert resumed["interview_id"] == interview_id
        _until(ws, "listening")
        assert _answer_by_voice(ws) == 1  # numbered after the turn replica A saved
        ws.send(json.dumps({"type": "stop"}))
        _until(ws, "session_ended", timeout_s=60)

    # Either replica replays either answer, whichever heard it.
    assert _holds_the_answer(recorded_on_a := _replay(second, interview_id, 0))
    assert _holds_the_answer(recorded_on_b := _replay(first, interview_id, 1))
    assert np.array_equal(_replay(first, interview_id, 0), recorded_on_a)
    assert np.array_equal(_replay(second, interview_id, 1), recorded_on_b)
    report = httpx.get(f"{first.base_url}/interviews/{interview_id}?format=json").json()
    answers = [answer for question in report["questions"] for answer in question["answers"]]
    assert [(a["turn_index"], a["has_audio"]) for a in answers] == [(0, True), (1, True)]
    for replica in replicas:  # no recording lives on a replica's disk
        assert not [p for p in replica.data_dir.rglob("*") if p.suffix in {".wav", ".flac"}]


def _proxy_command(port: int, replicas: tuple[Replica, Replica]) -> list[str]:
    """The compose file's proxy service, pointed at these replicas and this port."""
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    command: list[str] = list(compose["services"]["proxy"]["command"])
    upstreams = iter(f"127.0.0.1:{replica.port}" for replica in replicas)
    published = command[command.index("--from") + 1]
    swapped = [
        next(upstreams) if arg.startswith("viva") else f":{port}" if arg == published else arg
        for arg in command
    ]
    return [shutil.which("caddy") or "caddy", *swapped[1:]]


def test_behind_the_compose_files_proxy_an_interview_resumes_on_whichever_replica(
    replicas: tuple[Replica, Replica], tmp_path: Path
) -> None:
    """Caddy as the compose file runs it (its `reverse-proxy` command spreads connections over
    both replicas at random, websockets passed through): wherever each reconnect lands, the
    interview goes on and every answer replays through the proxy."""
    if shutil.which("caddy") is None:
        pytest.skip("Debian's caddy is not installed (the README's test command installs it)")
    port = free_port()
    log = (tmp_path / "caddy.log").open("wb")
    proxy = subprocess.Popen(
        _proxy_command(port, replicas),
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )
    base, ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws/interview"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "caddy.log").read_text()
            time.sleep(0.2)
        with connect(ws_url, max_size=None) as ws:
            ws.send(json.dumps({"type": "start", "round": "behavioral", "level": "L5"}))
            started = _until(ws, "session_started")
            _until(ws, "listening")
            assert _answer_by_voice(ws) == 0
            _until(ws, "listening")
        resume = {"type": "resume_session", **{k: started[k] for k in ("interview_id", "token")}}
        for turn in (1, 2):  # two reconnects, each to whichever replica the proxy picks
            with connect(ws_url, max_size=None) as ws:
                ws.send(json.dumps(resume))
                _until(ws, "session_started", timeout_s=60)
                _until(ws, "listening")
                assert _answer_by_voice(ws) == turn
                _until(ws, "listening")
        for turn in (0, 1, 2):
            response = httpx.get(f"{base}/interviews/{started['interview_id']}/audio/{turn}.wav")
            assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
