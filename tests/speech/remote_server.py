"""Real OpenAI-compatible audio servers, started on loopback with the bundled models.

- ASR: `faster-whisper-server` (PyPI), a FastAPI app serving `POST /v1/audio/transcriptions`
  from a local CTranslate2 directory: the bundled tiny.en. It loads the model on the first
  request, and never reaches a hub for a local path.
- TTS: `local-tts-studio` (PyPI), a FastAPI app serving `POST /v1/audio/speech` with piper from
  a voices folder: the bundled joe voice, linked in under a temporary data directory. Its voice
  catalogue is fetched only when its web UI asks to download one.

Each runs as its own process (`sys.executable -m ...`) on a free port, with HF_HUB_OFFLINE set so
any attempt to fetch a model fails instead of downloading. A server that does not come up fails
the test with the tail of its log; only a missing package skips.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from speech.model_files import resolve_piper_voice, resolve_whisper_model

TTS_API_KEY = "viva-test-key"
TTS_VOICE_KEY = "en_US-joe-medium"
_READY_TIMEOUT_S = 90.0


def require_package(module: str, pip_name: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{pip_name} is not installed (pip install -e '.[remote-speech-server]')")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def whisper_server(log_dir: Path) -> Iterator[str]:
    """faster-whisper-server with the bundled tiny.en; yields its `/v1` base URL."""
    require_package("faster_whisper_server", "faster-whisper-server")
    port = free_port()
    model_dir = resolve_whisper_model("tiny.en")
    command = [sys.executable, "-m", "faster_whisper_server", str(model_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with _running(command, {}, port, "/health", log_dir / "whisper-server.log"):
        yield f"http://127.0.0.1:{port}/v1"


@contextmanager
def piper_server(data_dir: Path) -> Iterator[str]:
    """local-tts-studio speaking with the bundled joe voice, requiring `TTS_API_KEY`."""
    require_package("local_tts", "local-tts-studio")
    voices = data_dir / "voices"
    voices.mkdir(parents=True)
    voice = resolve_piper_voice("joe")
    (voices / f"{TTS_VOICE_KEY}.onnx").symlink_to(voice)
    (voices / f"{TTS_VOICE_KEY}.onnx.json").symlink_to(f"{voice}.json")
    settings = {
        "voices_dir": str(voices),
        "device": "cpu",
        "api_default_voice": TTS_VOICE_KEY,
        "api_key_enabled": True,
        "api_key": TTS_API_KEY,
        # No generator noise, as the local `piper` fixture: the same text renders the same
        # audio, so what whisper hears of it is repeatable.
        "api_noise_scale": 0.0,
        "api_noise_w_scale": 0.0,
    }
    (data_dir / "settings.json").write_text(json.dumps(settings))
    port = free_port()
    command = [sys.executable, "-m", "local_tts.cli", "--host", "127.0.0.1", "--port", str(port)]
    env = {"LOCAL_TTS_DATA_DIR": str(data_dir)}
    with _running(command, env, port, "/api/health", data_dir / "server.log"):
        yield f"http://127.0.0.1:{port}/v1"


@contextmanager
def _running(
    command: list[str], env: dict[str, str], port: int, ready_path: str, log_path: Path
) -> Iterator[None]:
    """Run `command` until the block ends; wait until `ready_path` answers 200 first."""
    full_env = {**os.environ, **env, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_ready(process, f"http://127.0.0.1:{port}{ready_path}", log_path)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{_tail(log_path)}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"server not ready at {url} after {_READY_TIMEOUT_S:.0f} s:\n{_tail(log_path)}")


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-3000:]
