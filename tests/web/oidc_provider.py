"""An OpenID Connect identity provider for the sign-in tests, served on loopback over HTTP.

It stands in for the team's Keycloak or Google: discovery document, authorization endpoint
(approving at once as the configured person), token endpoint (client secret checked, ID token
signed RS256 with the request's nonce) and JWKS. Viva's side (Authlib's client) runs for real
against it: discovery, state, code exchange and every ID-token check.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

from bench.server import free_port


@dataclass
class Person:
    subject: str
    email: str
    name: str
    email_verified: bool = True


@dataclass
class Provider:
    client_id: str
    client_secret: str
    person: Person
    port: int = field(default_factory=free_port)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    # Set to make the next ID token wrong in one way (another audience, issuer...).
    tamper: dict[str, Any] = field(default_factory=dict)
    _codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
            }

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            return {"keys": [self.key.as_dict(private=False)]}

        @app.get("/authorize")
        def authorize(
            client_id: str, redirect_uri: str, state: str, nonce: str | None = None
        ) -> RedirectResponse:
            if client_id != self.client_id:
                raise HTTPException(400, "unknown client")
            code = secrets.token_urlsafe(16)
            self._codes[code] = {"nonce": nonce, "redirect_uri": redirect_uri}
            query = urlencode({"code": code, "state": state})
            return RedirectResponse(f"{redirect_uri}?{query}", status_code=302)

        @app.post("/token")
        async def token(request: Request) -> dict[str, Any]:
            # Form-encoded, as RFC 6749 says; parsed by hand, as Viva needs no multipart parser.
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            if not self._client_ok(request, form):
                raise HTTPException(401, "bad client credentials")
            grant = self._codes.pop(form.get("code", ""), None)
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                raise HTTPException(400, "invalid_grant")
            return {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self._id_token(grant["nonce"]),
            }

        return app

    def _client_ok(self, request: Request, form: dict[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return user == self.client_id and password == self.client_secret
        return (
            form.get("client_id") == self.client_id
            and form.get("client_secret") == self.client_secret
        )

    def _id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": self.person.subject,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "email": self.person.email,
            "email_verified": self.person.email_verified,
            "name": self.person.name,
        }
        if nonce is not None:
            claims["nonce"] = nonce
        claims.update(self.tamper)
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)

    def serve(self) -> uvicorn.Server:
        """Start serving in a thread; stop with `server.should_exit = True`."""
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning")
        server = uvicorn.Server(config)
        threading.Thread(target=server.run, daemon=True).start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the identity provider did not start")
            time.sleep(0.02)
        return server
