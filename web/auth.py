"""Who is asking: the signed-in user of every request and websocket, decided before any route.

`SignInRequired` is one ASGI middleware in front of every route, so a route added later cannot
forget the check. In personal mode every request is the implicit owner (`LOCAL_USER_ID`). In
team mode the session cookie (Starlette's `SessionMiddleware`: a payload signed with
itsdangerous, HttpOnly, SameSite=Lax) must name an enabled account, or:

- a page asked for by a browser redirects to /login?next=...;
- any other HTTP request gets 401 with a JSON `detail`;
- a websocket handshake is refused before it is accepted (the browser sees HTTP 403).

A handful of paths are public: the sign-in pages and API, the health check, static files, and
`/shared/...` (a revocable link is its own capability, checked by its route).

State-changing requests (anything but GET/HEAD/OPTIONS) whose `Origin` is not Viva's own are
refused in both modes: with the SameSite cookie this closes cross-site request forgery, and in
personal mode (no cookie at all) it is what stops another site's page from posting to
127.0.0.1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from interviewer.accounts import LOCAL_USER_ID, Accounts
from web.origin import origin_allowed

SESSION_USER_KEY = "user_id"
PUBLIC_PREFIXES = ("/static/", "/shared/", "/auth/oidc/")
PUBLIC_PATHS = frozenset(
    {"/login", "/healthz", "/api/auth/options", "/api/login", "/api/signup", "/favicon.ico"}
)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Viewer:
    """The user a request acts for."""

    user_id: str
    display_name: str
    email: str | None

    @property
    def personal(self) -> bool:
        return self.user_id == LOCAL_USER_ID


LOCAL_VIEWER = Viewer(LOCAL_USER_ID, "You", None)


def viewer_of(connection: HTTPConnection) -> Viewer:
    """The viewer `SignInRequired` put on this request or websocket."""
    viewer = connection.scope.get("state", {}).get("viewer")
    if not isinstance(viewer, Viewer):
        raise RuntimeError("SignInRequired did not run for this request")
    return viewer


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


class SignInRequired:
    """Pure ASGI (not BaseHTTPMiddleware), so websockets pass through it too."""

    def __init__(
        self, app: ASGIApp, accounts: Accounts, team: bool, allowed_origins: list[str]
    ) -> None:
        self.app = app
        self.accounts = accounts
        self.team = team
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        if scope["type"] == "http" and scope["method"] not in _SAFE_METHODS:
            headers = connection.headers
            origin = headers.get("origin")
            if origin is not None and not origin_allowed(
                origin, headers.get("host"), self.allowed_origins
            ):
                await _deny(scope, send, 403, "cross-site request refused")
                return
        viewer = self._viewer(connection)
        if viewer is None and not is_public(connection.url.path):
            await _deny(scope, send, 401, "sign in first")
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)

    def _viewer(self, connection: HTTPConnection) -> Viewer | None:
        if not self.team:
            return LOCAL_VIEWER
        user_id = (
            connection.session.get(SESSION_USER_KEY) if "session" in connection.scope else None
        )
        if not isinstance(user_id, str):
            return None
        user = self.accounts.user(user_id)
        if user is None:  # deleted or disabled since the cookie was signed
            return None
        return Viewer(user.id, user.display_name, user.email)


async def _deny(scope: Scope, send: Send, status: int, detail: str) -> None:
    if scope["type"] == "websocket":
        # Before accept: the handshake is answered with HTTP 403.
        await send({"type": "websocket.close", "code": 1008, "reason": detail})
        return
    connection = HTTPConnection(scope)
    accepts_html = "text/html" in connection.headers.get("accept", "")
    if status == 401 and scope["method"] == "GET" and accepts_html:
        target = scope["path"] + (
            f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
        )
        headers = [(b"location", f"/login?next={quote(target, safe='')}".encode())]
        await _respond(send, 303, b"", headers)
        return
    body = json.dumps({"detail": detail}).encode()
    await _respond(send, status, body, [(b"content-type", b"application/json")])


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": status,
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
