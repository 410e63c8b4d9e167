"""The narrow seam between an interview and its socket (DESIGN.md §2, pipecat's `run_test`
idea): the actor only ever calls `send` and `close`, so tests drive it with a fake IO.

`WebSocketIO` owns the only writer task. Its queue is bounded and every send has a deadline:
a client that stops reading is disconnected after `send_timeout_s` instead of holding its
slot and the interviewer's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol

from fastapi import WebSocket
from starlette.websockets import WebSocketState

Outgoing = dict[str, Any] | bytes

OUTBOX_SIZE = 256


class SessionIO(Protocol):
    async def send(self, item: Outgoing) -> None:
        """Queue a JSON event or an audio frame for the client; never raises."""

    async def close(self, code: int = 1000) -> None:
        """Flush what is queued (within the send deadline) and close the connection."""

    @property
    def broken(self) -> asyncio.Event:
        """Set once the client is gone or stopped reading."""


class WebSocketIO:
    def __init__(self, websocket: WebSocket, send_timeout_s: float) -> None:
        self._ws = websocket
        self._timeout = send_timeout_s
        self._outbox: asyncio.Queue[Outgoing | None] = asyncio.Queue(maxsize=OUTBOX_SIZE)
        self._broken = asyncio.Event()
        self._closed = False
        self._sender: asyncio.Task[None] | None = None

    @property
    def broken(self) -> asyncio.Event:
        return self._broken

    def start(self) -> None:
        self._sender = asyncio.create_task(self._send_loop())

    async def send(self, item: Outgoing) -> None:
        if self._closed or self._broken.is_set():
            return
        try:
            await asyncio.wait_for(self._outbox.put(item), self._timeout)
        except TimeoutError:
            self._broken.set()  # the client has not read anything for send_timeout_s

    async def close(self, code: int = 1000) -> None:
        if self._closed:
            return
        self._closed = True
        if self._sender is not None:
            with contextlib.suppress(Exception):
                self._outbox.put_nowait(None)
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._sender, self._timeout)
        if self._ws.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(code), self._timeout)

    async def _send_loop(self) -> None:
        try:
            while (item := await self._outbox.get()) is not None:
                if isinstance(item, bytes):
                    await asyncio.wait_for(self._ws.send_bytes(item), self._timeout)
                else:
                    await asyncio.wait_for(self._ws.send_json(item), self._timeout)
        except Exception:  # disconnected, or not reading within the deadline
            self._broken.set()
