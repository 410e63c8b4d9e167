"""Hardening, tried over HTTP and the websocket as an attacker's page would: trusted hosts,
the websocket's Origin check, security headers, API docs, hashed resume tokens, audio
retention, secret settings and the compose file's exposure."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy
import uvicorn
import websockets
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from bench.server import free_port
from interviewer.storage import Store
from tests.web.conftest import wait_for
from web import audio_retention
from web.origin import default_allowed_hosts, origin_allowed

LOCAL = "http://127.0.0.1:8000"


def _store(app: TestClient) -> Store:
    return cast(FastAPI, app.app).state.services.store  # type: ignore[no-any-return]


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
    # Another machine's name: a team server (personal mode listens on loopback only).
    monkeypatch.setenv("VIVA_MODE", "team")
    monkeypatch.setenv("VIVA_AUTH__SESSION_SECRET", "x" * 32)
    monkeypatch.setenv("VIVA_HOST", "viva.internal")
    monkeypatch.delenv("VIVA_ALLOWED_HOSTS")
    assert Settings().trusted_hosts[-1] == "viva.internal"
    for name in ("VIVA_MODE", "VIVA_AUTH__SESSION_SECRET", "VIVA_HOST"):
        monkeypatch.delenv(name)
    with make_app(allowed_hosts=["viva.example.com"]) as app:
        assert app.get("/", headers={"host": "viva.example.com"}).status_code == 200
        assert app.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 400


# --- 2. the websocket's Origin check -------------------------------------------------------
@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (None, "127.0.0.1:8000", True),  # not a browser: the benches, the tests, scripts
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://LOCALHOST:8000", "localhost:8000", True),
        ("https://viva.example.com", "viva.example.com", True),  # TLS ended at a proxy
        ("https://viva.example.com", "viva.example.com:443", True),
        ("http://viva.example.com:80", "viva.example.com", True),
        ("http://[::1]:8000", "[::1]:8000", True),
        ("http://evil.example", "127.0.0.1:8000", False),
        ("http://127.0.0.1:9000", "127.0.0.1:8000", False),  # another local app's page
        ("http://127.0.0.1", "127.0.0.1:8000", False),
        ("https://viva.example.com", "viva.example.com:8443", False),
        ("http://localhost:8000", "127.0.0.1:8000", False),
        ("null", "127.0.0.1:8000", False),  # sandboxed frames, file:// pages
        ("file://", "127.0.0.1:8000", False),
        ("http://127.0.0.1:8000/path", "127.0.0.1:8000", False),
        ("http://127.0.0.1:8000", None, False),
        ("http://127.0.0.1:99999", "127.0.0.1:99999", False),
    ],
)
def test_origin_is_same_origin_or_missing(
    origin: str | None, host: str | None, allowed: bool
) -> None:
    assert origin_allowed(origin, host, []) is allowed


def test_listed_origins_are_allowed_too() -> None:
    listed = ["https://viva.example.com", "http://10.0.0.5:8000"]
    assert origin_allowed("https://viva.example.com:443", "127.0.0.1:8000", listed)
    assert origin_allowed("http://10.0.0.5:8000", "127.0.0.1:8000", listed)
    assert not origin_allowed("http://10.0.0.5", "127.0.0.1:8000", listed)
    assert not origin_allowed("https://viva.example.com.evil.example", "x", listed)


def test_allowed_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from web.settings import Settings

    monkeypatch.setenv("VIVA_ALLOWED_ORIGINS", "https://Viva.Example.com:443, http://a:81")
    assert Settings().allowed_origins == ["https://viva.example.com", "http://a:81"]
    monkeypatch.setenv("VIVA_ALLOWED_ORIGINS", "viva.example.com")
    with pytest.raises(ValidationError, match="not an http"):
        Settings()


def test_a_foreign_origin_is_refused_before_accept(make_app: Callable[..., TestClient]) -> None:
    with make_app(allowed_origins=["https://coach.example"]) as app:
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            app.websocket_connect("/ws/interview", headers={"origin": "http://evil.example"}),
        ):
            pass
        assert refused.value.code == 1008
        for origin in ("http://testserver", "https://coach.example"):
            with app.websocket_connect("/ws/interview", headers={"origin": origin}) as ws:
                ws.send_json(
                    {"type": "start", "round": "behavioral", "level": "L5", "language": "en"}
                )
                assert ws.receive_json()["type"] == "session_started"


@pytest.fixture
def served(make_app: Callable[..., TestClient]) -> Iterator[str]:
    """The fake-model app behind a real uvicorn on a loopback port: what a browser meets."""
    port = free_port()
    app = make_app(allowed_hosts=[]).app
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def test_a_browser_on_a_foreign_page_gets_http_403(served: str) -> None:
    async def handshake(origin: str | None) -> str:
        headers = {"Origin": origin} if origin else None
        try:
            async with websockets.connect(
                f"ws://{served}/ws/interview", additional_headers=headers
            ) as ws:
                await ws.send(json.dumps({"type": "ping"}))
                return str(json.loads(await ws.recv())["code"])
        except websockets.InvalidStatus as exc:
            return f"HTTP {exc.response.status_code}"

    assert asyncio.run(handshake("http://evil.example")) == "HTTP 403"
    assert asyncio.run(handshake(f"http://{served}")) == "unknown_message"
    assert asyncio.run(handshake(None)) == "unknown_message"


# --- 3. security headers -------------------------------------------------------------------
def test_every_http_response_carries_the_security_headers(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app() as app:
        responses = [
            app.get("/"),
            app.get("/interviews"),
            app.get("/interviews?format=json"),
            app.get("/static/app.js"),
            app.get("/interviews/nope"),  # errors too
            app.get("/healthz", headers={"host": "evil.example"}),  # and refusals
        ]
        assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 400]
        for response in responses:
            headers = response.headers
            csp = {
                d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split("; ")
            }
            assert csp["default-src"] == ["'self'"]
            assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
            assert not any("'unsafe-inline'" in v or "'unsafe-eval'" in v for v in csp.values())
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "no-referrer"
            assert "microphone=(self)" in headers["permissions-policy"]
            # Private data is never cached; the static files may be.
            static = response.url.path.startswith("/static/")
            assert (headers.get("cache-control") == "no-store") is not static


def test_pages_hold_no_inline_script_the_policy_would_block() -> None:
    from web.routes import STATIC_DIR

    for page in STATIC_DIR.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all("src=" in tag for tag in scripts), page.name
        assert not re.search(r"\son[a-z]+=|style=|javascript:", html), page.name


# --- 4. API docs ----------------------------------------------------------------------------
def test_api_docs_are_off_unless_asked_for(
    make_app: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.settings import Settings

    paths = ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"]
    with make_app() as app:
        assert [app.get(path).status_code for path in paths] == [404] * 4
    with make_app(api_docs=True) as app:
        assert [app.get(path).status_code for path in paths] == [200] * 4
        assert "/interviews/{interview_id}" in app.get("/openapi.json").json()["paths"]
        docs_policy = app.get("/docs").headers["content-security-policy"]
        assert "https://cdn.jsdelivr.net" in docs_policy and "frame-ancestors 'none'" in docs_policy
        assert "cdn.jsdelivr.net" not in app.get("/").headers["content-security-policy"]
    monkeypatch.setenv("VIVA_API_DOCS", "true")
    assert Settings().api_docs and not Settings(api_docs=False).api_docs


# --- 5. resume tokens, stored hashed --------------------------------------------------------
def test_the_resume_token_is_stored_only_as_its_hash(
    make_app: Callable[..., TestClient], tmp_path: Path
) -> None:
    with make_app() as app:
        with app.websocket_connect("/ws/interview") as ws:
            ws.send_json({"type": "start", "round": "behavioral", "level": "L5", "language": "en"})
            started = ws.receive_json()
        token, interview_id = started["token"], started["interview_id"]
        assert len(token) == 32  # 24 random bytes, url-safe base64
        database = (tmp_path / "viva.db").read_bytes() + (tmp_path / "viva.db-wal").read_bytes()
        assert token.encode() not in database
        interview = _store(app).interview(interview_id)
        assert interview is not None
        stored = interview.token
        assert stored == hashlib.sha256(token.encode()).hexdigest()

        for wrong in (stored, token[:-1] + ("A" if token[-1] != "A" else "B")):
            with app.websocket_connect("/ws/interview") as ws:
                ws.send_json(
                    {"type": "resume_session", "interview_id": interview_id, "token": wrong}
                )
                assert ws.receive_json()["code"] == "no_session"
        with app.websocket_connect("/ws/interview") as ws:
            ws.send_json({"type": "resume_session", "interview_id": interview_id, "token": token})
            resumed = ws.receive_json()
            assert resumed["type"] == "session_started" and resumed["token"] == token


# --- 6. audio retention ---------------------------------------------------------------------
def _recorded_interview(app: TestClient) -> str:
    """A voice interview with one recorded answer, ended (its report saved)."""
    from tests.fakes import silence, speech_like
    from tests.web.conftest import Client

    with app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(type="start", round="behavioral", level="L5", language="en")
        interview_id = str(client.until_type("session_started")["interview_id"])
        client.until_listening()
        client.send_audio(speech_like(0.8))
        client.send_audio(silence(0.6))
        client.until_type("turn_saved")
        client.send(type="stop")
        client.until_type("session_ended")
    return interview_id


def _age(app: TestClient, interview_id: str, days: float) -> None:
    """Make the interview's turn and recording `days` old."""
    store = _store(app)
    assert store.recorded_turns(interview_id) == {0}
    then = (datetime.now(UTC) - timedelta(days=days)).replace(tzinfo=None)
    with store.engine.begin() as connection:
        for table in ("turns", "recordings"):
            connection.execute(
                sqlalchemy.text(f"UPDATE {table} SET created_at = :then WHERE interview_id = :i"),
                {"then": then, "i": interview_id},
            )


def _file_of_an_old_release(app: TestClient, tmp_path: Path, interview_id: str) -> Path:
    """Name an old file as the turn's recording, as releases before revision 0006 did."""
    path = tmp_path / "audio" / interview_id / "0.wav"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"RIFF")
    os.utime(path, (time.time() - 40 * 86400,) * 2)
    with _store(app).engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("UPDATE turns SET audio_path = :path WHERE interview_id = :i"),
            {"path": str(path), "i": interview_id},
        )
    return path


def _player_shown(app: TestClient, interview_id: str) -> bool:
    report = app.get(f"/interviews/{interview_id}?format=json").json()
    return bool(report["questions"][0]["answers"][0]["has_audio"])


def test_recordings_older_than_the_retention_are_deleted_at_start_up(
    make_app: Callable[..., TestClient], tmp_path: Path
) -> None:
    with make_app() as app:
        old = _recorded_interview(app)
        recent = _recorded_interview(app)
        _age(app, old, days=31)
        _age(app, recent, days=29)
        old_file = _file_of_an_old_release(app, tmp_path, old)
        assert _player_shown(app, old) and app.get(f"/interviews/{old}/audio/0.wav").is_success
    orphan = tmp_path / "audio" / "gone-interview" / "0.wav"
    orphan.parent.mkdir()
    orphan.write_bytes(b"RIFF")
    os.utime(orphan, (time.time() - 40 * 86400,) * 2)

    with make_app(audio_retention_days=0) as app:  # 0 keeps everything
        assert old_file.exists() and orphan.exists() and _player_shown(app, old)
    with make_app() as app:  # the default, 30 days
        store = _store(app)
        wait_for(lambda: not store.recorded_turns(old) and not orphan.exists())
        assert not old_file.exists() and not orphan.parent.exists()
        assert store.turns(old)[0].audio_path is None
        assert store.recorded_turns(recent) == {0} and _player_shown(app, recent)
        assert not _player_shown(app, old)  # the saved report no longer offers it
        assert app.get(f"/interviews/{old}/audio/0.wav").status_code == 404
        assert app.get(f"/interviews/{recent}/audio/0.wav").is_success
        assert app.get(f"/interviews/{old}.md").status_code == 200


def test_recordings_are_purged_again_every_day(
    make_app: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio_retention, "PURGE_EVERY_S", 0.2)  # a day, shortened
    with make_app(audio_retention_days=1) as app:
        interview_id = _recorded_interview(app)
        _age(app, interview_id, days=2)  # came of age while the server ran
        wait_for(lambda: not _store(app).recorded_turns(interview_id), timeout_s=10)
        assert not _player_shown(app, interview_id)


def test_no_recording_is_kept_when_audio_is_not_kept(
    make_app: Callable[..., TestClient],
) -> None:
    with make_app(keep_audio=False) as app:
        interview_id = _recorded_interview(app)
        assert _store(app).recorded_turns(interview_id) == set()
        assert not _player_shown(app, interview_id)
        assert app.get(f"/interviews/{interview_id}/audio/0.wav").status_code == 404


# --- 7. secrets in settings ------------------------------------------------------------------
def test_secret_settings_are_never_shown(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from web.services import build_chat_model
    from web.settings import Settings

    monkeypatch.setenv("VIVA_DATABASE__URL", "postgresql+psycopg://viva:db-pw-1234@db:5432/viva")
    monkeypatch.setenv("VIVA_LLM__BACKEND", "openai")
    monkeypatch.setenv("VIVA_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("VIVA_LLM__API_KEY", "sk-llm-5678")
    settings = Settings()
    logging.getLogger("viva.test").warning("settings: %s %r", settings, settings)
    shown = [str(settings), repr(settings), settings.model_dump_json(), caplog.text]
    shown.append(json.dumps(settings.model_dump(mode="json")))
    for text in shown:
        assert "db-pw-1234" not in text and "sk-llm-5678" not in text
        assert "**********" in text
    # The code that needs them gets them.
    assert settings.database_url == "postgresql+psycopg://viva:db-pw-1234@db:5432/viva"
    chat_model = build_chat_model(settings)
    assert chat_model is not None
    assert chat_model._client.headers["authorization"] == "Bearer sk-llm-5678"  # type: ignore[attr-defined]


# --- 8. the compose file's exposure ----------------------------------------------------------
def test_compose_publishes_viva_on_loopback_only_and_nothing_else() -> None:
    root = Path(__file__).resolve().parents[2]
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    assert services["viva"]["ports"] == ["127.0.0.1:8000:8000"]
    published = {name for name, service in services.items() if service.get("ports")}
    # The LLM and speech servers and PostgreSQL stay on the compose network; the second
    # replica is reached through the proxy, which listens on loopback too.
    assert published == {"viva", "proxy"}
    assert services["proxy"]["ports"] == ["127.0.0.1:8080:8080"]
    assert services["viva-2"]["environment"] == services["viva"]["environment"]
    # Inside its container viva listens on every interface; the publish above is the limit.
    assert services["viva"]["environment"]["VIVA_HOST"] == "0.0.0.0"
    # ... which only team mode allows, with sign-in and a session secret the operator sets.
    assert services["viva"]["environment"]["VIVA_MODE"] == "team"
    assert services["viva"]["environment"]["VIVA_AUTH__SESSION_SECRET"].startswith(
        "${VIVA_SESSION_SECRET:?"
    )
