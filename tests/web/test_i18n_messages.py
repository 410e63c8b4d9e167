"""The interface's message dictionaries (web/static/i18n/en.js and zh.js) against each other and
against the pages: every key in both languages with the same {placeholders}, and every key the
HTML and the scripts name, or build from a server value (a round, a domain, a phase...), present.
A missing key would show on the page as the key itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from interviewer.scoring.results import (
    CoverageStatus,
    LengthVerdict,
    NonAnswerKind,
    RateUnit,
    StarVerdict,
)
from interviewer.session_state import Phase
from rubrics.schema import Domain, Round

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
# One message a line, as the dictionaries are written: "key": "text",
ENTRY = re.compile(r'^\s*"([a-z_]+\.[a-z0-9_]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$')
HTML_KEY = re.compile(r'data-i18n(?:-placeholder|-title|-aria-label)?="([^"]+)"')
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def messages(language: str) -> dict[str, str]:
    """The dictionary of `language`, refusing any line of it this parser does not read."""
    found: dict[str, str] = {}
    body = (STATIC / "i18n" / f"{language}.js").read_text(encoding="utf-8")
    inside = body[body.index("export default {") + len("export default {") : body.rindex("}")]
    for line in inside.splitlines():
        if not line.strip():
            continue
        match = ENTRY.match(line)
        assert match, f"{language}.js: a line that is not one message: {line!r}"
        assert match.group(1) not in found, f"{language}.js: {match.group(1)} twice"
        found[match.group(1)] = match.group(2)
    return found


EN = messages("en")
ZH = messages("zh")


def used_keys() -> dict[str, set[str]]:
    """Every key a page names: data-i18n attributes in the HTML, and in the scripts any string
    literal in a namespace of the dictionary ("report.outline" in t(), setKey(), dataset.i18n,
    an "data-i18n" attribute built by el())."""
    namespaces = "|".join(sorted({key.split(".")[0] for key in EN}))
    literal = re.compile(rf"""["'`]((?:{namespaces})\.[a-z0-9_]+)["'`]""")
    used: dict[str, set[str]] = {}
    for path in sorted(STATIC.glob("*.html")):
        used[path.name] = set(HTML_KEY.findall(path.read_text(encoding="utf-8")))
    for path in sorted(STATIC.glob("*.js")):
        if path.name == "i18n.js":  # the module itself: its comments show the markup
            continue
        used[path.name] = set(literal.findall(path.read_text(encoding="utf-8")))
        used[path.name] |= set(HTML_KEY.findall(path.read_text(encoding="utf-8")))
    return used


def test_both_languages_have_the_same_keys() -> None:
    assert sorted(set(EN) - set(ZH)) == [], "missing in zh.js"
    assert sorted(set(ZH) - set(EN)) == [], "missing in en.js"


@pytest.mark.parametrize("key", sorted(EN))
def test_a_message_has_the_same_placeholders_in_both(key: str) -> None:
    assert set(PLACEHOLDER.findall(EN[key])) == set(PLACEHOLDER.findall(ZH[key]))
    assert ZH[key].strip(), "an empty Chinese message"


def test_chinese_messages_are_chinese() -> None:
    """A Chinese message left in English (copied, not translated) shows as English on a
    Chinese page; only names and codes may be the same in both."""
    same_allowed = {"report.export_json", "domain.mlops", "report.star"}
    untranslated = [
        key
        for key, text in ZH.items()
        if text == EN[key] and key not in same_allowed and re.search("[A-Za-z]{3}", text)
    ]
    assert untranslated == []


def test_every_key_the_pages_use_is_in_the_dictionaries() -> None:
    used = used_keys()
    assert used["index.html"] and used["report.js"]  # the parser sees the keys at all
    missing = {name: sorted(keys - set(EN)) for name, keys in used.items() if keys - set(EN)}
    assert missing == {}


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("round", get_args(Round)),
        ("domain", get_args(Domain)),
        ("phase", tuple(phase.value for phase in Phase)),
        ("kp", get_args(CoverageStatus)),
        ("non_answer", get_args(NonAnswerKind)),
        ("star", get_args(StarVerdict)),
        ("unit", get_args(RateUnit)),
        ("length", tuple(v for v in get_args(LengthVerdict) if v != "unknown")),
        ("status", ("active", "closing", "ended")),
    ],
)
def test_server_values_shown_by_name_have_messages(prefix: str, values: tuple[str, ...]) -> None:
    """Labels the scripts build as `${prefix}.${value}` from what the server sends."""
    assert values
    assert sorted(f"{prefix}.{v}" for v in values if f"{prefix}.{v}" not in EN) == []


def test_every_page_loads_the_translations_and_links_the_new_pages() -> None:
    """Each page runs a script that imports i18n.js (nav.js, or login.js on the sign-in page),
    and every page with a menu links to the progress and notebook pages."""
    importers = {
        path.name
        for path in STATIC.glob("*.js")
        if '/static/i18n.js"' in path.read_text(encoding="utf-8")
    }
    for path in sorted(STATIC.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        scripts = set(re.findall(r'<script type="module" src="/static/([\w-]+\.js)"', html))
        assert scripts & importers, f"{path.name} never loads i18n.js"
        assert "<html lang=" in html
        if "<nav>" in html:
            assert 'href="/progress"' in html and 'href="/notebook"' in html, path.name
