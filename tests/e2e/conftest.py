"""A real Viva server with the bundled models on a loopback port, and spoken answers made
with the bundled piper voice (so no recording is committed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bench.server import running_server
from interviewer.accounts import Accounts
from interviewer.storage import Store
from rubrics.schema import Question
from speech.pcm import pcm16_to_float, resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from web.settings import AuthSettings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Every account the team-mode browser tests make signs in with this.
TEAM_PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    ws_url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("viva-live")) as ws_url:
        base_url = ws_url.removesuffix("/ws/interview").replace("ws://", "http://")
        yield LiveServer(base_url, ws_url)


@pytest.fixture(scope="session")
def voice() -> PiperSynthesizer:
    return PiperSynthesizer("joe", variation=0.0)


def speak(voice: PiperSynthesizer, text: str) -> FloatAudio:
    """The bundled voice saying `text`, as 16 kHz float audio."""
    pcm = b"".join(chunk.pcm for chunk in voice.synthesize(text))
    return resample(pcm16_to_float(pcm), voice.sample_rate_hz, SAMPLE_RATE_HZ)


def complete_answer(question: Question) -> str:
    """An answer written from the rubric: every key point, in order."""
    return " ".join(kp.text.en for kp in question.key_points)


@contextmanager
def team_server(data_dir: Path, people: dict[str, str]) -> Iterator[str]:
    """A team-mode server (plain-http cookies) with an account per e-mail -> name in `people`,
    all with TEAM_PASSWORD; yields its base URL."""
    auth = AuthSettings(session_secret=SecretStr("t" * 40), secure_cookies=False)
    with running_server(data_dir, mode="team", auth=auth) as ws_url:
        accounts = Accounts(Store(f"sqlite:///{data_dir / 'viva.db'}").engine)
        for email, name in people.items():
            accounts.create_user(email, name, TEAM_PASSWORD)
        yield ws_url.removesuffix("/ws/interview").replace("ws://", "http://")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium, without a fake microphone (see test_browser.browser_page)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        yield launched
        launched.close()
