"""Text to speech on a remote OpenAI-compatible server: `POST {base_url}/audio/speech`.

One request per sentence (`speech.sentence_chunker.split_sentences`, as the other voices cut
them), so the first sentence plays while the server renders the next and each chunk is one
sentence, as `SpeechSynthesizer` promises.

The rate must be known before any audio: the web layer announces it in `audio_start` ahead of
the first frame. WAV (the default) says its own rate, so the constructor asks the server for one
short probe and takes the rate from it (which also fails fast, at start-up, when the server is
down or the voice is missing); raw `pcm` says nothing, so its rate is configured (OpenAI's is
24 kHz). Should the server later answer at another rate (its voice was swapped), the audio is
resampled to the announced one rather than played at the wrong speed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import soundfile as sf

from speech.openai_audio import AudioApiClient
from speech.pcm import downmix, float_to_pcm16, pcm16_to_float, resample
from speech.sentence_chunker import split_sentences
from speech.types import AudioChunk, FloatAudio

_PROBE_TEXT = "Ready."
OPENAI_PCM_RATE_HZ = 24_000
"""The rate of OpenAI's `pcm` response format (16-bit little-endian mono)."""


class RemoteSynthesizer:
    """`SpeechSynthesizer` over an OpenAI-compatible speech endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str = "tts-1",
        voice: str = "alloy",
        api_key: str | None = None,
        timeout_s: float = 30.0,
        pcm_rate_hz: int | None = None,
    ) -> None:
        """`pcm_rate_hz`: ask for raw `pcm` at this rate instead of WAV (no probe request)."""
        self.model_name = model
        self.voice = voice
        self._pcm_rate_hz = pcm_rate_hz
        self._client = AudioApiClient(base_url, api_key, timeout_s)
        if pcm_rate_hz is not None:
            self.sample_rate_hz: int = pcm_rate_hz
        else:
            _, self.sample_rate_hz = self._speak(_PROBE_TEXT)

    def close(self) -> None:
        self._client.close()

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """PCM16 audio at `sample_rate_hz`, one chunk per sentence of `text`."""
        for sentence in split_sentences(text):
            audio, rate_hz = self._speak(sentence)
            if rate_hz != self.sample_rate_hz:
                audio = resample(audio, rate_hz, self.sample_rate_hz)
            yield AudioChunk(pcm=float_to_pcm16(audio), sample_rate_hz=self.sample_rate_hz)

    def _speak(self, sentence: str) -> tuple[FloatAudio, int]:
        """One sentence's mono float audio and the rate the server sent it at."""
        response_format = "wav" if self._pcm_rate_hz is None else "pcm"
        response = self._client.post(
            "audio/speech",
            json={
                "model": self.model_name,
                "voice": self.voice,
                "input": sentence,
                "response_format": response_format,
            },
        )
        payload = response.content
        content_type = response.headers.get("content-type", "")
        if content_type.startswith(("application/json", "text/")):
            raise self._client.error(f"speech came back as {content_type}: {payload[:120]!r}")
        if self._pcm_rate_hz is not None:
            audio, rate_hz = self._pcm(payload), self._pcm_rate_hz
        else:
            audio, rate_hz = self._wav(payload, content_type)
        if audio.size == 0:
            raise self._client.error(f"speech for {sentence[:40]!r} holds no audio")
        return audio, rate_hz

    def _wav(self, payload: bytes, content_type: str) -> tuple[FloatAudio, int]:
        try:
            audio, rate_hz = sf.read(io.BytesIO(payload), dtype="float32", always_2d=False)
        except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
            raise self._client.error(
                f"speech is not WAV audio ({content_type or 'no content type'}): {payload[:40]!r}"
            ) from exc
        return downmix(np.asarray(audio, dtype=np.float32)), int(rate_hz)

    def _pcm(self, payload: bytes) -> FloatAudio:
        if len(payload) % 2:
            raise self._client.error(f"speech is not PCM16 ({len(payload)} bytes, odd length)")
        return pcm16_to_float(payload)
