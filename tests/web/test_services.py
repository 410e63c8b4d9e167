"""Model loading shared by every connection: once per language, however many ask first."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from web.services import loaded_once


def test_concurrent_first_requests_load_each_language_once() -> None:
    loads: list[str] = []
    zh_loading, zh_may_finish = threading.Event(), threading.Event()

    def load(language: str) -> object:
        loads.append(language)
        if language == "zh":  # a slow first load (the Chinese voice joining its model file)
            zh_loading.set()
            zh_may_finish.wait(10)
        return object()

    get = loaded_once(load)
    with ThreadPoolExecutor(max_workers=6) as pool:
        chinese = [pool.submit(get, "zh") for _ in range(3)]
        assert zh_loading.wait(10)
        english = [pool.submit(get, "en") for _ in range(3)]
        # English is served while the Chinese load is still going on.
        assert len({id(f.result(timeout=10)) for f in english}) == 1
        assert not any(f.done() for f in chinese)
        zh_may_finish.set()
        assert len({id(f.result(timeout=10)) for f in chinese}) == 1
    assert sorted(loads) == ["en", "zh"]


def test_a_failed_load_is_tried_again_by_the_next_caller() -> None:
    attempts: list[int] = []

    def load(_language: str) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("the model file was being written by another process")
        return len(attempts)

    get = loaded_once(load)
    with pytest.raises(OSError):
        get("zh")
    assert get("zh") == 2 and get("zh") == 2
