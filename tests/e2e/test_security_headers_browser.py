"""The Content-Security-Policy against the real pages in headless Chromium: a spoken interview
(module scripts, the AudioWorklet, the websocket, the interviewer's voice), the report with its
recorded answer played, and the list of past interviews, with no violation reported."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.test_browser import browser_page  # noqa: F401  (the fixture, with its fake mic)

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(300)]

# Every violation any page sees, from the DOM event (which names the directive), reported to
# the test through a binding that outlives navigations; Chromium's console says it too.
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI}`));
"""


def test_the_pages_run_under_the_policy_without_a_violation(
    live_server: LiveServer,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(WATCH_VIOLATIONS)

    response = page.goto(f"{live_server.base_url}/?mic=raw&resume=0")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.select_option("select[name=track]", "ml_theory:fundamentals")
    page.select_option("select[name=mode]", "voice")
    page.click("#start")
    page.wait_for_selector("li.candidate.saved", timeout=180_000)  # heard through the worklet
    page.click("#stop")
    page.wait_for_url("**/interviews/*", timeout=120_000)
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    played = page.evaluate(
        """async () => {
             const audio = document.querySelector("audio");
             if (!audio) return "no player";
             audio.muted = true;
             await audio.play();
             return audio.duration > 0 ? "played" : "empty";
           }"""
    )
    assert played == "played"

    page.goto(f"{live_server.base_url}/interviews")
    page.wait_for_selector("#list a", timeout=30_000)  # filled by /static/interviews.js

    assert violations == []
    assert not [m for m in console if "Content Security Policy" in m or "page error" in m]
