"""ONNX Runtime sessions shared per model file: each small audio model (Silero VAD, smart-turn)
is loaded once per process and reused by every connection. One thread per session, because
their inputs are tiny and the cores are needed for speech recognition."""

from __future__ import annotations

import threading
from pathlib import Path

import onnxruntime

_lock = threading.Lock()
_sessions: dict[Path, onnxruntime.InferenceSession] = {}


def shared_session(path: Path) -> onnxruntime.InferenceSession:
    """The process's session for the model file at `path` (resolved), loaded on first use."""
    path = path.resolve()
    with _lock:
        session = _sessions.get(path)
        if session is None:
            options = onnxruntime.SessionOptions()
            options.inter_op_num_threads = 1
            options.intra_op_num_threads = 1
            options.log_severity_level = 4
            session = onnxruntime.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
            _sessions[path] = session
        return session
