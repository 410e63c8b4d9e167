"""PCM conversion, resampling, downmix and file loading on synthetic signals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speech.errors import AudioFormatError
from speech.pcm import (
    downmix,
    float_to_pcm16,
    is_silent,
    load_audio_file,
    pcm16_to_float,
    resample,
    rms,
    rms_dbfs,
)


def tone(freq_hz: float, rate_hz: int, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(round(rate_hz * seconds)) / rate_hz
    return (0.5 * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def dominant_hz(audio: np.ndarray, rate_hz: int) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(audio.size)))
    return float(np.fft.rfftfreq(audio.size, 1 / rate_hz)[np.argmax(spectrum)])


def test_pcm16_round_trip_keeps_samples() -> None:
    audio = tone(440, 16_000, 0.1)
    back = pcm16_to_float(float_to_pcm16(audio))
    assert back.dtype == np.float32
    assert np.max(np.abs(back - audio)) < 1 / 16_000


def test_odd_length_pcm_is_a_format_error() -> None:
    with pytest.raises(AudioFormatError):
        pcm16_to_float(b"\x00\x01\x02")


def test_overload_clips_instead_of_wrapping() -> None:
    pcm = float_to_pcm16(np.array([1.5, -1.5], dtype=np.float32))
    assert list(np.frombuffer(pcm, dtype="<i2")) == [32767, -32768]


@pytest.mark.parametrize("rate_hz", [48_000, 44_100, 22_050, 8_000])
def test_resample_to_16k_keeps_pitch_and_duration(rate_hz: int) -> None:
    out = resample(tone(1000, rate_hz), rate_hz, 16_000)
    assert abs(out.size - 16_000) <= 1
    assert dominant_hz(out, 16_000) == pytest.approx(1000, abs=2)


@pytest.mark.parametrize("rate_hz", [48_000, 44_100])
def test_downsampling_removes_tones_above_the_new_nyquist(rate_hz: int) -> None:
    out = resample(tone(9000, rate_hz), rate_hz, 16_000)
    assert rms(out[500:-500]) < 0.01 * rms(tone(9000, rate_hz))


def test_upsampling_the_voice_rate() -> None:
    out = resample(tone(500, 22_050), 22_050, 48_000)
    assert abs(out.size - 48_000) <= 1
    assert dominant_hz(out, 48_000) == pytest.approx(500, abs=2)


def test_downmix_averages_channels() -> None:
    stereo = np.stack([np.ones(4), -np.ones(4) * 0.5], axis=1)
    assert np.allclose(downmix(stereo), 0.25)


def test_load_audio_file_gives_16k_mono(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    left = tone(300, 44_100, 0.5)
    sf.write(path, np.stack([left, left], axis=1), 44_100, subtype="PCM_16")
    audio = load_audio_file(path)
    assert audio.ndim == 1 and abs(audio.size - 8000) <= 1
    assert dominant_hz(audio, 16_000) == pytest.approx(300, abs=3)


def test_unreadable_file_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(b"RIFF not really a wave file")
    with pytest.raises(AudioFormatError):
        load_audio_file(path)


def test_levels() -> None:
    silence = np.zeros(1600, dtype=np.float32)
    assert is_silent(silence) and rms_dbfs(silence) == -np.inf
    assert not is_silent(tone(440, 16_000, 0.1))
    assert rms_dbfs(tone(440, 16_000)) == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.1)
