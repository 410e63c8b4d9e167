"""Security headers on every HTTP response, pages, JSON, audio and errors alike.

The policy fits what the pages in web/static do, checked in headless Chromium
(tests/e2e/test_security_headers_browser.py): every script is a module file under /static
(the AudioWorklet too, which `script-src` governs), styles come from /static/style.css, the
interviewer's voice plays through Web Audio buffers (no blob: or data: URL), the report's
recorded answers are same-origin WAV files, and the websocket goes back to this host, which
CSP 3 lets `'self'` cover (so `ws:`/`wss:` to any host are not allowed).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# FastAPI's /docs and /redoc pages (only with VIVA_API_DOCS=true, for developers) load Swagger UI
# and ReDoc from jsDelivr and start them with an inline script: they get this policy instead.
API_DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # frame-ancestors above, for browsers that only know the older header.
    "X-Frame-Options": "DENY",
    # Report URLs carry the interview id: never send them to another site.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=()",
}


class SecurityHeadersMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware): streamed files pass through untouched and the
    websocket is not wrapped. A header a route set itself is kept."""

    def __init__(self, app: ASGIApp, api_docs_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.api_docs_paths = frozenset(api_docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        policy = API_DOCS_POLICY if scope["path"] in self.api_docs_paths else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if policy is not None:
                    headers["Content-Security-Policy"] = policy
                if not scope["path"].startswith("/static/"):
                    # Reports, transcripts and recordings are private: no copy in the browser's
                    # cache to outlive a sign-out or a revoked link (shared computers, Back).
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
