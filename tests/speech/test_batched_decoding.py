"""Encoder windows sized to the audio, and decodes batched across callers (issue 10)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from faster_whisper.transcribe import Segment

from rubrics.loader import load_bank
from rubrics.schema import Question
from speech.batched_decoder import (
    PIECE_MAX_S,
    BatchedDecoder,
    DecodeRequest,
    _aligned_groups,
    _pieces,
    _prepare,
    _speech_chunks,
)
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ
from speech.whisper_recognizer import WhisperRecognizer
from speech.whisper_window import FULL_WINDOW, FULL_WINDOW_FRAMES, WindowPolicy, content_frames
from tests.speech.conftest import speak_16k
from tests.speech.test_whisper_recognizer import words_of
from web.asr_prompt import asr_prompt

# Answers with words no other answer has, so a result handed to the wrong caller shows.
ANSWERS = {
    "Explain dropout. Key terms: dropout, ensemble.": (
        "Dropout randomly zeroes activations during training.",
        {"dropout", "randomly", "training"},
    ),
    "What is the KV cache? Key terms: keys, values, attention, memory.": (
        "The cache stores the keys and values of earlier tokens.",
        {"stores", "keys", "values"},
    ),
    "Why normalise layers?": (
        "Layer normalization keeps activations on a stable scale.",
        {"activations", "stable", "scale"},
    ),
    "Bias and variance. Key terms: bias, variance, underfitting, overfitting, generalisation.": (
        "High bias underfits while high variance overfits.",
        {"bias", "variance"},
    ),
}


def test_windows_round_up_to_buckets_with_a_margin_and_never_exceed_thirty_seconds() -> None:
    policy = WindowPolicy(step_frames=500, margin_frames=100)
    assert policy.frames(0) == 500
    assert policy.frames(350) == 500
    assert policy.frames(401) == 1000, "the margin of padding after the speech is kept"
    assert policy.frames(2950) == FULL_WINDOW_FRAMES
    assert FULL_WINDOW.frames(10) == FULL_WINDOW_FRAMES, "the full window is Whisper's 30 s"


def test_content_frames_finds_where_the_zero_padding_starts() -> None:
    features = np.zeros((80, 3000), dtype=np.float32)
    features[:, :640] = np.random.default_rng(0).normal(size=(80, 640))
    assert content_frames(features) == 640
    batch = np.stack([features, np.zeros_like(features)])
    batch[1, 3, 1200] = 0.5
    assert content_frames(batch) == 1201, "over a batch, the longest content counts"
    assert content_frames(np.zeros((80, 3000), dtype=np.float32)) == 0


def _request(audio: np.ndarray, prompt: str | None, language: str = "en") -> DecodeRequest:
    return DecodeRequest(audio, language, prompt, None, 64, (0.0, 0.4))


def test_a_failing_request_fails_only_its_own_caller_not_the_rest_of_its_batch() -> None:
    release = threading.Event()

    def unbatched(request: DecodeRequest) -> list[Segment]:
        release.wait(5)  # holds the decoder until every request below has queued
        if request.audio.size == 0:
            raise RuntimeError("decoder broke")
        return []

    decoder = BatchedDecoder(model=None, window=WindowPolicy(), unbatched=unbatched)  # type: ignore[arg-type]

    def request(samples: int) -> DecodeRequest:
        audio = np.zeros(samples, dtype=np.float32)
        return DecodeRequest(audio, "en", None, None, 32, (0.0,), alone=True)

    first = decoder.submit(request(16000))
    bad, good = decoder.submit(request(0)), decoder.submit(request(8000))
    release.set()
    assert first.result(timeout=10) == []
    with pytest.raises(RuntimeError, match="decoder broke"):
        bad.result(timeout=10)
    assert good.result(timeout=10) == [], (
        "the other caller in the failed batch still gets its answer"
    )
    decoder.close()


@pytest.mark.models
def test_prompts_of_different_lengths_share_one_generate_call(
    tiny_en: WhisperRecognizer, piper: PiperSynthesizer
) -> None:
    model = tiny_en._model
    audio = speak_16k(piper, "Dropout randomly zeroes activations.")
    requests = [_request(audio, prompt) for prompt in [*ANSWERS, None]]
    prepared = [_prepare(model, r, speech) for r in requests if (speech := _speech_chunks(r))]
    groups = _aligned_groups(list(enumerate(prepared)))
    assert len(groups) == 1, "English prompts are padded to one length"
    positions = {p.prompt.index(p.tokenizer.sot) for _, p in groups[0]}
    assert len(positions) == 1
    # Each prompt still ends with its own question (the padding goes before it).
    for original, (_, padded) in zip(ANSWERS, groups[0], strict=False):
        own = padded.tokenizer.encode(" " + original)
        sot = padded.prompt.index(padded.tokenizer.sot)
        assert padded.prompt[sot - len(own) : sot] == own


@pytest.mark.models
def test_concurrent_callers_are_batched_and_each_gets_its_own_transcript(
    piper: PiperSynthesizer,
) -> None:
    recognizer = WhisperRecognizer("tiny.en")  # its own decoder, so the counts are this test's
    spoken = [(prompt, speak_16k(piper, text), words) for prompt, (text, words) in ANSWERS.items()]
    alone = {prompt: recognizer.transcribe(audio, "en", prompt).text for prompt, audio, _ in spoken}
    assert recognizer.decoder.batches == len(spoken), "one at a time, each decodes alone"
    jobs = spoken * 3
    with ThreadPoolExecutor(len(jobs)) as pool:
        texts = list(pool.map(lambda job: recognizer.transcribe(job[1], "en", job[0]).text, jobs))
    batches = recognizer.decoder.batches - len(spoken)
    assert batches < len(jobs), "callers that queued while the decoder was busy shared a batch"
    for (prompt, _, words), text in zip(jobs, texts, strict=True):
        assert words <= words_of(text), (prompt, text, alone[prompt])
    recognizer.close()


@pytest.mark.models
def test_sized_windows_hear_what_the_full_window_hears(
    tiny_en: WhisperRecognizer, piper: PiperSynthesizer
) -> None:
    full = WhisperRecognizer("tiny.en", window=FULL_WINDOW)
    for prompt, (text, words) in ANSWERS.items():
        audio = speak_16k(piper, text)
        assert words <= words_of(tiny_en.transcribe(audio, "en", prompt).text)
        assert words <= words_of(full.transcribe(audio, "en", prompt).text)
    full.close()


LONG_ANSWER_QUESTION = "cml_feature_selection"
"""Its complete answer, read by piper, is ~46 s: more than one window. Primed with its question
and terms, long-form decoding lost everything between its first and its fourth sentence."""


@pytest.fixture(scope="module")
def long_answer(piper: PiperSynthesizer) -> tuple[np.ndarray, Question]:
    """The answer's audio (synthesised once for the module) and its question."""
    question = load_bank().get(LONG_ANSWER_QUESTION)
    text = " ".join(kp.text.en for kp in question.key_points)
    return speak_16k(piper, text), question


def test_a_long_answer_is_cut_at_its_pauses_into_pieces_that_cover_it(
    long_answer: tuple[np.ndarray, Question],
) -> None:
    audio, _ = long_answer
    pieces = _pieces(_request(audio, None))
    assert len(pieces) >= 3
    assert pieces[0].offset_s == 0.0
    at = 0
    for piece in pieces:
        assert round(piece.offset_s * SAMPLE_RATE_HZ) == at, "pieces follow one another"
        assert piece.audio.size <= (PIECE_MAX_S + 0.5) * SAMPLE_RATE_HZ
        at += piece.audio.size
    assert at == audio.size, "nothing is left out"
    speech_rms = float(np.sqrt(np.mean(audio**2)))
    for piece in pieces[1:]:
        cut = round(piece.offset_s * SAMPLE_RATE_HZ)
        around = audio[cut - 800 : cut + 800]  # 50 ms each side
        assert float(np.sqrt(np.mean(around**2))) < 0.2 * speech_rms, "cut inside a word"


def test_every_sentence_of_an_answer_longer_than_one_window_is_heard(
    tiny_en: WhisperRecognizer, long_answer: tuple[np.ndarray, Question]
) -> None:
    audio, question = long_answer
    assert audio.size > FULL_WINDOW_FRAMES * 160
    transcript = tiny_en.transcribe(audio, "en", asr_prompt(question, "en"))
    heard = words_of(transcript.text)
    for point in question.key_points:
        said = {w for w in words_of(point.text.en) if len(w) > 4}
        assert len(said & heard) >= 0.6 * len(said), (point.id, sorted(said - heard))
    # Words are spread over their segment's span, so they show the segments' timing.
    starts = [word.start_s for word in transcript.words]
    ends = [word.end_s for word in transcript.words]
    assert starts == sorted(starts) and ends[-1] <= audio.size / SAMPLE_RATE_HZ + 0.1
