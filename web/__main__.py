"""`python -m web`: run the voice interview server with the bundled default models."""

from __future__ import annotations

import logging

import uvicorn

from web.app import create_app
from web.settings import Settings


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    app = create_app(settings)
    print(f"Viva is listening on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(
        app, host=settings.host, port=settings.port, ws_max_size=settings.max_message_bytes * 4
    )


if __name__ == "__main__":
    main()
