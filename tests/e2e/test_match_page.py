"""The home page's "practise a question you were asked" form, in headless Chromium against the
real server: matches are listed with a drill link, and an unrelated question says none."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.e2e, pytest.mark.models]


@pytest.fixture
def page() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        yield browser.new_page(viewport={"width": 1100, "height": 1000})
        browser.close()


def test_asked_question_lists_matches_with_drill_links(
    live_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    page.goto(f"{live_server.base_url}/")
    page.fill("#match-question", "How is L1 regularization different from L2?")
    page.click("#match-form button")
    link = page.locator("#match-results li a").first
    link.wait_for(timeout=60_000)
    assert link.get_attribute("href") == "/?question=fund_l1_vs_l2"
    assert "same thing" in page.inner_text("#match-status")
    page.screenshot(path=str(Path(os.environ.get("VIVA_SCREENSHOTS", tmp_path)) / "match.png"))

    page.fill("#match-question", "how do you bake sourdough bread")
    page.press("#match-question", "Enter")
    page.wait_for_function(
        "() => document.getElementById('match-status').textContent.startsWith('No question')"
    )
    assert page.inner_text("#match-results").startswith("Closest, but not the same")
