"""Bad websocket input: N fuzzed messages across many connections to a real server.

    python bench/fuzz.py --messages 10000 [--seed 1] [--connections 6]

Starts the app in this process on loopback with the bundled speech models and no LLM
(`VIVA_LLM__BACKEND=none`), with the websocket limits `python -m web` sets, and sends random
bytes, random JSON, mutated valid messages (wrong types, huge strings, deep nesting, big ints,
NUL bytes, lone surrogates, unicode), binary frames of odd and huge sizes, real speech, and valid
controls in random order and phases, ending connections abruptly, politely or with `stop`.

Printed last, one per line:
- `messages=`: frames sent;
- `tracebacks=`: server log records carrying a traceback, plus uncaught thread exceptions;
- `uncoded_closes=`: closes by the server not preceded by a coded fatal `error` event (a close
  after `session_ended`, or one the client started, is not counted);
- `crashes=`: the server thread died or `/healthz` stopped answering.
Distinct tracebacks and uncoded closes are printed above the figures, once each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fuzz_inputs import FuzzInputs
from bench.server import free_port
from web.__main__ import websocket_max_size
from web.app import create_app
from web.settings import LlmSettings, Settings

STOP_WAIT_S = 30.0  # how long a connection that sent `stop` waits for `session_ended`
CONNECTION_LIMIT_S = 120.0
HEALTH_EVERY_S = 5.0
SHUTDOWN_LIMIT_S = 90.0
REPO_ROOT = str(Path(__file__).resolve().parents[1])
BUSY_BACKOFF_S = 2.0
GIVE_UP_AFTER_SILENT = 50  # connections in a row that could send nothing: the server is refusing


@dataclass
class Tally:
    messages: int = 0
    connections: int = 0
    tracebacks: list[str] = field(default_factory=list)
    uncoded: list[str] = field(default_factory=list)
    crashes: int = 0
    error_codes: Counter[str] = field(default_factory=Counter)
    close_codes: Counter[str] = field(default_factory=Counter)
    stops_unanswered: int = 0


class TracebackCounter(logging.Handler):
    """Keeps every log record that carries a traceback: each is a failure the server hit."""

    def __init__(self, tally: Tally) -> None:
        super().__init__(level=logging.WARNING)
        self._tally = tally

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or "Traceback" in record.getMessage():
            self._tally.tracebacks.append(f"[{record.name}] {self.format(record)}")


@contextlib.contextmanager
def counting_failures(tally: Tally) -> Iterator[None]:
    """Count tracebacks from logging (root and uvicorn, which does not propagate) and threads;
    uvicorn's own handlers are set aside meanwhile, so each traceback is printed once, at the end.
    """
    handler = TracebackCounter(tally)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    root, server = logging.getLogger(), logging.getLogger("uvicorn")
    server_handlers = server.handlers[:]
    previous_hook = threading.excepthook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        lines = traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        tally.tracebacks.append(f"[thread {args.thread}] " + "".join(lines))

    server.handlers = [handler]
    root.addHandler(handler)
    threading.excepthook = thread_hook
    try:
        yield
    finally:
        threading.excepthook = previous_hook
        root.removeHandler(handler)
        server.handlers = server_handlers


@contextlib.contextmanager
def serving(settings: Settings, tally: Tally) -> Iterator[tuple[str, threading.Thread]]:
    """The real app on loopback with `python -m web`'s websocket limits; failures are counted
    from its start to the end of its shutdown (which saves and scores what sessions hold)."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            ws_max_size=websocket_max_size(settings),
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    with counting_failures(tally):  # after uvicorn.Config, which sets up uvicorn's logging
        thread.start()
        deadline = time.monotonic() + 180
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the Viva server did not start")
            time.sleep(0.1)
        try:
            yield f"{settings.host}:{settings.port}", thread
        finally:
            server.should_exit = True
            thread.join(timeout=SHUTDOWN_LIMIT_S)
            if thread.is_alive():
                print(f"the server had not stopped {SHUTDOWN_LIMIT_S:.0f} s after being asked")


class Connection:
    """One fuzzed connection: a reader records events; the script sends; the close is judged."""

    def __init__(self, ws: ClientConnection, tally: Tally) -> None:
        self.ws = ws
        self.tally = tally
        self.events: list[dict[str, Any]] = []
        self.sent: list[str] = []  # short descriptions of what was sent, for the report
        self.closing_by_us = False
        self.ended = asyncio.Event()

    async def read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in self.ws:
                if isinstance(message, str):
                    event = json.loads(message)
                    self.events.append(event)
                    if event.get("type") == "error":
                        self.tally.error_codes[str(event.get("code"))] += 1
                    elif event.get("type") == "session_ended":
                        self.ended.set()

    async def send(self, frame: str | bytes, description: str) -> None:
        await self.ws.send(frame)
        self.sent.append(description)
        self.tally.messages += 1

    async def close(self, abruptly: bool) -> None:
        self.closing_by_us = True
        if abruptly:
            self.ws.transport.abort()
        else:
            await self.ws.close()

    def judge_close(self) -> None:
        """Count a close the server started without saying why with a coded error."""
        code = self.ws.close_code
        self.tally.close_codes[f"{code}{' (client)' if self.closing_by_us else ''}"] += 1
        if self.closing_by_us or self.ended.is_set():
            return
        # A fatal error is the server saying why it closes; a non-fatal one said "carry on".
        if any(e["type"] == "error" and e.get("code") and e.get("fatal") for e in self.events):
            return
        self.tally.uncoded.append(
            f"close {code} {self.ws.close_reason!r}; last events "
            f"{[e.get('type') for e in self.events[-4:]]}; sent {self.sent[:1]}..{self.sent[-4:]}"
        )


async def run_connection(url: str, inputs: FuzzInputs, budget: int, tally: Tally) -> int:
    """Fuzz one connection with up to `budget` messages; returns how many it sent."""
    async with websockets.connect(url, max_size=None, open_timeout=30) as ws:
        tally.connections += 1
        connection = Connection(ws, tally)
        reader = asyncio.create_task(connection.read())
        # The server may close first, or the connection run long: either is judged below.
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            await asyncio.wait_for(_script(connection, inputs, budget), CONNECTION_LIMIT_S)
        if not connection.closing_by_us and not reader.done():
            await connection.close(abruptly=inputs.rng.random() < 0.5)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(reader, 30)
        connection.judge_close()
        inputs.learn(connection.events)
        if any(e.get("code") == "busy" for e in connection.events):
            await asyncio.sleep(BUSY_BACKOFF_S)  # holds this task's place: fewer refused tries
        return len(connection.sent)


async def _script(connection: Connection, inputs: FuzzInputs, budget: int) -> None:
    rng = inputs.rng
    opening = inputs.opening()
    if opening is not None:
        await connection.send(*opening)
    sent = int(opening is not None)
    while sent < budget:
        for frame, description in inputs.next_messages(budget - sent):
            await connection.send(frame, description)
            sent += 1
        await asyncio.sleep(rng.choice((0, 0, 0.005, 0.05, 0.3)))
    ending = rng.random()
    if ending < 0.3:
        await connection.close(abruptly=True)
    elif ending < 0.6:
        await connection.close(abruptly=False)
    else:
        await connection.send(json.dumps({"type": "stop"}), "stop")
        try:
            await asyncio.wait_for(connection.ended.wait(), STOP_WAIT_S)
        except TimeoutError:
            if any(e["type"] == "session_started" for e in connection.events):
                connection.tally.stops_unanswered += 1
        await connection.close(abruptly=False)


async def watch_health(host: str, thread: threading.Thread, tally: Tally) -> None:
    failures = 0
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=10) as http:
        while True:
            await asyncio.sleep(HEALTH_EVERY_S)
            try:
                ok = thread.is_alive() and (await http.get("/healthz")).status_code == 200
            except httpx.HTTPError:
                ok = False
            failures = 0 if ok else failures + 1
            if failures == 3:  # 30 s without an answer: dead or wedged, not merely busy
                tally.crashes += 1


async def fuzz(
    host: str, thread: threading.Thread, inputs: FuzzInputs, args: argparse.Namespace, tally: Tally
) -> None:
    await inputs.prepare()
    health = asyncio.create_task(watch_health(host, thread, tally))
    url = f"ws://{host}/ws/interview"
    remaining, silent = args.messages, 0
    running: dict[asyncio.Task[int], int] = {}  # task -> its budget
    while (remaining > 0 and silent < GIVE_UP_AFTER_SILENT) or running:
        while remaining > 0 and silent < GIVE_UP_AFTER_SILENT and len(running) < args.connections:
            budget = min(remaining, inputs.rng.randint(1, 80))
            remaining -= budget
            running[asyncio.create_task(run_connection(url, inputs, budget, tally))] = budget
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            budget = running.pop(task)
            if task.exception() is not None:
                tally.uncoded.append(f"connection failed: {task.exception()!r}")
            else:  # a connection the server closed early leaves messages to send elsewhere
                remaining += budget - task.result()
                silent = 0 if task.result() else silent + 1
    health.cancel()
    if silent >= GIVE_UP_AFTER_SILENT:
        print(f"gave up: {silent} connections in a row were closed before sending anything")
    if not thread.is_alive():
        tally.crashes += 1


def report(tally: Tally) -> None:
    distinct: dict[str, int] = Counter(_signature(t) for t in tally.tracebacks)
    first = {_signature(t): t for t in reversed(tally.tracebacks)}
    for signature, count in distinct.items():
        print(f"--- traceback x{count}: {signature}\n{_our_frames(first[signature])}\n")
    for line, count in Counter(tally.uncoded).most_common():
        print(f"--- uncoded close x{count}: {line}")
    print(f"connections: {tally.connections}")
    print(f"error codes: {dict(tally.error_codes.most_common())}")
    print(f"close codes: {dict(tally.close_codes.most_common())}")
    print(f"stops without session_ended within {STOP_WAIT_S:.0f} s: {tally.stops_unanswered}")
    print(f"messages={tally.messages}")
    print(f"tracebacks={len(tally.tracebacks)}")
    print(f"uncoded_closes={len(tally.uncoded)}")
    print(f"crashes={tally.crashes}")


def _signature(text: str) -> str:
    """Exception type and innermost frame: the same failure counts once, whatever its message."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    frames = [line.strip() for line in lines if line.strip().startswith("File ")]
    return f"{lines[-1].split(':')[0][:120]} @ {frames[-1] if frames else lines[0][:120]}"


def _our_frames(text: str) -> str:
    """The traceback without library frames (starlette, uvicorn, asyncio) and caret lines."""
    kept: list[str] = []
    ours = True
    for line in text.splitlines():
        if line.startswith("  File "):
            ours = REPO_ROOT in line and "site-packages" not in line
        if line.startswith("    ") and (not ours or set(line.strip()) <= set("^~ ")):
            continue
        if not line.startswith("  File ") or ours:
            kept.append(line)
    return "\n".join(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=6, help="open at once")
    args = parser.parse_args()
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            host="127.0.0.1",
            port=free_port(),
            data_dir=Path(folder),
            llm=LlmSettings(backend="none"),
        )
        inputs = FuzzInputs(
            random.Random(args.seed), settings.max_message_bytes, websocket_max_size(settings)
        )
        with serving(settings, tally) as (host, thread):
            asyncio.run(fuzz(host, thread, inputs, args, tally))
    print(f"seed: {args.seed}, wall: {time.perf_counter() - started:.0f} s")
    report(tally)


if __name__ == "__main__":
    main()
