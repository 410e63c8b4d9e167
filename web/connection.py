"""One websocket connection: accept, read, and hand everything to the interview's actor.

The receive loop only parses and enqueues; a parse error is answered with its coded `error`
event and the connection goes on. A ticker drives the actor's clock (lease heartbeat, idle
limits). The connection ends when the client leaves, stops reading, or the actor is done.
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect

from web.actor_events import AudioIn, CodeIn, ControlIn, Disconnected, Opened, TextIn, Tick
from web.interview_actor import InterviewActor
from web.origin import origin_allowed
from web.protocol import (
    CodeUpdate,
    ProtocolError,
    ResumeSession,
    Start,
    TextAnswer,
    check_audio_frame,
    error_event,
    parse_client_message,
)
from web.session_io import WebSocketIO
from web.session_runtime import SessionRuntime


async def serve_connection(websocket: WebSocket, runtime: SessionRuntime, user_id: str) -> None:
    """`user_id`: the signed-in candidate (web/auth.py); every interview opened here is theirs."""
    headers = websocket.headers
    if not origin_allowed(
        headers.get("origin"), headers.get("host"), runtime.settings.allowed_origins
    ):
        # Refused before accept: the browser sees HTTP 403 and the page learns nothing.
        await websocket.close(code=1008)
        return
    limits = runtime.settings.session
    if runtime.pending_connections >= limits.max_pending_connections:
        await websocket.accept()
        await websocket.send_json(error_event("busy", "too many connections; try again", True))
        await websocket.close(code=1013)
        return
    runtime.pending_connections += 1
    await websocket.accept()
    io = WebSocketIO(websocket, limits.send_timeout_s)
    io.start()
    actor = InterviewActor(io, runtime, runtime.new_owner(), user_id)
    acting = asyncio.create_task(actor.run())
    ticking = asyncio.create_task(tick(actor, min(0.5, limits.heartbeat_s)))
    receiving = asyncio.create_task(_receive(websocket, runtime, actor, io))
    broken = asyncio.create_task(io.broken.wait())
    try:
        await asyncio.wait({acting, receiving, broken}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        runtime.pending_connections -= 1
        for task in (receiving, ticking, broken):
            task.cancel()
        # The slot is free as soon as the socket is: saving a dropped answer and scoring go
        # on without it. Shielded so a server cancelling the handler cannot lose that answer.
        actor.release_slot()
        await asyncio.shield(_finish(actor, acting, io))


async def _finish(actor: InterviewActor, acting: asyncio.Task[None], io: WebSocketIO) -> None:
    if not acting.done():
        await actor.post(Disconnected())
        with contextlib.suppress(Exception):
            await acting
    await io.close()


async def tick(actor: InterviewActor, every_s: float) -> None:
    """The actor's clock; the tick itself does nothing, the actor reads the time."""
    while True:
        await asyncio.sleep(every_s)
        await actor.post(Tick())


async def _receive(
    websocket: WebSocket, runtime: SessionRuntime, actor: InterviewActor, io: WebSocketIO
) -> None:
    limit = runtime.settings.max_message_bytes
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                if message.get("bytes") is not None:
                    check_audio_frame(message["bytes"], limit)
                    await actor.post(AudioIn(message["bytes"]))
                elif message.get("text") is not None:
                    parsed = parse_client_message(message["text"], limit)
                    if isinstance(parsed, Start | ResumeSession):
                        await actor.post(Opened(parsed))
                    elif isinstance(parsed, TextAnswer):
                        await actor.post(TextIn(parsed.text))
                    elif isinstance(parsed, CodeUpdate):
                        await actor.post(CodeIn(parsed.text))
                    else:
                        await actor.post(ControlIn(parsed.type))
            except ProtocolError as exc:
                await io.send(error_event(exc.code, exc.message, exc.fatal))
