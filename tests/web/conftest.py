"""A Viva app wired with scripted fakes (no models): the websocket protocol and voice loop
logic tested in seconds. The real-model end-to-end runs live in tests/e2e."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from interviewer.line_writer import LineWriter
from interviewer.scoring import AnswerScorer
from interviewer.storage import Store
from rubrics.bank import QuestionBank
from speech.endpointing import EndpointingConfig
from tests.fakes import BagOfTermsEmbedder, EnergyVad, ScriptedRecognizer, ToneSynthesizer
from web.app import create_app
from web.origin import LOOPBACK_HOSTS
from web.services import Services
from web.settings import AsrSettings, Settings

FRAME_SAMPLES = 320  # 20 ms at 16 kHz, as the browser sends


def frames(audio: np.ndarray) -> Iterator[bytes]:
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
    step = FRAME_SAMPLES * 2
    for offset in range(0, len(pcm), step):
        yield pcm[offset : offset + step]


class Client:
    """Receives events in order, keeping a log, so tests can assert on ordering."""

    def __init__(self, ws: WebSocketTestSession) -> None:
        self.ws = ws
        self.log: list[dict[str, Any] | bytes] = []

    def send(self, **message: Any) -> None:
        self.ws.send_json(message)

    def send_audio(self, audio: np.ndarray) -> None:
        for frame in frames(audio):
            self.ws.send_bytes(frame)

    def receive(self) -> dict[str, Any] | bytes:
        message = self.ws.receive()
        if message["type"] == "websocket.close":
            raise ConnectionError("server closed the socket")
        item: dict[str, Any] | bytes = (
            message["bytes"] if message.get("bytes") is not None else json.loads(message["text"])
        )
        self.log.append(item)
        return item

    def until(
        self, predicate: Callable[[dict[str, Any]], bool], limit: int = 2000
    ) -> dict[str, Any]:
        for _ in range(limit):
            item = self.receive()
            if isinstance(item, dict) and predicate(item):
                return item
        raise AssertionError(f"no matching event in {limit} messages")

    def first(self, type_: str) -> dict[str, Any]:
        """The first event of this type, whether it already arrived or is still to come."""
        seen = self.events(type_)
        return seen[0] if seen else self.until_type(type_)

    def until_type(self, type_: str) -> dict[str, Any]:
        return self.until(lambda m: m["type"] == type_)

    def until_listening(self) -> dict[str, Any]:
        return self.until(lambda m: m["type"] == "state" and m["phase"] == "listening")

    def events(self, type_: str | None = None) -> list[dict[str, Any]]:
        return [
            m for m in self.log if isinstance(m, dict) and (type_ is None or m["type"] == type_)
        ]


@pytest.fixture
def make_app(tmp_path: Path, bank: QuestionBank) -> Callable[..., TestClient]:
    def build(
        recognizer: ScriptedRecognizer | None = None,
        synthesizer: ToneSynthesizer | None = None,
        scorer: Any = None,
        make_vad: Callable[[], Any] = EnergyVad,
        **settings_overrides: Any,
    ) -> TestClient:
        # TestClient's requests all say `Host: testserver`; under uvicorn, the loopback names.
        settings_overrides.setdefault("allowed_hosts", ["testserver", *LOOPBACK_HOSTS])
        settings = Settings(
            data_dir=tmp_path,
            max_message_bytes=16_384,
            asr=AsrSettings(partial_every_ms=0),
            **settings_overrides,
        )
        recognizer = recognizer or ScriptedRecognizer(["I would start from the data."])
        synthesizer = synthesizer or ToneSynthesizer()
        services = Services(
            settings=settings,
            bank=bank,
            store=Store(f"sqlite:///{tmp_path / 'viva.db'}"),
            recognizer=lambda _language: recognizer,
            synthesizer=lambda _language: synthesizer,
            make_vad=make_vad,
            writer=LineWriter(None),
            scorer=scorer or AnswerScorer(BagOfTermsEmbedder()),
            endpointing=EndpointingConfig(trailing_silence_ms=400, pause_hint_ms=200),
        )
        return TestClient(create_app(settings, services, warm_up=False))

    return build


START = {"type": "start", "round": "ml_theory", "level": "L4", "language": "en"}


@contextlib.contextmanager
def started_session(app: TestClient) -> Iterator[tuple[Client, dict[str, Any]]]:
    """A connection with an interview started and its first line spoken."""
    with app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(**START)
        started = client.until_type("session_started")
        client.until_listening()
        yield client, started


def wait_for(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
