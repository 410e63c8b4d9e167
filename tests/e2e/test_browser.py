"""The browser page in real headless Chromium, with a WAV file as the microphone (DESIGN.md §6):
one spoken answer, one typed answer, then the report page. Screenshots are saved under
test-artifacts/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ
from tests.e2e.conftest import CHROMIUM, LiveServer, speak

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(300)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SPOKEN = (
    "Bias is the error from wrong assumptions, so the model underfits. Variance is the "
    "sensitivity to the training data, so the model overfits. Regularisation and more data "
    "reduce variance."
)


def _microphone_wav(folder: Path, voice: PiperSynthesizer) -> Path:
    """Silence while the interviewer asks, the answer, then silence to end the turn. 16-bit
    PCM: Chromium plays 24-bit files as silence without an error."""
    answer = speak(voice, SPOKEN)
    audio = np.concatenate(
        [np.zeros(9 * SAMPLE_RATE_HZ, np.float32), answer, np.zeros(5 * SAMPLE_RATE_HZ, np.float32)]
    )
    path = folder / "answer.wav"
    soundfile.write(path, audio, SAMPLE_RATE_HZ, subtype="PCM_16")
    return path


@pytest.fixture
def browser_page(tmp_path: Path, voice: PiperSynthesizer):  # type: ignore[no-untyped-def]
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    wav = _microphone_wav(tmp_path, voice)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={wav}%noloop",
                "--autoplay-policy=no-user-gesture-required",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        yield page
        browser.close()


def test_spoken_interview_in_chromium_shows_the_report(
    live_server: LiveServer, browser_page
) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.base_url}/?mic=raw&resume=0")
    page.screenshot(path=str(ARTIFACTS / "1-setup.png"))
    page.select_option("select[name=track]", "ml_theory:fundamentals")
    page.select_option("select[name=mode]", "voice")
    page.click("#start")

    page.wait_for_function("() => document.querySelector('#question').textContent.length > 10")
    spoken = page.locator("li.candidate").first
    spoken.wait_for(timeout=120_000)
    page.wait_for_selector("li.candidate.saved", timeout=60_000)
    heard = spoken.inner_text().lower()
    said = {"assumptions", "underfits", "variance", "training", "overfits", "data"}
    # Spacing is the recogniser's choice ("under fits"): compare with the spaces taken out.
    squashed = heard.replace(" ", "")
    assert len({w for w in said if w in squashed}) >= 5, heard
    page.wait_for_function(
        "() => document.querySelector('#phase').dataset.phase === 'listening'", timeout=60_000
    )
    page.screenshot(path=str(ARTIFACTS / "2-interview.png"))

    page.fill("#text-answer", "Cross-validation estimates generalisation on held-out folds.")
    page.click("#text-form button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('li.candidate.saved').length >= 2")
    page.click("#stop")
    page.wait_for_url("**/interviews/*", timeout=120_000)
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "3-report-top.png"))
    page.screenshot(path=str(ARTIFACTS / "3-report.png"), full_page=True)
    body = page.inner_text("body")
    assert "Model answer outline" in body
    assert "variance" in body.lower()
    assert "Cross-validation estimates generalisation" in body
    # Every bank question marks what it asks for; the report tags those points.
    assert page.locator(".score-detail li .kp-core").count() >= 1


def test_coding_round_code_pad_is_saved_and_reported(live_server: LiveServer, browser_page) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.base_url}/?mic=raw&resume=0")
    page.select_option("select[name=track]", "ml_coding:")
    page.select_option("select[name=mode]", "text")
    page.click("#start")
    page.wait_for_selector("#code-pad-panel:not([hidden])", timeout=60_000)
    page.fill("#code-pad", "def solve(items):\n    seen = {}\n    for x in items:\n        pass\n")
    page.fill("#text-answer", "I keep a hash map of what I have seen, one pass, linear time.")
    page.click("#text-form button[type=submit]")
    page.wait_for_selector("li.candidate.saved", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "4-code-pad.png"))
    page.click("#stop")
    page.wait_for_url("**/interviews/*", timeout=120_000)
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "5-report-code.png"), full_page=True)
    assert "def solve(items):" in page.inner_text("pre.code")
