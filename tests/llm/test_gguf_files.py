"""Finding GGUF files: the bundled model's parts joined once and safely, user paths checked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from interviewer.gguf_files import GGUF_MAGIC, GgufFileError, bundled_gguf_path, resolve_gguf_path


def test_a_real_gguf_file_resolves(tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(GGUF_MAGIC + b"\x03\x00\x00\x00")
    assert resolve_gguf_path(str(model)) == model.resolve()


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("https://huggingface.co/x/y.gguf", "URLs are never downloaded"),
        ("google/gemma-3-1b-it", "no such file"),
        ("", "empty path"),
    ],
)
def test_a_path_that_is_not_a_local_file_is_refused(given: str, reason: str) -> None:
    with pytest.raises(GgufFileError, match=reason):
        resolve_gguf_path(given)


def test_a_directory_or_another_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GgufFileError, match="not a regular file"):
        resolve_gguf_path(tmp_path)
    not_gguf = tmp_path / "model.bin"
    not_gguf.write_bytes(b"PK\x03\x04 a zip, not a model")
    with pytest.raises(GgufFileError, match="not a GGUF file"):
        resolve_gguf_path(not_gguf)


@pytest.mark.models
def test_two_concurrent_starts_both_get_one_complete_file(tmp_path: Path) -> None:
    results: list[Path] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            results.append(bundled_gguf_path(tmp_path))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [results[0].name]  # no partial file left
    assert resolve_gguf_path(results[0]) == results[0]
    assert bundled_gguf_path(tmp_path) == results[0]  # second start reuses it
