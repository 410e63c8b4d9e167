"""Speech recognition on a remote OpenAI-compatible server: `POST {base_url}/audio/transcriptions`.

For a team: one GPU whisper server (vLLM, speaches, LocalAI, faster-whisper-server) batches the
answers of every Viva replica instead of each replica decoding on its own cores. The answer goes
up as a 16 kHz PCM16 WAV (what every server decodes without ffmpeg) and comes back as
`verbose_json`, whose segment times place the words; a server that refuses it (400/422) is asked
again for plain `json` (text only, its words spread over the whole clip) and remembered as such.

What the local backend does after decoding is kept: prompt echoes and repetition loops are cut
(`speech.hallucinations`, a remote whisper primed with the question copies it just the same) and
Chinese comes back in Simplified characters. The decoding itself (beam, VAD, token caps) is the
server's business; its deadline here is the request timeout.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from typing import Any

import httpx

from speech.chinese import to_simplified
from speech.errors import AudioFormatError
from speech.hallucinations import hallucinated_spans, without_spans
from speech.openai_audio import AudioApiClient, RemoteSpeechError
from speech.pcm import float_to_pcm16
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript, Word

# A server that does not know `verbose_json` (or word timestamps) refuses the request itself.
_REFUSED_FORMAT_STATUSES = frozenset({400, 422})
_ErrorFactory = Callable[[str], RemoteSpeechError]


class RemoteRecognizer:
    """`SpeechRecognizer` over an OpenAI-compatible transcription endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str = "whisper-1",
        api_key: str | None = None,
        timeout_s: float = 30.0,
        word_timestamps: bool = False,
    ) -> None:
        """`word_timestamps` asks for word-level times (`timestamp_granularities[]=word`);
        servers that do not support it return segments, whose words are then spread."""
        self.model_name = model
        self._word_timestamps = word_timestamps
        self._client = AudioApiClient(base_url, api_key, timeout_s)
        # Learned on the first refusal, so later answers go straight to plain `json`.
        self._verbose_json_supported = True

    def close(self) -> None:
        self._client.close()

    def transcribe(self, audio: FloatAudio, language: str, prompt: str | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 audio; `prompt` primes vocabulary as in OpenAI's API."""
        if audio.ndim != 1:
            raise AudioFormatError(f"expected mono 1-D audio, got shape {audio.shape}")
        audio_s = audio.size / SAMPLE_RATE_HZ
        if audio.size == 0:
            return Transcript(text="", words=(), language=language, duration_s=0.0)
        form: dict[str, Any] = {"model": self.model_name, "language": language}
        if prompt:
            form["prompt"] = prompt
        wav = _wav_bytes(audio)
        if self._verbose_json_supported:
            try:
                response = self._post({**form, **self._verbose_fields()}, wav)
            except RemoteSpeechError as exc:
                if exc.status_code not in _REFUSED_FORMAT_STATUSES:
                    raise
                response = self._post({**form, "response_format": "json"}, wav)
                self._verbose_json_supported = False
        else:
            response = self._post({**form, "response_format": "json"}, wav)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise self._client.error(
                f"transcription is not JSON with a text field: {response.text[:200]!r}"
            )
        return self._transcript(body, language, prompt, audio_s)

    def _verbose_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"response_format": "verbose_json"}
        if self._word_timestamps:
            fields["timestamp_granularities[]"] = ["word", "segment"]
        return fields

    def _post(self, form: dict[str, Any], wav: bytes) -> httpx.Response:
        files = {"file": ("answer.wav", wav, "audio/wav")}
        return self._client.post("audio/transcriptions", data=form, files=files)

    def _transcript(
        self, body: dict[str, Any], language: str, prompt: str | None, audio_s: float
    ) -> Transcript:
        convert = to_simplified if language.startswith("zh") else _identity
        segments = _segments(body, audio_s, self._client.error)
        # Segment texts carry whisper's own spacing (" Hello", "欢迎"): cut spans, keep spaces.
        kept = [(s, e, without_spans(t, hallucinated_spans(t, prompt))) for s, e, t in segments]
        changed = any(k[2] != s[2] for k, s in zip(kept, segments, strict=True))
        text = convert("".join(text for _, _, text in kept).strip())
        words: list[Word] = []
        if not changed and isinstance(body.get("words"), list):
            words = [_word(item, convert, self._client.error) for item in body["words"]]
            words = [word for word in words if word.text]
        if not words:
            words = [word for s, e, t in kept for word in _spread_words(convert(t), s, e)]
        return Transcript(text=text, words=tuple(words), language=language, duration_s=audio_s)


def _wav_bytes(audio: FloatAudio) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE_HZ)
        wav.writeframes(float_to_pcm16(audio))
    return buffer.getvalue()


def _segments(
    body: dict[str, Any], audio_s: float, error: _ErrorFactory
) -> list[tuple[float, float, str]]:
    """(start_s, end_s, text) per segment; plain `json` is one segment over the whole clip."""
    raw = body.get("segments")
    if not isinstance(raw, list) or not raw:
        return [(0.0, audio_s, body["text"])]
    try:
        return [(float(s["start"]), float(s["end"]), str(s["text"])) for s in raw]
    except (KeyError, TypeError, ValueError) as exc:
        raise error(f"malformed transcription segment: {str(raw[:1])[:200]}") from exc


def _word(item: Any, convert: Callable[[str], str], error: _ErrorFactory) -> Word:
    try:
        probability = float(item.get("probability", 1.0))
        return Word(
            convert(str(item["word"]).strip()),
            float(item["start"]),
            float(item["end"]),
            probability,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise error(f"malformed transcription word: {str(item)[:200]}") from exc


def _spread_words(text: str, start_s: float, end_s: float) -> list[Word]:
    """A segment's words spread over its span by length (Chinese: one word per character), as
    the local backend does when it skips word alignment."""
    text = text.strip()
    tokens = list(text.replace(" ", "")) if _is_cjk(text) else text.split()
    if not tokens:
        return []
    span_s = max(0.0, end_s - start_s)
    total = sum(len(token) for token in tokens)
    words, at_s = [], start_s
    for token in tokens:
        length_s = span_s * len(token) / total
        words.append(Word(token, at_s, at_s + length_s))
        at_s += length_s
    return words


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _identity(text: str) -> str:
    return text
