"""The one place where blocking model and database calls leave the event loop.

speech/, interviewer/ and rubrics/ are synchronous libraries; lazy generators (whisper segments,
piper chunks, llama tokens) must be consumed inside the worker thread, so `stream_in_thread`
runs the whole iteration there and hands items back through an asyncio queue.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_DONE = object()
_HAND_OVER_POLL_S = 0.2


class Bridge:
    """Separate pools, so no kind of work queues in front of another:
    - the latency path (LLM, TTS, DB);
    - speech recognition: its threads only wait for the recognizer's own decode thread, which
      batches what they queue (`speech.batched_decoder`); with 8 sessions the waits took every
      latency-path thread, and VAD hops and database writes queued behind them;
    - voice activity detection: one thread for every session's 32 ms windows, which must keep
      up with real time whatever the decoder is doing (each session's frames stay in order, as
      its actor awaits one frame before the next);
    - background scoring, so a slow scoring job never queues in front of the next reply."""

    def __init__(self, workers: int = 8, scoring_workers: int = 1, asr_waiters: int = 32) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="viva-model")
        self._asr = ThreadPoolExecutor(max_workers=asr_waiters, thread_name_prefix="viva-asr")
        self._vad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="viva-vad")
        self._scoring = ThreadPoolExecutor(
            max_workers=scoring_workers, thread_name_prefix="viva-scoring"
        )

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    async def run_asr(self, fn: Callable[..., T], *args: object) -> T:
        """A speech recognition call (it blocks until its decode is done)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._asr, functools.partial(fn, *args))

    async def run_vad(self, fn: Callable[..., T], *args: object) -> T:
        """A voice activity detection hop over one audio frame."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._vad, functools.partial(fn, *args))

    async def run_background(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._scoring, functools.partial(fn, *args))

    async def stream(self, make_iterator: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
        """Iterate a blocking generator in a worker thread; stop it early if the consumer
        goes away (barge-in cancels speaking), so the thread does not synthesise for nobody."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[object] = asyncio.Queue(maxsize=16)
        stop = threading.Event()

        def hand_over(item: object) -> bool:
            """Queue one item for the consumer; False once nobody will take it (the consumer
            stopped, or its event loop is gone), so the thread never blocks forever."""
            future = asyncio.run_coroutine_threadsafe(queue.put(item), loop)
            while not stop.is_set() and not loop.is_closed():
                try:
                    future.result(timeout=_HAND_OVER_POLL_S)
                    return True
                except TimeoutError:
                    continue
            future.cancel()
            return False

        def produce() -> None:
            iterator = make_iterator()
            try:
                for item in iterator:
                    if stop.is_set() or not hand_over(item):
                        return
            except BaseException as exc:  # handed to the consumer, raised there
                hand_over(exc)
                return
            finally:
                close = getattr(iterator, "close", None)
                if close is not None:  # releases e.g. the llama context's lock at once
                    close()
            hand_over(_DONE)

        future = loop.run_in_executor(self._pool, produce)
        try:
            while True:
                item = await queue.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item  # type: ignore[misc]
        finally:
            stop.set()
            while not queue.empty():  # unblock a producer waiting on a full queue
                queue.get_nowait()
            # Not awaited: the thread finishes its current item and returns on its own.
            future.add_done_callback(_ignore_result)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._asr.shutdown(wait=False, cancel_futures=True)
        self._vad.shutdown(wait=False, cancel_futures=True)
        self._scoring.shutdown(wait=False, cancel_futures=True)


def _ignore_result(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()
