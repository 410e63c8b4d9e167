"""The interface in English and Chinese in headless Chromium, against the real server: every page
(home, past interviews, a report, progress, notebook, and in team mode sign-in and the account)
in a browser set to en-US and one set to zh-CN, the EN / 中文 toggle and its persistence, a
Chinese interview's report in Chinese, and the report printed to PDF.

Screenshots go to test-artifacts/i18n-<page>-<lang>.png for people to look at: the Chinese ones
need a CJK font on the machine (Debian's fonts-noto-cjk), without which Chromium draws boxes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import TEAM_PASSWORD, LiveServer, team_server
from tests.e2e.test_browser import ARTIFACTS
from tests.web.test_i18n_messages import EN, ZH

pytestmark = [pytest.mark.e2e, pytest.mark.models, pytest.mark.timeout(600)]

MESSAGES = {"en": EN, "zh": ZH}
LOCALES = {"en": "en-US", "zh": "zh-CN"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}
NAMESPACES = "|".join(sorted({key.split(".")[0] for key in EN}))
RAW_KEY = re.compile(rf"(?:{NAMESPACES})\.[a-z0-9_]+")
ANSWERS = {
    "en": "I led the migration of our ranking model and measured a three percent lift in clicks.",
    "zh": "我负责把排序模型迁移到新平台，上线后点击率提升了百分之三。",
}
# Every text and attribute a person can read on the page, and each marked element's key and
# text, to compare with the dictionary of the page's language.
PAGE_TEXT = """() => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (text) texts.push(text);
  }
  for (const node of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    for (const name of ["placeholder", "title", "aria-label"]) {
      if (node.hasAttribute(name)) texts.push(node.getAttribute(name));
    }
  }
  const marked = [...document.querySelectorAll("[data-i18n]")]
    .map((node) => [node.dataset.i18n, node.textContent]);
  for (const [attribute, target] of [["data-i18n-placeholder", "placeholder"],
      ["data-i18n-title", "title"], ["data-i18n-aria-label", "aria-label"]]) {
    for (const node of document.querySelectorAll(`[${attribute}]`)) {
      marked.push([node.getAttribute(attribute), node.getAttribute(target)]);
    }
  }
  return { texts, marked, lang: document.documentElement.lang };
}"""


def new_page(browser: Any, language: str) -> Any:
    """A page in a fresh context whose browser language is `language` (nothing chosen yet)."""
    context = browser.new_context(locale=LOCALES[language], viewport={"width": 1100, "height": 900})
    return context.new_page()


def typed_interview(page: Any, base_url: str, language: str) -> str:
    """A behavioral interview in `language`, its first question answered by typing, then
    ended: the report's URL."""
    page.goto(f"{base_url}/?resume=0")
    page.select_option("select[name=track]", "behavioral:")
    page.select_option("select[name=language]", language)
    page.select_option("select[name=mode]", "text")
    page.click("#start")
    page.wait_for_selector("#text-answer", state="visible", timeout=60_000)
    page.fill("#text-answer", ANSWERS[language])
    page.click("#text-form button[type=submit]")
    page.wait_for_selector("li.candidate.saved", timeout=120_000)
    # The interview screen, drawn by app.js as the interview goes, in the browser's language.
    check_language(page, language)
    assert page.inner_text("li.candidate strong") == MESSAGES[language]["interview.you"]
    assert page.inner_text("#progress") == MESSAGES[language]["interview.questions"].format(count=3)
    screenshot(page, "interview", language)
    page.click("#stop")
    page.wait_for_url("**/interviews/*", timeout=120_000)
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    return str(page.url)


@pytest.fixture(scope="module")
def reports(live_server: LiveServer, browser: Any) -> dict[str, str]:
    """A report of an English and of a Chinese interview, by the interview's language."""
    made = {}
    for language in ("en", "zh"):
        page = new_page(browser, language)
        made[language] = typed_interview(page, live_server.base_url, language)
        page.context.close()
    return made


@pytest.fixture(scope="module")
def signed_in_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Team mode, for the pages personal mode has not (sign-in, the account)."""
    with team_server(tmp_path_factory.mktemp("viva-i18n-team"), {"lin@example.com": "林晓"}) as url:
        yield url


def open_page(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


def check_language(page: Any, language: str) -> None:
    """The page is in `language`: <html lang>, every marked element holds its message in that
    language, and nothing shows a raw key or an unfilled {placeholder}."""
    seen = page.evaluate(PAGE_TEXT)
    assert seen["lang"] == HTML_LANG[language]
    messages = MESSAGES[language]
    wrong = [(key, text) for key, text in seen["marked"] if messages.get(key) != text]
    assert wrong == []
    raw = [t for t in seen["texts"] if RAW_KEY.fullmatch(t) or re.search(r"\{[a-z_]+\}", t)]
    assert raw == []
    nav = page.query_selector("header.bar nav")
    if nav is not None:
        shown = nav.inner_text()
        for key in ("nav.history", "nav.progress", "nav.notebook"):
            assert messages[key] in shown
    assert page.is_visible("#lang-toggle")
    pressed = page.get_attribute("#lang-toggle button[aria-pressed=true]", "data-lang")
    assert pressed == language


def screenshot(page: Any, name: str, language: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"i18n-{name}-{language}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", ["home", "history", "progress", "notebook"])
def test_personal_pages_follow_the_browser_language(
    live_server: LiveServer, browser: Any, reports: dict[str, str], name: str, language: str
) -> None:
    page = new_page(browser, language)
    path = {"home": "/", "history": "/interviews", "progress": "/progress", "notebook": "/notebook"}
    open_page(page, f"{live_server.base_url}{path[name]}")
    if name == "history":
        page.wait_for_selector("#list a")
        rows = page.inner_text("#list")
        # Rounds and statuses from the server are shown by name in the page's language.
        assert ("行为面试" in rows) == (language == "zh")
        assert ("behavioral" in rows) == (language == "en")
    if name in ("progress", "notebook"):
        page.wait_for_selector("body[data-loaded=true]", timeout=30_000)
    check_language(page, language)
    title = {"home": "title.home", "history": "title.history", "progress": "title.progress"}
    assert page.title() == MESSAGES[language][title.get(name, "title.notebook")]
    screenshot(page, name, language)
    page.context.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_report_reads_in_its_interview_language(
    browser: Any, reports: dict[str, str], language: str
) -> None:
    """Read with no language chosen, even in a browser set to the other language."""
    other = "en" if language == "zh" else "zh"
    page = new_page(browser, other)
    open_page(page, reports[language])
    page.wait_for_selector("body[data-loaded=true]")
    check_language(page, language)
    body = page.inner_text("main")
    outline, heading = EN["report.outline"], EN["report.practise_next"]
    assert (outline in body) == (language == "en")
    assert (ZH["report.outline"] in body) == (language == "zh")
    assert ANSWERS[language] in body
    if language == "zh":
        assert not re.search(r"\b(Score|Key points|Delivery|Interviewer)\b", body), body
        assert heading not in body
    screenshot(page, "report", language)
    # Followed, not chosen: the next page is in the browser's language again.
    open_page(page, page.url.split("/interviews/")[0] + "/interviews")
    check_language(page, other)
    page.context.close()


def test_the_toggle_switches_and_the_choice_persists(
    live_server: LiveServer, browser: Any, reports: dict[str, str]
) -> None:
    page = new_page(browser, "en")
    open_page(page, f"{live_server.base_url}/")
    check_language(page, "en")
    assert page.input_value("select[name=language]") == "en"
    page.click("#lang-toggle button[data-lang=zh]")
    check_language(page, "zh")
    assert page.inner_text("h1") == "开口练习机器学习面试"
    # The interview's language follows the interface's until the candidate picks one.
    assert page.input_value("select[name=language]") == "zh"
    assert page.evaluate("localStorage.getItem('viva-lang')") == "zh"

    open_page(page, f"{live_server.base_url}/interviews")  # persists across navigation
    check_language(page, "zh")
    page.wait_for_selector("#list a")
    assert "行为面试" in page.inner_text("#list")  # rows drawn by the script, in Chinese too
    open_page(page, reports["en"])  # a choice beats the interview's language
    page.wait_for_selector("body[data-loaded=true]")
    check_language(page, "zh")
    assert ZH["report.outline"] in page.inner_text("main")

    page.click("#lang-toggle button[data-lang=en]")  # the report is drawn again, in English
    check_language(page, "en")
    assert EN["report.outline"] in page.inner_text("main")
    page.reload()
    page.wait_for_selector("body[data-loaded=true]")
    check_language(page, "en")
    open_page(page, reports["zh"])  # chosen English: a Chinese interview's labels in English
    page.wait_for_selector("body[data-loaded=true]")
    check_language(page, "en")
    assert EN["report.outline"] in page.inner_text("main")
    page.context.close()


def test_the_report_prints_without_the_page_around_it(
    browser: Any, reports: dict[str, str]
) -> None:
    page = new_page(browser, "zh")
    open_page(page, reports["zh"])
    page.wait_for_selector("body[data-loaded=true]")
    assert page.is_visible("header.bar") and page.is_visible("#print")
    page.emulate_media(media="print")
    for hidden in ("header.bar", "header.bar nav", "#lang-toggle", "#print", ".no-print", "button"):
        assert page.locator(hidden).count(), hidden
        assert not any(node.is_visible() for node in page.locator(hidden).all()), hidden
    assert page.is_visible("#summary h1") and page.is_visible(".card.question")
    style = page.evaluate(
        """() => {
             const card = getComputedStyle(document.querySelector(".card.question"));
             return { shadow: card.boxShadow, breakInside: card.breakInside,
                      colour: getComputedStyle(document.body).color,
                      background: getComputedStyle(document.body).backgroundColor };
           }"""
    )
    assert style == {
        "shadow": "none",
        "breakInside": "avoid",
        "colour": "rgb(0, 0, 0)",
        "background": "rgb(255, 255, 255)",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "i18n-report-print-zh.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "i18n-report-zh.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.context.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_sign_in_and_account_pages(signed_in_server: str, browser: Any, language: str) -> None:
    page = new_page(browser, language)
    open_page(page, f"{signed_in_server}/login")
    check_language(page, language)
    assert page.inner_text("h1") == MESSAGES[language]["login.heading"]
    screenshot(page, "login", language)

    page.fill("input[name=email]", "lin@example.com")
    page.fill("input[name=password]", TEAM_PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{signed_in_server}/")
    open_page(page, f"{signed_in_server}/account")
    page.wait_for_selector("#account-link")
    check_language(page, language)
    assert page.inner_text("#who") == "林晓"  # the name, not the heading's message
    assert page.inner_text("#sign-out") == MESSAGES[language]["nav.sign_out"]
    screenshot(page, "account", language)
    page.context.close()


RESUMES = {
    "en": (
        "Senior Machine Learning Engineer, 6 years.\n"
        "Projects\n"
        "FeedRanker: built a two-tower retrieval and ranking service in PyTorch; "
        "cut p99 latency 40% and lifted click-through 3%.\n"
    ),
    "zh": (
        "高级机器学习工程师，6 年经验。\n"
        "项目经历\n"
        "智能客服检索系统：负责基于向量检索的问答服务，使用 PyTorch 和 Faiss，"
        "把首条命中率提升了 12%。\n"
    ),
}
PROJECT_NAMES = {"en": "FeedRanker", "zh": "智能客服检索系统"}  # each page shows its resume's


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_resume_page_reads_a_resume_and_asks_about_its_project(
    live_server: LiveServer, browser: Any, language: str
) -> None:
    page = new_page(browser, language)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{live_server.base_url}/profile")
    assert response is not None and response.status == 200
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    assert errors == []
    page.fill("#resume", RESUMES[language])
    page.click("#extract")
    # The deep dives name the candidate's own project (the page may first show the profile
    # saved before, so this waits for the new one).
    name = PROJECT_NAMES[language]
    page.wait_for_selector(f"#deep-dives li:has-text('{name}')", timeout=60_000)
    assert page.input_value("#level") == "L5"  # "Senior" / "高级"
    page.wait_for_selector("#start[href*='questions=']")
    check_language(page, language)
    screenshot(page, "profile", language)
    page.context.close()
