"""A real Viva server with the bundled models on a loopback port, and spoken answers made
with the bundled piper voice (so no recording is committed)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import uvicorn

from rubrics.schema import Question
from speech.pcm import resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from web.app import create_app
from web.settings import DatabaseSettings, Settings


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    ws_url: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir: Path = tmp_path_factory.mktemp("viva-live")
    port = _free_port()
    settings = Settings(
        host="127.0.0.1",
        port=port,
        data_dir=data_dir,
        database=DatabaseSettings(url=f"sqlite:///{data_dir / 'viva.db'}"),
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the Viva server did not start")
        time.sleep(0.1)
    yield LiveServer(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws/interview", settings)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def voice() -> PiperSynthesizer:
    return PiperSynthesizer("joe", variation=0.0)


def speak(voice: PiperSynthesizer, text: str) -> FloatAudio:
    """The bundled voice saying `text`, as 16 kHz float audio."""
    pcm = b"".join(chunk.pcm for chunk in voice.synthesize(text))
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    return resample(audio, voice.sample_rate_hz, SAMPLE_RATE_HZ)


def complete_answer(question: Question) -> str:
    """An answer written from the rubric: every key point, in order."""
    return " ".join(kp.text.en for kp in question.key_points)
