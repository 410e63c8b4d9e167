"""Session-scoped real models for tests/llm: the bundled GGUF is joined and loaded once, and
llama-cpp-python's own OpenAI-compatible server is started once, on loopback."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

SERVER_START_TIMEOUT_S = 90.0


@pytest.fixture(scope="session")
def bundled_gguf() -> Path:
    from interviewer.gguf_files import bundled_gguf_path

    return bundled_gguf_path()


@pytest.fixture(scope="session")
def bundled_model(bundled_gguf: Path) -> Any:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from interviewer.llama_cpp_chat_model import LlamaCppChatModel

    return LlamaCppChatModel(bundled_gguf, n_ctx=1024, n_threads=2)


@pytest.fixture(scope="session")
def llama_server_url(bundled_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (`.../v1`) of `python -m llama_cpp.server` serving the bundled GGUF."""
    for module in ("llama_cpp", "sse_starlette", "starlette_context", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"llama-cpp-python[server] extra not installed (no {module})")
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gguf),
        "--chat_format", "gemma", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "1024", "--n_threads", "2",
    ]  # fmt: skip
    # A file, not a pipe: the server logs every request and would block on a full pipe.
    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, f"http://127.0.0.1:{port}/v1/models", log_path)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}: {output}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"llama_cpp.server did not answer {url} within {SERVER_START_TIMEOUT_S} s")
