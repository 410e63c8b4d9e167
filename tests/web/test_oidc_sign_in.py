"""OpenID Connect sign-in against an identity provider on loopback (tests/web/oidc_provider.py):
the code flow end to end, account linking by verified e-mail, and refused ID tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from interviewer.accounts import Accounts
from tests.web.oidc_provider import Person, Provider
from tests.web.test_access import SECRET
from web.settings import AuthSettings, OidcSettings


@pytest.fixture
def provider() -> Iterator[Provider]:
    idp = Provider("viva", "viva-secret", Person("sub-123", "ada@example.com", "Ada Lovelace"))
    server = idp.serve()
    yield idp
    server.should_exit = True


@pytest.fixture
def app(make_app: Callable[..., TestClient], provider: Provider) -> Iterator[TestClient]:
    oidc = OidcSettings(
        issuer=provider.issuer,
        client_id="viva",
        client_secret=SecretStr("viva-secret"),
        name="Example SSO",
    )
    auth = AuthSettings(session_secret=SECRET, secure_cookies=False, oidc=oidc)
    with make_app(mode="team", auth=auth) as client:
        yield client


def sign_in_through(app: TestClient, next_path: str = "/interviews") -> Any:
    """Follow the redirects a browser would: Viva -> provider -> Viva's callback."""
    start = app.get("/auth/oidc/login", params={"next": next_path}, follow_redirects=False)
    assert start.status_code == 302, start.text
    authorize = start.headers["location"]
    assert authorize.startswith("http://127.0.0.1:")
    back = httpx.get(authorize, follow_redirects=False)
    assert back.status_code == 302, back.text
    callback = back.headers["location"].replace("http://testserver", "")
    return app.get(callback, follow_redirects=False)


def test_sign_in_with_the_identity_provider(app: TestClient) -> None:
    options = app.get("/api/auth/options").json()
    assert options == {"mode": "team", "open_signup": False, "oidc": "Example SSO"}
    done = sign_in_through(app)
    assert done.status_code == 303 and done.headers["location"] == "/interviews"
    me = app.get("/api/me").json()
    assert me["display_name"] == "Ada Lovelace" and me["email"] == "ada@example.com"
    # Signing in again finds the same account.
    app.post("/api/logout")
    sign_in_through(app)
    assert app.get("/api/me").json()["id"] == me["id"]


def test_an_existing_password_account_is_linked_by_verified_email(
    app: TestClient, provider: Provider
) -> None:
    accounts = Accounts(cast(FastAPI, app.app).state.services.store.engine)
    existing = accounts.create_user("ada@example.com", "Ada", "a long password")
    sign_in_through(app)
    assert app.get("/api/me").json()["id"] == existing.id


def test_an_unverified_email_is_not_linked(app: TestClient, provider: Provider) -> None:
    accounts = Accounts(cast(FastAPI, app.app).state.services.store.engine)
    existing = accounts.create_user("ada@example.com", "Ada", "a long password")
    provider.person.email_verified = False
    sign_in_through(app)
    me = app.get("/api/me").json()
    assert me["id"] != existing.id and me["email"] is None


@pytest.mark.parametrize(
    "tamper",
    [{"aud": "someone-else"}, {"iss": "http://evil.example"}, {"exp": 1}, {"nonce": "replayed"}],
    ids=["audience", "issuer", "expired", "nonce"],
)
def test_a_wrong_id_token_is_refused(
    app: TestClient, provider: Provider, tamper: dict[str, Any]
) -> None:
    provider.tamper = tamper
    done = sign_in_through(app)
    assert done.status_code in (400, 401), done.text
    assert app.get("/api/me").status_code == 401


def test_a_forged_state_is_refused(app: TestClient, provider: Provider) -> None:
    app.get("/auth/oidc/login", follow_redirects=False)
    forged = app.get("/auth/oidc/callback?code=abc&state=forged", follow_redirects=False)
    assert forged.status_code == 401
    assert app.get("/api/me").status_code == 401


def test_next_never_leaves_the_site(app: TestClient) -> None:
    done = sign_in_through(app, next_path="//evil.example/phish")
    assert done.headers["location"] == "/"
