"""`python -m web`: run the voice interview server with the bundled default models.

Frame sizes have two limits. `max_message_bytes` is ours: a bigger frame is refused with a
`message_too_large` error event and the connection carries on. The websocket layer's hard cap
(`websocket_max_size`) sits well above it so that our check is the one users meet; a frame over the
hard cap is never buffered: uvicorn closes the connection with code 1009 (message too big) and no
error event, as the protocol cannot answer a frame it refused to read.
"""

from __future__ import annotations

import logging

import uvicorn

from web.app import create_app
from web.settings import Settings

# uvicorn buffers one whole incoming message per connection (it stops reading the socket until
# the app takes it), so this bounds memory per connection, not per frame in flight.
WEBSOCKET_HARD_CAP_BYTES = 16 * 1024 * 1024


def websocket_max_size(settings: Settings) -> int:
    """uvicorn's `ws_max_size` for these settings; benches and tests start servers with it so
    they meet the limits `python -m web` sets."""
    return max(WEBSOCKET_HARD_CAP_BYTES, 4 * settings.max_message_bytes)


def mode_line(settings: Settings) -> str:
    """Which of the two modes this server runs in, said at start-up so nobody hosts a team on
    a personal server by mistake."""
    if settings.mode == "personal":
        return (
            "Personal mode: no sign-in, one implicit owner, this machine only "
            "(VIVA_MODE=team serves a team with accounts)."
        )
    oidc = settings.auth.oidc
    ways = "password" + (f" and {oidc.name} ({oidc.issuer})" if oidc else "")
    return f"Team mode: sign-in required on every page, API and websocket ({ways})."


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    app = create_app(settings)
    print(f"Viva is listening on http://{settings.host}:{settings.port}", flush=True)
    print(mode_line(settings), flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        ws_max_size=websocket_max_size(settings),
        # Team mode sits behind a TLS proxy: its X-Forwarded-Proto makes OIDC redirect URIs
        # https (uvicorn trusts it from FORWARDED_ALLOW_IPS, 127.0.0.1 by default).
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
