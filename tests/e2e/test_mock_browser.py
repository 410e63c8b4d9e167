"""A timed full mock in headless Chromium, on a test budget short enough to run out: the
page shows the phase clock, the interviewer wraps up the spent phase and moves on, and the
report shows each phase's time against its budget. Screenshots go to test-artifacts/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from bench.server import running_server
from interviewer.mock_phases import PhasePlan
from tests.e2e.test_browser import ARTIFACTS, browser_page  # noqa: F401  (the fixture)
from web.settings import InterviewSettings

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(300)]

PHASES = [
    PhasePlan(name="introduction", round="behavioral", questions=1, budget_s=4.0),
    PhasePlan(name="technical", round="ml_theory", questions=2, budget_s=300.0),
]


@pytest.fixture(scope="module")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = InterviewSettings(mock_phases=PHASES)
    with running_server(tmp_path_factory.mktemp("viva-mock"), interview=settings) as ws_url:
        yield ws_url.removesuffix("/ws/interview").replace("ws://", "http://")


def test_a_timed_mock_runs_out_its_phase_and_moves_on(
    mock_server: str,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{mock_server}/?resume=0")
    page.select_option("select[name=track]", "full_mock:")
    page.select_option("select[name=mode]", "text")
    page.click("#start")
    page.wait_for_selector("#mock-clock:not([hidden])", timeout=60_000)
    assert page.inner_text("#mock-clock").startswith("Phase 1 of 2: introduction")
    page.wait_for_selector("#text-answer", state="visible")
    time.sleep(4.5)  # the introduction's budget runs out while the candidate thinks
    page.wait_for_selector("#mock-clock[data-late=true]")  # the clock shows the overrun
    page.screenshot(path=str(ARTIFACTS / "mock-1-clock-running-out.png"))
    page.fill("#text-answer", "I build ranking models and I lead a team of three.")
    page.click("#text-form button[type=submit]")
    # (wait_for_function would evaluate a string, which the pages' CSP refuses)
    page.wait_for_selector("#mock-clock:has-text('Phase 2 of 2')", timeout=60_000)
    assert "out of time for the introduction" in page.inner_text("#transcript")
    page.screenshot(path=str(ARTIFACTS / "mock-2-next-phase.png"))
    page.click("#stop")
    page.wait_for_url("**/interviews/*", timeout=120_000)
    page.wait_for_selector("#phase-times", timeout=60_000)
    rows = page.inner_text("#phase-times")
    assert "introduction" in rows and "technical questions" in rows
    page.screenshot(path=str(ARTIFACTS / "mock-3-report.png"))


def test_star_practice_shows_the_star_read_after_each_answer(
    mock_server: str,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    page.goto(f"{mock_server}/?resume=0")
    page.select_option("select[name=track]", "star:")
    page.select_option("select[name=mode]", "text")
    page.click("#start")
    page.wait_for_selector("#text-answer", state="visible", timeout=60_000)
    page.fill(
        "#text-answer",
        "Last year our ranking service kept timing out before a launch. I owned the fix: I "
        "profiled it, moved feature lookups to a cache and added load tests. Latency fell 40% "
        "and we launched on time.",
    )
    page.click("#text-form button[type=submit]")
    page.wait_for_selector("li.candidate .star-read", timeout=120_000)
    chips = page.inner_text("li.candidate .star-read")
    for part in ("Situation", "Task", "Action", "Result"):
        assert part in chips
    assert "✓ Result" in chips and "a measured result" in chips
    page.screenshot(path=str(ARTIFACTS / "star-practice.png"))
