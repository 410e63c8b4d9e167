"""Speech recognition with faster-whisper (CTranslate2 Whisper models, int8 on CPU).

Measured on 2 cores (DESIGN.md): beam 1 is as accurate as beam 5 at half the time; passing the
question and the rubric's key terms as `initial_prompt` cut WER on technical answers from 4.6% to
0.9%; on noise the decoder can run at 2-3x real time, so every call has a decode deadline.

Word timings: faster-whisper's word-level alignment doubled the cost of a short decode here
(0.59 s -> 1.19 s for 6.5 s of speech), and that decode sits between the candidate's last word
and the reply. By default words are spread over their segment's span instead; callers decode an
answer in pieces cut at the pauses the VAD found, so pauses between pieces stay exact. Pass
`word_timestamps=True` for word-level alignment.

Throughput (issue 10, several interviews per machine): the encoder sees a window sized to the
audio, not Whisper's padded 30 s (`speech.whisper_window`), and calls from several threads are
decoded together by one decode thread per model (`speech.batched_decoder`): whatever queued while
it was busy shares one batched `generate`. CTranslate2 would serialise concurrent calls on its
single worker anyway, and on 2 cores parallel workers only split the same cores at the cost of a
model replica each. Audio longer than one window is cut at its pauses and its pieces decoded as
windows of the same batch; word-level alignment takes faster-whisper's own `transcribe` on that
same thread, under a deadline that measures this call's decoding, not
the time spent waiting behind other sessions' answers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from faster_whisper.transcribe import Segment

from speech.batched_decoder import BatchedDecoder, DecodeRequest
from speech.chinese import to_simplified
from speech.errors import AudioFormatError, UnsupportedLanguageError
from speech.hallucinations import hallucinated_spans, without_spans
from speech.model_files import resolve_whisper_model
from speech.types import SAMPLE_RATE_HZ, FloatAudio, Transcript, Word
from speech.whisper_window import FULL_WINDOW, WindowedWhisperModel, WindowPolicy

# Whisper's context is 448 tokens; faster-whisper keeps at most 223 prompt tokens plus up to 4
# special ones, so 220 new tokens always fit. A 30 s window of fast speech needs about 150.
_MAX_NEW_TOKENS = 220
# Short clips get a proportionally smaller cap: a repetition loop ("您您您...", or the prompt
# copied over and over) then stops after a few dozen tokens instead of 220, which on a 5 s clip
# was the difference between ~1 s and ~30 s of decoding. Fast Mandarin is ~6 tokens/s.
_TOKENS_PER_AUDIO_S = 12
_MIN_NEW_TOKENS = 32
# One fallback instead of faster-whisper's six temperatures: the ladder is what makes decoding
# of noise slow, and a second try already breaks most repetition loops.
_TEMPERATURES = (0.0, 0.4)


@dataclass(frozen=True)
class DecodeLimits:
    """Wall-clock bound of one `transcribe` call: max(min_s, realtime_factor x audio length).

    Checked between segments (a 30 s window cannot be interrupted), so the bound is soft by at
    most one window's decode time.
    """

    realtime_factor: float = 1.0
    min_s: float = 3.0

    def deadline_s(self, audio_s: float) -> float:
        return max(self.min_s, self.realtime_factor * audio_s)


class WhisperRecognizer:
    """`SpeechRecognizer` backed by a bundled name (`tiny.en`, `base`) or a local model dir."""

    def __init__(
        self,
        model: str = "tiny.en",
        cpu_threads: int = 2,
        limits: DecodeLimits | None = None,
        cache_dir: Path | None = None,
        word_timestamps: bool = False,
        window: WindowPolicy | None = None,
    ) -> None:
        """`window`: the encoder window policy (default: sized to the audio; `FULL_WINDOW` is
        Whisper's fixed 30 s, which word-level alignment needs)."""
        self.model_name = model
        self._limits = limits or DecodeLimits()
        self._word_timestamps = word_timestamps
        model_dir = resolve_whisper_model(model, cache_dir)
        self._model = WindowedWhisperModel(
            str(model_dir), device="cpu", compute_type="int8", cpu_threads=cpu_threads
        )
        self._model.window = FULL_WINDOW if word_timestamps else (window or WindowPolicy())
        self._decoder = BatchedDecoder(self._model, self._model.window, self._decode_alone)

    @property
    def pending_decodes(self) -> int:
        """Decodes queued or running on this model now (the web layer's measure of load)."""
        return self._decoder.pending

    @property
    def decoder(self) -> BatchedDecoder:
        return self._decoder

    def close(self) -> None:
        """Stop the decode thread once the queued requests are served."""
        self._decoder.close()

    @property
    def multilingual(self) -> bool:
        return bool(self._model.model.is_multilingual)

    def transcribe(
        self,
        audio: FloatAudio,
        language: str,
        prompt: str | None = None,
        *,
        hotwords: str | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 audio, returning what was decoded before the deadline.

        `prompt` primes as previous text (`initial_prompt`); `hotwords` as faster-whisper's
        hotwords (bench/asr.py compares the two). Echoes of either are removed."""
        if audio.ndim != 1:
            raise AudioFormatError(f"expected mono 1-D audio, got shape {audio.shape}")
        if not self.multilingual and language != "en":
            raise UnsupportedLanguageError(language, self.model_name)
        audio_s = audio.size / SAMPLE_RATE_HZ
        if audio.size == 0:
            return Transcript(text="", words=(), language=language, duration_s=0.0)
        request = DecodeRequest(
            audio=audio.astype(np.float32, copy=False),
            language=language,
            prompt=prompt or None,
            hotwords=hotwords or None,
            max_new_tokens=_max_new_tokens(audio_s),
            temperatures=_TEMPERATURES,
            alone=self._word_timestamps,
        )
        decoded = self._decoder.submit(request).result()
        # On audio it cannot make out, whisper copies its prompt and loops on a token: that is
        # not what the candidate said, and must never be scored as if it were.
        primed = " ".join(p for p in (prompt, hotwords) if p) or None
        kept = _without_hallucinations(_without_closing_hallucination(decoded), primed)
        return _to_transcript(kept, language, audio_s)

    def _decode_alone(self, request: DecodeRequest) -> list[Segment]:
        """faster-whisper's own decode of one request (on the decode thread), for word-level
        alignment, bounded by the decode deadline."""
        audio_s = request.audio.size / SAMPLE_RATE_HZ
        deadline = time.monotonic() + self._limits.deadline_s(audio_s)
        segments, _info = self._model.transcribe(
            request.audio,
            language=request.language,
            beam_size=1,
            temperature=list(request.temperatures),
            vad_filter=True,
            word_timestamps=self._word_timestamps,
            initial_prompt=request.prompt,
            hotwords=request.hotwords,
            max_new_tokens=request.max_new_tokens,
            # Long answers decode as several 30 s windows: conditioning each on the last
            # let one hallucinated loop ("test test test ...") run on to the end.
            condition_on_previous_text=False,
            hallucination_silence_threshold=(
                _HALLUCINATION_SILENCE_S if self._word_timestamps else None
            ),
        )
        return _consume_until(segments, deadline)


_SIGN_OFFS = frozenset({"thank you", "thanks", "thank you for watching", "bye"})
_SIGN_OFF_SUFFIXES = (" Thank you.", " Thanks.", " Thank you for watching.")
_HALLUCINATION_SILENCE_S = 1.0
"""Skip text whisper "hears" in silent stretches longer than this (e.g. trailing silence)."""


def _max_new_tokens(audio_s: float) -> int:
    """Tokens one 30 s window may produce, scaled down for short audio to bound loops."""
    return min(_MAX_NEW_TOKENS, _MIN_NEW_TOKENS + math.ceil(_TOKENS_PER_AUDIO_S * audio_s))


def _consume_until(segments: Iterable[Segment], deadline: float) -> list[Segment]:
    """Pull segments from faster-whisper's lazy generator until it ends or time runs out."""
    decoded: list[Segment] = []
    for segment in segments:
        decoded.append(segment)
        if time.monotonic() >= deadline:
            break
    return decoded


def _to_transcript(segments: list[Segment], language: str, audio_s: float) -> Transcript:
    """Build the Transcript; Chinese text is converted to Simplified characters."""
    convert = to_simplified if language.startswith("zh") else _identity
    words = tuple(word for segment in segments for word in _segment_words(segment, convert))
    text = convert("".join(segment.text for segment in segments).strip())
    return Transcript(text=text, words=words, language=language, duration_s=audio_s)


def _segment_words(segment: Segment, convert: Callable[[str], str]) -> list[Word]:
    """Aligned words when decoded with word timestamps; otherwise the segment's words spread
    evenly over its span (Chinese: one "word" per character), weighted by length."""
    if segment.words:
        return [
            Word(convert(w.word.strip()), float(w.start), float(w.end), float(w.probability))
            for w in segment.words
            if w.word.strip()
        ]
    text = convert(segment.text.strip())
    tokens = list(text.replace(" ", "")) if _is_cjk(text) else text.split()
    if not tokens:
        return []
    span_s = max(0.0, float(segment.end) - float(segment.start))
    total = sum(len(t) for t in tokens)
    probability = math.exp(min(0.0, float(segment.avg_logprob)))
    words, at_s = [], float(segment.start)
    for token in tokens:
        length_s = span_s * len(token) / total
        words.append(Word(token, at_s, at_s + length_s, probability))
        at_s += length_s
    return words


def _without_closing_hallucination(segments: list[Segment]) -> list[Segment]:
    """Drop whisper's habitual sign-off ("Thank you.") heard in the silence after an answer: it
    ended most clean synthetic answers here. Only at the very end, and never the whole text."""
    if not segments:
        return segments
    *before, last = segments
    if before and _normalised(last.text) in _SIGN_OFFS:
        return before
    text = last.text.rstrip()
    for sign_off in _SIGN_OFF_SUFFIXES:
        if text.endswith(sign_off) and len(text) > len(sign_off):
            return [*before, replace(last, text=text[: -len(sign_off)], words=None)]
    return segments


def _without_hallucinations(segments: list[Segment], prompt: str | None) -> list[Segment]:
    """Cut prompt echoes and repetition loops (`speech.hallucinations`) out of the segments.

    Spans are found on the whole text, since a loop or an echo may run over several segments;
    a segment that loses text keeps its time span and has its words spread again over it."""
    text = "".join(segment.text for segment in segments)
    spans = hallucinated_spans(text, prompt)
    if not spans:
        return segments
    kept: list[Segment] = []
    at = 0
    for segment in segments:
        start, end = at, at + len(segment.text)
        at = end
        inside = [
            (max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start
        ]
        if not inside:
            kept.append(segment)
            continue
        remaining = without_spans(segment.text, inside)
        if remaining.strip():
            kept.append(replace(segment, text=remaining, words=None))
    return kept


def _normalised(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == " ").strip()


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _identity(text: str) -> str:
    return text
