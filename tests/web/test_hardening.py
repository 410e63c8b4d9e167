"""Hardening, tried over HTTP and the websocket as an attacker's page would: trusted hosts,
the websocket's Origin check, security headers, API docs, hashed resume tokens, audio
retention, secret settings and the compose file's exposure."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse

from web.origin import default_allowed_hosts

LOCAL = "http://127.0.0.1:8000"


def _local(app: TestClient) -> TestClient:
    """Requests as a browser on this machine makes them (TestClient says `Host: testserver`)."""
    app.base_url = LOCAL  # type: ignore[assignment]
    return app


# --- 1. trusted hosts ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("listen_host", "extra"),
    [
        ("127.0.0.1", []),
        ("0.0.0.0", []),
        ("::", []),
        ("::1", []),
        ("Viva.Example.com", ["viva.example.com"]),
        ("10.0.0.5", ["10.0.0.5"]),
        ("fe80::2", ["[fe80::2]"]),
    ],
)
def test_default_hosts_are_loopback_plus_a_named_listen_host(
    listen_host: str, extra: list[str]
) -> None:
    assert default_allowed_hosts(listen_host) == ["127.0.0.1", "localhost", "[::1]", *extra]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"])
def test_pages_are_served_to_the_loopback_names(
    make_app: Callable[..., TestClient], host: str
) -> None:
    with make_app(allowed_hosts=[]) as app:
        assert _local(app).get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/interviews?format=json", "/healthz", "/static/app.js"])
def test_a_dns_rebinding_page_gets_400(make_app: Callable[..., TestClient], path: str) -> None:
    with make_app(allowed_hosts=[]) as app:
        refused = _local(app).get(path, headers={"host": "evil.example"})
        assert refused.status_code == 400
        assert "interview" not in refused.text.lower()
        refused = app.get(path, headers={"host": "evil.example:8000"})
        assert refused.status_code == 400


def test_a_dns_rebinding_page_cannot_open_the_websocket(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app(allowed_hosts=[]) as app:
        with (
            pytest.raises(WebSocketDenialResponse) as refused,
            app.websocket_connect("/ws/interview", headers={"host": "evil.example"}),
        ):
            pass
        assert refused.value.status_code == 400
        with app.websocket_connect("/ws/interview", headers={"host": "127.0.0.1:8000"}) as ws:
            ws.send_json({"type": "ping"})
            assert ws.receive_json()["code"] == "unknown_message"


def test_allowed_hosts_come_from_the_environment(
    make_app: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.settings import Settings

    monkeypatch.setenv("VIVA_ALLOWED_HOSTS", "viva.example.com, 10.0.0.5")
    assert Settings().trusted_hosts == ["viva.example.com", "10.0.0.5"]
    monkeypatch.setenv("VIVA_HOST", "viva.internal")
    monkeypatch.delenv("VIVA_ALLOWED_HOSTS")
    assert Settings().trusted_hosts[-1] == "viva.internal"
    with make_app(allowed_hosts=["viva.example.com"]) as app:
        assert app.get("/", headers={"host": "viva.example.com"}).status_code == 200
        assert app.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 400
