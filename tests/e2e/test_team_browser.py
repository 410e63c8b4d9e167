"""Team mode in headless Chromium: sign-in, a candidate's history, a shared link opened signed
out, a refused cross-user read, and revoking the link. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import TEAM_PASSWORD, team_server
from tests.e2e.test_browser import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    people = {"ada@example.com": "Ada", "bob@example.com": "Bob"}
    with team_server(tmp_path_factory.mktemp("viva-team"), people) as base_url:
        yield base_url


def sign_in(page: Any, base_url: str, email: str, screenshot: str | None = None) -> None:
    page.goto(f"{base_url}/interviews")
    page.wait_for_url("**/login?next=*")  # every page asks for sign-in first
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEAM_PASSWORD)
    if screenshot:
        page.screenshot(path=str(ARTIFACTS / screenshot))
    page.click("#submit")
    page.wait_for_url("**/interviews")  # back where it was going


def test_sign_in_history_share_and_refused_cross_user_read(server: str, browser: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    ada = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    wrong = ada.goto(f"{server}/login")
    assert wrong is not None and wrong.status == 200
    ada.fill("input[name=email]", "ada@example.com")
    ada.fill("input[name=password]", "not her password")
    ada.click("#submit")
    ada.wait_for_selector("#errors div")
    assert "wrong e-mail or password" in ada.inner_text("#errors")

    sign_in(ada, server, "ada@example.com", screenshot="team-1-sign-in.png")
    assert ada.inner_text("#account-link") == "Ada"
    # An interview, typed, then the report.
    ada.goto(f"{server}/")
    ada.select_option("select[name=track]", "behavioral:")
    ada.select_option("select[name=mode]", "text")
    ada.click("#start")
    ada.wait_for_selector("#text-answer", state="visible", timeout=60_000)
    ada.fill("#text-answer", "I led the migration of our ranking model and measured a 3% lift.")
    ada.click("#text-form button[type=submit]")
    ada.wait_for_selector("li.candidate.saved", timeout=60_000)
    ada.click("#stop")
    ada.wait_for_url("**/interviews/*", timeout=120_000)
    ada.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    report_url = ada.url
    # Her history lists it.
    ada.goto(f"{server}/interviews")
    ada.wait_for_selector("#list a")
    assert len(ada.query_selector_all("#list a")) == 1
    ada.screenshot(path=str(ARTIFACTS / "team-2-history.png"))

    # A link for someone without an account.
    ada.goto(report_url)
    ada.wait_for_selector("#make-link")
    ada.click("#make-link")
    share_url = ada.get_attribute("#share-url", "href")
    assert share_url and "/shared/" in share_url
    ada.wait_for_selector("#sharing .danger")
    ada.locator("#sharing").scroll_into_view_if_needed()
    ada.screenshot(path=str(ARTIFACTS / "team-3-share.png"))

    reader = browser.new_context().new_page()
    reader.goto(share_url)
    reader.wait_for_selector("body[data-loaded=true]", timeout=30_000)
    assert "led the migration" in reader.inner_text("#questions")
    assert reader.query_selector("#sharing") is None  # only the owner manages links
    reader.screenshot(path=str(ARTIFACTS / "team-4-shared-report.png"), full_page=True)
    # The link opens that report only.
    refused = reader.goto(f"{server}/interviews")
    assert refused is not None
    reader.wait_for_url("**/login?next=*")

    # Bob, signed in, cannot read Ada's report.
    bob = browser.new_context().new_page()
    sign_in(bob, server, "bob@example.com")
    assert bob.query_selector_all("#list a") == []
    denied = bob.goto(report_url)
    assert denied is not None and denied.status == 404
    json_read = bob.goto(f"{report_url}?format=json")
    assert json_read is not None and json_read.status == 404

    # Revoked, the link opens nothing.
    ada.click("#sharing .danger")
    ada.wait_for_selector("#sharing li .muted")
    gone = reader.goto(share_url)
    assert gone is not None and gone.status == 404
