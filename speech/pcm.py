"""PCM conversion, resampling, downmixing and level helpers.

Everything inside Viva works on float32 mono at 16 kHz; the client sends PCM s16le and the TTS
voice speaks at its own rate (22.05 kHz for the bundled voice). scipy is not a dependency, so the
resampler is a small numpy polyphase windowed-sinc filter: linear interpolation would alias when
going down from 44.1/48 kHz, which measurably hurts ASR.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

from speech.errors import AudioFormatError
from speech.types import SAMPLE_RATE_HZ, FloatAudio

_INT16_SCALE = 32768.0
# Zero crossings of the sinc kernel kept on each side: 16 gives > 60 dB stop-band with a Kaiser
# window, plenty for speech recognition and playback.
_SINC_ZERO_CROSSINGS = 16
_KAISER_BETA = 8.0
# Cut a little below Nyquist so the transition band stays out of the aliasing region.
_ROLLOFF = 0.94
_BLOCK_OUTPUTS = 8192


def pcm16_to_float(pcm: bytes) -> FloatAudio:
    """Decode PCM s16le bytes into float32 in [-1, 1); odd lengths are a malformed frame."""
    if len(pcm) % 2:
        raise AudioFormatError(f"PCM16 data must have an even length, got {len(pcm)} bytes")
    samples = np.frombuffer(pcm, dtype="<i2")
    return (samples.astype(np.float32) / _INT16_SCALE).astype(np.float32)


def float_to_pcm16(audio: FloatAudio) -> bytes:
    """Encode float audio as PCM s16le, clipping rather than wrapping on overload."""
    scaled = np.clip(np.asarray(audio, dtype=np.float32) * 32767.0, -32768.0, 32767.0)
    return scaled.astype("<i2").tobytes()


def downmix(audio: npt.NDArray[np.floating]) -> FloatAudio:
    """Average the channels of (frames, channels) audio; 1-D audio is returned as float32."""
    if audio.ndim == 1:
        return audio.astype(np.float32, copy=False)
    if audio.ndim != 2:
        raise AudioFormatError(f"audio must be 1-D or (frames, channels), got shape {audio.shape}")
    return audio.mean(axis=1, dtype=np.float32).astype(np.float32, copy=False)


@lru_cache(maxsize=16)
def _polyphase_table(up: int, down: int) -> tuple[npt.NDArray[np.float64], int]:
    """Kernel weights per output phase, and the left offset of the first tap.

    Output sample n sits at input position n*down/up; its fractional part repeats every `up`
    outputs, so `up` rows of weights serve the whole signal.
    """
    cutoff = min(1.0, up / down) * _ROLLOFF
    half = math.ceil(_SINC_ZERO_CROSSINGS / cutoff)
    offsets = np.arange(-half + 1, half + 1)
    frac = (np.arange(up) * down % up) / up
    distance = frac[:, None] - offsets[None, :]
    window = np.kaiser(2 * half + 1, _KAISER_BETA)
    window_at = np.interp(distance, np.arange(-half, half + 1), window, left=0.0, right=0.0)
    weights = cutoff * np.sinc(cutoff * distance) * window_at
    weights /= weights.sum(axis=1, keepdims=True)
    return weights, -half + 1


def resample(audio: FloatAudio, from_rate_hz: int, to_rate_hz: int) -> FloatAudio:
    """Band-limited resampling of mono float audio between any two integer rates."""
    if from_rate_hz <= 0 or to_rate_hz <= 0:
        raise AudioFormatError(f"sample rates must be positive: {from_rate_hz} -> {to_rate_hz}")
    audio = np.asarray(audio, dtype=np.float32)
    if from_rate_hz == to_rate_hz or audio.size == 0:
        return audio
    gcd = math.gcd(from_rate_hz, to_rate_hz)
    up, down = to_rate_hz // gcd, from_rate_hz // gcd
    weights, first_offset = _polyphase_table(up, down)
    taps = weights.shape[1]
    pad = taps
    padded = np.concatenate([np.zeros(pad), audio.astype(np.float64), np.zeros(pad)])
    n_out = math.ceil(audio.size * up / down)
    out = np.empty(n_out, dtype=np.float32)
    tap_index = np.arange(taps)
    for start in range(0, n_out, _BLOCK_OUTPUTS):
        n = np.arange(start, min(start + _BLOCK_OUTPUTS, n_out))
        base = (n * down) // up + first_offset + pad
        gathered = padded[base[:, None] + tap_index[None, :]]
        out[n] = np.einsum("ij,ij->i", gathered, weights[n % up])
    return out


def to_16k(audio: FloatAudio, rate_hz: int) -> FloatAudio:
    """Resample mono audio to the 16 kHz Viva works in."""
    return resample(audio, rate_hz, SAMPLE_RATE_HZ)


def load_audio_file(path: str | Path) -> FloatAudio:
    """Read a wav/flac/ogg file as 16 kHz mono float32, whatever its rate or channel count."""
    try:
        data, rate_hz = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError) as error:
        raise AudioFormatError(f"cannot read audio file {path}: {error}") from error
    return to_16k(downmix(data), int(rate_hz))


def rms(audio: FloatAudio) -> float:
    """Root-mean-square level of the audio (0.0 for an empty array)."""
    if audio.size == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def rms_dbfs(audio: FloatAudio) -> float:
    """RMS level in dB relative to full scale; silence is -inf rather than an error."""
    level = rms(audio)
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def is_silent(audio: FloatAudio, threshold_dbfs: float = -50.0) -> bool:
    """True when the audio is quieter than `threshold_dbfs` (a muted or dead microphone)."""
    return rms_dbfs(audio) < threshold_dbfs


def duration_s(audio: FloatAudio, rate_hz: int = SAMPLE_RATE_HZ) -> float:
    """Length of the audio in seconds."""
    return audio.size / rate_hz
