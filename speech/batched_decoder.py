"""One decode thread per Whisper model that decodes whatever is queued as one batch.

With several interviews on one machine, answer segments arrive while the model is busy with
another session's. Measured on 2 cores (tiny.en int8, windows sized by `speech.whisper_window`):
greedy generation of 4 segments in one `generate` call cost ~55 ms per segment against ~110 ms
one at a time, while encoding does not gain from batching (per segment the same, DESIGN.md). So
the thread takes every queued request (up to `max_batch`), encodes them in one window sized to
the longest, and generates their tokens together, each with its own prompt. A lone request is
decoded at once: batching never waits for company, it only takes what queued meanwhile.

The single-window decode repeats what faster-whisper's `transcribe` does for one window (VAD
filter, prompt, temperature fallback on repetitive or improbable text, no-speech check,
timestamp segments), using its helpers. Requests for word-level timestamps go through
`transcribe` itself.

Audio with more speech than one window is cut at its pauses into pieces of at most
`PIECE_MAX_S`, each decoded as a window of its own (in the same batch) and the segments joined.
faster-whisper's long-form decode moves from window to window by the last timestamp it
decoded, and when a window's text ends early (no timestamp at all, or a final one before the
speech ends) it skips to the next window: a 46 s spoken answer primed with its question lost
its middle 20 s that way (everything between "...easier to explain." and "L1 regularisation"),
and without a prompt the words across the 30 s boundary. Cutting where the candidate paused
means no word straddles two windows and no window is skipped.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace

import ctranslate2
import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import (
    Segment,
    WhisperModel,
    get_compression_ratio,
    get_suppressed_tokens,
    restore_speech_timestamps,
)
from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

from speech.types import SAMPLE_RATE_HZ, FloatAudio
from speech.whisper_window import FULL_WINDOW_FRAMES, WindowPolicy

# faster-whisper's defaults for the fallback decision, kept so batched and single decodes agree.
_COMPRESSION_RATIO_THRESHOLD = 2.4
_LOG_PROB_THRESHOLD = -1.0
_NO_SPEECH_THRESHOLD = 0.6
_BEST_OF = 5
_MAX_INITIAL_TIMESTAMP_S = 1.0

_SAMPLES_PER_FRAME = SAMPLE_RATE_HZ // 100  # Whisper's log-mel hop: 10 ms
PIECE_MAX_S = 15.0
"""Longest piece a long answer is cut into (at a pause; at the limit only with no pause).

Whisper can still skip a sentence inside one window. Measured on 12 complete bank answers of
110-180 words (every sixth such question by length, read by piper without variation: 33-58 s),
primed as in an interview, as deleted words / runs of 4+ deleted words with tiny.en and base:
long-form decode 4.6 % / 3 and 1.1 % / 0; pieces of at most 10 s 1.0 % / 0 and 3.7 % / 4; 15 s
1.1 % / 0 and 2.1 % / 3; 20 s 2.8 % / 1 and 2.0 % / 2; 25 s 1.2 % / 0 and 5.2 % / 7. Where the
cuts fall moves these more than the limit does; 15 s was best or near it for both models."""
_PIECE_VAD = VadOptions(min_silence_duration_ms=160, max_speech_duration_s=PIECE_MAX_S)
"""Pauses a piece may end at: 160 ms of silence, as between two sentences."""


@dataclass(frozen=True)
class DecodeRequest:
    """One piece of audio to decode; `temperatures` are tried in order (fallback)."""

    audio: FloatAudio
    language: str
    prompt: str | None
    hotwords: str | None
    max_new_tokens: int
    temperatures: tuple[float, ...]
    alone: bool = False  # decode with the unbatched path (e.g. word-level alignment)
    offset_s: float = 0.0  # where `audio` starts in the answer (a piece of a long one)


Unbatched = Callable[[DecodeRequest], list[Segment]]
"""How a request for word-level timestamps is decoded (the recognizer's `transcribe` path)."""


@dataclass
class _Prepared:
    """A request after the VAD filter: features, prompt, and the speech kept."""

    request: DecodeRequest
    tokenizer: Tokenizer
    features: np.ndarray  # (80, frames) log-mel, unpadded
    prompt: list[int]
    speech_chunks: list[dict[str, int]]

    @property
    def frames(self) -> int:
        return int(self.features.shape[-1])


@dataclass
class _Decoded:
    tokens: list[int]
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    temperature: float


class BatchedDecoder:
    """Queue of decode requests served by one thread; `pending` is the queue depth the web
    layer reads to decide on early decodes and admission."""

    def __init__(
        self,
        model: WhisperModel,
        window: WindowPolicy,
        unbatched: Unbatched,
        max_batch: int = 8,
    ) -> None:
        self._model = model
        self._window = window
        self._unbatched = unbatched
        self._max_batch = max_batch
        self._queue: queue.Queue[tuple[DecodeRequest, Future[list[Segment]]] | None] = queue.Queue()
        self._in_flight = 0
        self.batches = 0  # decode calls made, and requests served: read by tests and benches
        self.served = 0
        self._thread = threading.Thread(target=self._serve, name="viva-asr", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Requests queued or being decoded now."""
        return self._queue.qsize() + self._in_flight

    def submit(self, request: DecodeRequest) -> Future[list[Segment]]:
        future: Future[list[Segment]] = Future()
        self._queue.put((request, future))
        return future

    def close(self) -> None:
        self._queue.put(None)

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            self._in_flight = len(batch)
            self._decode(batch)
            self._in_flight = 0

    def _decode(self, batch: list[tuple[DecodeRequest, Future[list[Segment]]]]) -> None:
        live = [(r, f) for r, f in batch if f.running() or f.set_running_or_notify_cancel()]
        try:
            results = decode_batch(self._model, self._window, [r for r, _ in live], self._unbatched)
        except Exception as exc:
            if len(live) == 1:  # the caller gets the error; nobody is left waiting
                live[0][1].set_exception(exc)
                return
            # One request's failure must not fail the other sessions' answers: each alone.
            for item in live:
                self._decode([item])
            return
        self.batches += 1
        self.served += len(live)
        for (_, future), segments in zip(live, results, strict=True):
            future.set_result(segments)


def decode_batch(
    model: WhisperModel,
    window: WindowPolicy,
    requests: Sequence[DecodeRequest],
    unbatched: Unbatched,
) -> list[list[Segment]]:
    """Segments for each request, in order; those that fit one window decoded together."""
    results: list[list[Segment]] = [[] for _ in requests]
    batch: list[tuple[int, _Prepared]] = []
    for index, request in enumerate(requests):
        if request.alone:
            results[index] = unbatched(request)
            continue
        speech = _speech_chunks(request)
        if not speech:
            continue  # no speech: nothing to decode
        if _frames(speech) <= FULL_WINDOW_FRAMES:
            batch.append((index, _prepare(model, request, speech)))
            continue
        # Longer than one window: only the pieces' features are computed, never the whole's.
        for piece in _pieces(request):
            if piece_speech := _speech_chunks(piece):
                batch.append((index, _prepare(model, piece, piece_speech)))
    # A request's pieces share its prompt, so they land in one group, in order.
    for group in _aligned_groups(batch):
        decoded = _decode_window(model, window, [p for _, p in group])
        for (index, prepared), result in zip(group, decoded, strict=True):
            results[index].extend(_segments(model, prepared, result))
    return results


def _pieces(request: DecodeRequest) -> list[DecodeRequest]:
    """`request` cut at pauses into pieces of at most `PIECE_MAX_S`, each keeping its offset
    in the whole audio so its segments are timed in the whole."""
    audio = request.audio
    limit = int(PIECE_MAX_S * SAMPLE_RATE_HZ)
    cuts = [0]
    previous_end = 0
    for chunk in get_speech_timestamps(audio, _PIECE_VAD):
        if chunk["end"] - cuts[-1] > limit and previous_end > cuts[-1]:
            cuts.append((previous_end + chunk["start"]) // 2)
        previous_end = chunk["end"]
    cuts.append(audio.size)
    return [
        replace(request, audio=audio[start:end], offset_s=start / SAMPLE_RATE_HZ)
        for start, end in itertools.pairwise(cuts)
        if end > start
    ]


def _aligned_groups(batch: list[tuple[int, _Prepared]]) -> list[list[tuple[int, _Prepared]]]:
    """Split (and pad) the batch so that each group's prompts put <|startoftranscript|> at the
    same position, which CTranslate2's batched `generate` requires.

    Prompts differ in length (each question primes its own answers), so a shorter one is padded
    on the left of its previous text with a neutral passage (`_FILLER`, English only): Whisper
    reads it as earlier speech. Padding with blanks or repeated special tokens changed 5-11 of
    12 eval transcripts; the passage changed 2 of 12, by one word each. Requests that cannot be
    padded (no passage for their language, or too long a gap) are decoded in their own group."""
    longest = max((_sot_index(p) for _, p in batch), default=0)
    groups: dict[int, list[tuple[int, _Prepared]]] = {}
    for index, prepared in batch:
        _pad_prompt(prepared, longest)
        groups.setdefault(_sot_index(prepared), []).append((index, prepared))
    return list(groups.values())


_FILLER = {
    "en": (
        " Hello, and welcome to this interview. Thank you for joining us today. We will go"
        " through a few questions, and you can take your time to think before you answer."
        " Let us begin with the first question."
    )
}


def _sot_index(prepared: _Prepared) -> int:
    return prepared.prompt.index(prepared.tokenizer.sot)


def _pad_prompt(prepared: _Prepared, sot_index: int) -> None:
    """Lengthen the previous text so the prompt's <|startoftranscript|> sits at `sot_index`."""
    missing = sot_index - _sot_index(prepared)
    filler_text = _FILLER.get(prepared.request.language)
    if missing <= 0 or filler_text is None:
        return
    tokenizer = prepared.tokenizer
    previous, rest = (
        prepared.prompt[: _sot_index(prepared)],
        prepared.prompt[_sot_index(prepared) :],
    )
    if not previous:  # no prompt at all: the passage becomes one, after <|startofprev|>
        missing -= 1
    filler = tokenizer.encode(filler_text)
    if missing > len(filler):
        return
    text = previous[1:] if previous else []
    prepared.prompt = [tokenizer.sot_prev, *filler[-missing:], *text, *rest]


def _speech_chunks(request: DecodeRequest) -> list[dict[str, int]]:
    """Where faster-whisper's VAD filter (its default options) hears speech in the request."""
    return get_speech_timestamps(request.audio.astype(np.float32, copy=False), VadOptions())


def _frames(speech_chunks: list[dict[str, int]]) -> int:
    """Log-mel frames of the speech the VAD filter keeps: as many as `_prepare`'s features
    have (one per 10 ms hop, the extractor's last frame dropped), found before computing them."""
    return sum(c["end"] - c["start"] for c in speech_chunks) // _SAMPLES_PER_FRAME


def _prepare(
    model: WhisperModel, request: DecodeRequest, speech_chunks: list[dict[str, int]]
) -> _Prepared:
    """Features and prompt of the request's speech (`speech_chunks`, not empty)."""
    audio = request.audio.astype(np.float32, copy=False)
    chunks, _ = collect_chunks(audio, speech_chunks)
    features = model.feature_extractor(np.concatenate(chunks))[..., :-1]
    tokenizer = Tokenizer(
        model.hf_tokenizer,
        model.model.is_multilingual,
        task="transcribe",
        language=request.language,
    )
    previous = tokenizer.encode(" " + request.prompt.strip()) if request.prompt else []
    prompt = model.get_prompt(tokenizer, previous, hotwords=request.hotwords)
    return _Prepared(request, tokenizer, features, prompt, speech_chunks)


def _decode_window(
    model: WhisperModel, window: WindowPolicy, batch: list[_Prepared]
) -> list[_Decoded]:
    """Greedy decode of the whole batch, then each fallback temperature for those that failed
    (faster-whisper's rule: repetitive or improbable, unless it is silence)."""
    frames = window.frames(max(p.frames for p in batch))
    features = np.stack([pad_or_trim(p.features, frames) for p in batch])
    temperatures = batch[0].request.temperatures
    tried: list[list[_Decoded]] = [[] for _ in batch]
    todo = list(range(len(batch)))
    for temperature in temperatures:
        encoded = model.model.encode(
            ctranslate2.StorageView.from_array(np.ascontiguousarray(features[todo]))
        )
        outputs = _generate(model, encoded, [batch[i] for i in todo], temperature)
        for i, output in zip(todo, outputs, strict=True):
            tried[i].append(output)
        todo = [i for i in todo if _needs_fallback(tried[i][-1])]
        if not todo:
            break
    return [_chosen(attempts, i in todo) for i, attempts in enumerate(tried)]


def _generate(
    model: WhisperModel,
    encoded: ctranslate2.StorageView,
    batch: list[_Prepared],
    temperature: float,
) -> list[_Decoded]:
    sampling = (
        {"num_hypotheses": _BEST_OF, "sampling_topk": 0, "sampling_temperature": temperature}
        if temperature > 0
        else {}
    )
    tokenizer = batch[0].tokenizer
    results = model.model.generate(
        encoded,
        [p.prompt for p in batch],
        beam_size=1,
        max_length=max(len(p.prompt) + p.request.max_new_tokens for p in batch),
        return_scores=True,
        return_no_speech_prob=True,
        suppress_blank=True,
        suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
        max_initial_timestamp_index=round(_MAX_INITIAL_TIMESTAMP_S / model.time_precision),
        **sampling,
    )
    decoded = []
    for prepared, result in zip(batch, results, strict=True):
        # One shared max_length: a request with a shorter prompt may have been allowed more
        # tokens than its own cap, which exists to stop loops early; cut it back.
        generated = list(result.sequences_ids[0])
        tokens = generated[: prepared.request.max_new_tokens]
        avg_logprob = result.scores[0] * len(generated) / (len(generated) + 1)
        text = prepared.tokenizer.decode(tokens).strip()
        decoded.append(
            _Decoded(
                tokens, avg_logprob, result.no_speech_prob, get_compression_ratio(text), temperature
            )
        )
    return decoded


def _needs_fallback(decoded: _Decoded) -> bool:
    improbable = decoded.avg_logprob < _LOG_PROB_THRESHOLD
    if improbable and decoded.no_speech_prob > _NO_SPEECH_THRESHOLD:
        return False  # silence: no fallback will find words in it
    return improbable or decoded.compression_ratio > _COMPRESSION_RATIO_THRESHOLD


def _chosen(attempts: list[_Decoded], all_failed: bool) -> _Decoded:
    """The last attempt, or when every temperature failed, the most probable one that is not
    repetitive (faster-whisper's choice)."""
    if not all_failed:
        return attempts[-1]
    plain = [a for a in attempts if a.compression_ratio <= _COMPRESSION_RATIO_THRESHOLD]
    best = max(plain or attempts, key=lambda a: a.avg_logprob)
    return _Decoded(
        best.tokens,
        best.avg_logprob,
        best.no_speech_prob,
        best.compression_ratio,
        attempts[-1].temperature,
    )


def _segments(model: WhisperModel, prepared: _Prepared, decoded: _Decoded) -> list[Segment]:
    """Timestamped segments in the original audio's time (before the VAD filter)."""
    if decoded.no_speech_prob > _NO_SPEECH_THRESHOLD and decoded.avg_logprob < _LOG_PROB_THRESHOLD:
        return []
    tokenizer = prepared.tokenizer
    duration_s = prepared.frames * model.feature_extractor.time_per_frame
    pieces, _, _ = model._split_segments_by_timestamps(
        tokenizer=tokenizer,
        tokens=decoded.tokens,
        time_offset=0.0,
        segment_size=prepared.frames,
        segment_duration=duration_s,
        seek=0,
    )
    # faster-whisper would decode a window again from the last timestamp when the text runs on
    # past it; here the window is the whole piece, so the rest is its last segment.
    covered = sum(len(p["tokens"]) for p in pieces)
    rest = decoded.tokens[covered:]
    if rest and any(t < tokenizer.timestamp_begin for t in rest):
        start = pieces[-1]["end"] if pieces else 0.0
        pieces.append({"start": start, "end": duration_s, "tokens": rest})
    segments: list[Segment] = []
    for piece in pieces:
        text = tokenizer.decode(piece["tokens"])
        if piece["start"] == piece["end"] or not text.strip():
            continue
        segments.append(
            Segment(
                id=len(segments) + 1,
                seek=0,
                start=piece["start"],
                end=piece["end"],
                text=text,
                tokens=piece["tokens"],
                avg_logprob=decoded.avg_logprob,
                compression_ratio=decoded.compression_ratio,
                no_speech_prob=decoded.no_speech_prob,
                words=None,
                temperature=decoded.temperature,
            )
        )
    offset_s = prepared.request.offset_s
    return [
        replace(segment, start=segment.start + offset_s, end=segment.end + offset_s)
        for segment in restore_speech_timestamps(segments, prepared.speech_chunks, SAMPLE_RATE_HZ)
    ]
