"""Run a Viva server with the bundled models on a free loopback port, in this process.

Shared by the benchmarks and the end-to-end tests so both measure the real composition root
(`create_app` with settings), not a test double.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from web.__main__ import websocket_max_size
from web.app import create_app
from web.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(data_dir: Path, **settings: Any) -> Iterator[str]:
    """Yield the websocket URL of a started server; stop it on exit."""
    port = free_port()
    config = Settings(
        host="127.0.0.1",
        port=port,
        data_dir=data_dir,
        **settings,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            ws_max_size=websocket_max_size(config),
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the Viva server did not start")
        time.sleep(0.1)
    try:
        yield f"ws://127.0.0.1:{port}/ws/interview"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
