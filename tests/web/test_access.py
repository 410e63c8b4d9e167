"""Team mode's access rules, tried on every route and the websocket as the owner, as another
user, as a coach, as a share-link holder and as nobody.

The routes are read from the app itself, so a route added later is tried too: one that serves
an interview's data to the wrong person fails here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlmodel import Session
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from interviewer.accounts import LOCAL_USER_ID, Accounts
from interviewer.storage import InterviewRow
from tests.fakes import silence, speech_like
from tests.web.conftest import START, Client
from web.auth import is_public
from web.settings import AuthSettings, LimitSettings, Settings

SECRET = SecretStr("s" * 40)
PASSWORD = "correct horse battery"


def team_settings(**overrides: Any) -> dict[str, Any]:
    auth = overrides.pop("auth", {})
    return {
        "mode": "team",
        "auth": AuthSettings(session_secret=SECRET, secure_cookies=False, **auth),
        **overrides,
    }


class As:
    """One person's browser on the shared test server: their own cookie jar, one app.

    (A second TestClient on the same app would run its lifespan a second time, and shutting
    that one down would stop the first one's threads.)"""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        # The TestClient's own cookie class (Starlette's client may be built on httpx2).
        self._jar = type(client.cookies)
        self.cookies = self._jar()

    @property
    def app(self) -> Any:
        return self.client.app

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        self.client.cookies = self.cookies
        try:
            return self.client.request(method, url, **kwargs)
        finally:
            self.cookies = self._jar(self.client.cookies)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.request("DELETE", url, **kwargs)

    def websocket_connect(self, url: str) -> Any:
        self.client.cookies = self.cookies
        return self.client.websocket_connect(url)


@dataclass
class Team:
    """One server; Ada's interview (with a recorded answer); clients signed in as Ada and Bob,
    and one signed in as nobody."""

    ada: As
    bob: As
    nobody: As
    accounts: Accounts
    interview_id: str
    token: str


def _accounts(app: TestClient) -> Accounts:
    return Accounts(cast(FastAPI, app.app).state.services.store.engine)


def sign_in(client: TestClient | As, email: str, password: str = PASSWORD) -> None:
    response = client.post("/api/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text


def record_an_answer(client: TestClient | As) -> tuple[str, str]:
    """(interview id, resume token) of an interview with one spoken answer saved."""
    with client.websocket_connect("/ws/interview") as ws:
        session = Client(ws)
        session.send(**{**START, "round": "behavioral", "level": "L5"})
        started = session.until_type("session_started")
        session.until_listening()
        session.send_audio(speech_like(0.8))
        session.send_audio(silence(0.6))
        session.until_type("turn_saved")
    return started["interview_id"], started["token"]


def ada_bob_and_nobody(server: TestClient) -> tuple[As, As, As, Accounts]:
    """Accounts for Ada and Bob on a team-mode server, each signed in, and a visitor."""
    accounts = _accounts(server)
    accounts.create_user("ada@example.com", "Ada", PASSWORD)
    accounts.create_user("bob@example.com", "Bob", PASSWORD)
    ada, bob, nobody = As(server), As(server), As(server)
    sign_in(ada, "ada@example.com")
    sign_in(bob, "bob@example.com")
    return ada, bob, nobody, accounts


@pytest.fixture
def team(make_app: Callable[..., TestClient]) -> Iterator[Team]:
    with make_app(**team_settings()) as server:
        ada, bob, nobody, accounts = ada_bob_and_nobody(server)
        interview_id, token = record_an_answer(ada)
        yield Team(ada, bob, nobody, accounts, interview_id, token)


def _walk(routes: list[Any]) -> Iterator[Any]:
    """Every route, inside included routers too (FastAPI wraps those; none has a prefix)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _walk(included.routes)
        else:
            yield route


def routes(app: TestClient | As) -> list[tuple[str, str]]:
    """(method, path) of every HTTP route of the app."""
    found = []
    for route in _walk(cast(FastAPI, app.app).routes):
        if isinstance(route, APIRoute):
            assert route.methods is not None  # APIRoute always sets its methods
            for method in sorted(route.methods - {"HEAD"}):
                found.append((method, route.path))
    return found


def test_the_websocket_is_among_the_routes(team: Team) -> None:
    sockets = [
        r for r in _walk(cast(FastAPI, team.ada.app).routes) if isinstance(r, APIWebSocketRoute)
    ]
    assert [s.path for s in sockets] == ["/ws/interview"]


def fill(path: str, interview_id: str) -> str:
    values = {"interview_id": interview_id, "turn_index": "0", "coach_id": "x", "link_id": "x"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


BODIES: dict[str, dict[str, Any]] = {
    "/api/login": {"email": "ada@example.com", "password": "wrong password!"},
    "/api/signup": {"email": "eve@example.com", "password": PASSWORD},
    "/api/coaches": {"email": "bob@example.com"},
    "/api/password": {"current": PASSWORD, "new": "another long password"},
}


def call(client: As, method: str, path: str, template: str, **kw: Any) -> Any:
    return client.request(method, path, json=BODIES.get(template), **kw)


def test_every_route_refuses_nobody(team: Team) -> None:
    checked = 0
    for method, template in routes(team.nobody):
        if is_public(template):
            continue
        path = fill(template, team.interview_id)
        response = call(team.nobody, method, path, template)
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json() == {"detail": "sign in first"}
        checked += 1
    assert checked >= 15  # the interview, report, share, account and API routes


def test_a_browser_page_sends_nobody_to_sign_in(team: Team) -> None:
    page = team.nobody.get(
        f"/interviews/{team.interview_id}", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=%2Finterviews%2F{team.interview_id}"
    assert "Sign in" in team.nobody.get("/login").text


def test_every_interview_route_hides_adas_interview_from_bob(team: Team) -> None:
    tried = 0
    for method, template in routes(team.bob):
        if "{interview_id}" not in template:
            continue
        path = fill(template, team.interview_id)
        response = call(team.bob, method, path, template)
        assert response.status_code == 404, (method, path, response.status_code)
        assert team.ada.request(method, path).status_code != 401
        tried += 1
    assert tried >= 6  # report page/JSON, Markdown, audio, and the three share routes
    assert team.bob.get("/interviews?format=json").json() == []
    assert [r["interview_id"] for r in team.ada.get("/interviews?format=json").json()] == [
        team.interview_id
    ]
    # Ada reads all of it, recording included.
    assert team.ada.get(f"/interviews/{team.interview_id}/audio/0.wav").status_code == 200
    assert "Interview" in team.ada.get(f"/interviews/{team.interview_id}.md").text


def test_the_websocket_refuses_nobody_and_bobs_resume_of_adas_interview(team: Team) -> None:
    refused = pytest.raises((WebSocketDisconnect, WebSocketDenialResponse))
    with refused, team.nobody.websocket_connect("/ws/interview") as ws:
        ws.receive_json()
    with team.bob.websocket_connect("/ws/interview") as ws:
        session = Client(ws)
        # Even holding Ada's resume token, Bob cannot take her interview.
        session.send(type="resume_session", interview_id=team.interview_id, token=team.token)
        error = session.until_type("error")
        assert error["code"] == "no_session"
    with team.ada.websocket_connect("/ws/interview") as ws:
        session = Client(ws)
        session.send(type="resume_session", interview_id=team.interview_id, token=team.token)
        assert session.until_type("session_started")["interview_id"] == team.interview_id


def test_a_coach_reads_reports_until_the_grant_is_revoked(team: Team) -> None:
    granted = team.ada.post("/api/coaches", json={"email": "bob@example.com"})
    assert granted.status_code == 200
    report = f"/interviews/{team.interview_id}"
    assert team.bob.get(report, params={"format": "json"}).status_code == 200
    assert team.bob.get(f"{report}/audio/0.wav").status_code == 200
    listed = team.bob.get("/interviews?format=json").json()
    assert [(r["interview_id"], r["candidate"]) for r in listed] == [(team.interview_id, "Ada")]
    # Reading is all a coach may do.
    assert team.bob.post(f"{report}/share").status_code == 404
    assert team.bob.get("/api/coaches").json()["candidates"][0]["display_name"] == "Ada"
    bob_id = granted.json()["id"]
    assert team.ada.delete(f"/api/coaches/{bob_id}").status_code == 200
    assert team.bob.get(report, params={"format": "json"}).status_code == 404
    assert team.bob.get("/interviews?format=json").json() == []


def test_a_share_link_opens_one_report_until_revoked(team: Team) -> None:
    made = team.ada.post(f"/interviews/{team.interview_id}/share").json()
    link = made["url"]
    assert link.startswith("/shared/")
    shown = team.nobody.get(link, params={"format": "json"})
    assert shown.status_code == 200 and shown.json()["interview_id"] == team.interview_id
    assert team.nobody.get(f"{link}.md").status_code == 200
    assert team.nobody.get(f"{link}/audio/0.wav").status_code == 200
    assert team.nobody.get(link, headers={"accept": "text/html"}).status_code == 200
    # The link opens that report only: not the owner's list, not the interview's own URL.
    assert team.nobody.get("/interviews?format=json").status_code == 401
    assert team.nobody.get(f"/interviews/{team.interview_id}?format=json").status_code == 401
    links = team.ada.get(f"/interviews/{team.interview_id}/share").json()
    assert [entry["revoked"] for entry in links] == [False]
    assert "url" not in links[0]  # the token is shown once, when made
    revoked = team.ada.delete(f"/interviews/{team.interview_id}/share/{made['id']}")
    assert revoked.status_code == 200
    assert team.nobody.get(link, params={"format": "json"}).status_code == 404
    assert team.nobody.get(f"{link}/audio/0.wav").status_code == 404
    assert team.nobody.get("/shared/not-a-token?format=json").status_code == 404


def test_sign_in_sign_out_and_wrong_passwords(team: Team) -> None:
    wrong = team.nobody.post("/api/login", json={"email": "ada@example.com", "password": "nope"})
    assert wrong.status_code == 401
    unknown = team.nobody.post("/api/login", json={"email": "eve@example.com", "password": "x"})
    assert unknown.status_code == 401 and unknown.json() == wrong.json()
    signup = team.nobody.post("/api/signup", json=BODIES["/api/signup"])
    assert signup.status_code == 403  # accounts are made by an administrator by default
    sign_in(team.nobody, "ADA@example.com")  # e-mail addresses are not case-sensitive
    assert team.nobody.get("/api/me").json()["display_name"] == "Ada"
    cookie = team.nobody.cookies.get("viva_session")
    assert cookie and "ada" not in cookie.lower()
    assert team.nobody.post("/api/logout").status_code == 200
    assert team.nobody.get("/api/me").status_code == 401
    stored = team.accounts.user_by_email("ada@example.com")
    assert stored is not None and stored.password_hash is not None
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash


def test_a_disabled_account_is_signed_out(team: Team) -> None:
    from interviewer.accounts import UserRow

    with Session(team.accounts.engine) as session:
        bob = team.accounts.user_by_email("bob@example.com")
        assert bob is not None
        row = session.get(UserRow, bob.id)
        assert row is not None
        row.disabled = True
        session.add(row)
        session.commit()
    assert team.bob.get("/api/me").status_code == 401


def test_cross_site_posts_are_refused(team: Team) -> None:
    evil = {"origin": "http://evil.example"}
    response = team.ada.post(f"/interviews/{team.interview_id}/share", headers=evil)
    assert response.status_code == 403
    assert team.ada.get(f"/interviews/{team.interview_id}/share").json() == []
    same_site = team.ada.post(
        f"/interviews/{team.interview_id}/share", headers={"origin": "http://testserver"}
    )
    assert same_site.status_code == 200


def test_open_signup_makes_an_account(make_app: Callable[..., TestClient]) -> None:
    with make_app(**team_settings(auth={"open_signup": True})) as app:
        short = app.post("/api/signup", json={"email": "eve@example.com", "password": "short"})
        assert short.status_code == 400
        made = app.post("/api/signup", json=BODIES["/api/signup"] | {"display_name": "Eve"})
        assert made.status_code == 200
        assert app.get("/api/me").json()["display_name"] == "Eve"
        again = app.post("/api/signup", json=BODIES["/api/signup"])
        assert again.status_code == 400 and "already exists" in again.json()["detail"]


def test_per_user_session_limits(make_app: Callable[..., TestClient]) -> None:
    limits = LimitSettings(concurrent_sessions_per_user=1, daily_sessions_per_user=2)
    with make_app(**team_settings(limits=limits)) as app:
        _accounts(app).create_user("ada@example.com", "Ada", PASSWORD)
        sign_in(app, "ada@example.com")
        with app.websocket_connect("/ws/interview") as first:
            Client(first).send(**START)
            Client(first).until_type("session_started")
            with app.websocket_connect("/ws/interview") as second:
                client = Client(second)
                client.send(**START)
                error = client.until_type("error")
                assert error["code"] == "limit" and error["fatal"] is True
        # The first one has closed: a second interview today is allowed, a third is not.
        with app.websocket_connect("/ws/interview") as again:
            Client(again).send(**START)
            assert Client(again).until_type("session_started")
        with app.websocket_connect("/ws/interview") as third:
            client = Client(third)
            client.send(**START)
            error = client.until_type("error")
            assert error["code"] == "limit" and "24 hours" in error["message"]


def test_personal_mode_has_one_implicit_owner_and_no_sign_in(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app:
        interview_id, _token = record_an_answer(app)
        assert app.get("/api/me").json()["mode"] == "personal"
        assert app.get(f"/interviews/{interview_id}?format=json").status_code == 200
        store = cast(FastAPI, app.app).state.services.store
        interview = store.interview(interview_id)
        assert isinstance(interview, InterviewRow) and interview.user_id == LOCAL_USER_ID
        assert app.post("/api/login", json=BODIES["/api/login"]).status_code == 404


def test_the_modes_refuse_unsafe_settings() -> None:
    with pytest.raises(ValidationError, match="personal mode"):
        Settings(host="0.0.0.0")
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(mode="team", host="0.0.0.0")
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(mode="team", auth=AuthSettings(session_secret=SecretStr("short")))
    assert Settings(mode="team", host="0.0.0.0", auth=AuthSettings(session_secret=SECRET))
    assert "**" in repr(AuthSettings(session_secret=SECRET))


def test_the_daily_limit_counts_only_the_last_day(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app:
        interview_id, _ = record_an_answer(app)
        store = cast(FastAPI, app.app).state.services.store
        since = datetime.now(UTC) - timedelta(days=1)
        assert store.interviews_started_since(LOCAL_USER_ID, since) == 1
        later = datetime.now(UTC) + timedelta(minutes=1)
        assert store.interviews_started_since(LOCAL_USER_ID, later) == 0
        assert interview_id
