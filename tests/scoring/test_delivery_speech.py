"""Delivery metrics on real recorded speech (../shared/eval/speech) through the bundled ASR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.scoring import delivery_metrics
from interviewer.scoring.text import tokens

pytestmark = pytest.mark.models

SPEECH = Path(__file__).resolve().parents[3] / "shared" / "eval" / "speech"
# Recognition may split or merge a word or two ("1961" vs "nineteen sixty-one").
WORD_COUNT_TOLERANCE = 0.15


def english_clips() -> list[dict[str, object]]:
    manifest = SPEECH / "manifest.jsonl"
    if not manifest.exists():
        return []
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["lang"] == "en" and float(r["duration_s"]) >= 3][:4]


@pytest.fixture(scope="module")
def recognizer():  # type: ignore[no-untyped-def]
    from speech.whisper_recognizer import WhisperRecognizer

    return WhisperRecognizer("tiny.en", cpu_threads=1)


@pytest.mark.skipif(not english_clips(), reason="../shared/eval/speech is absent")
@pytest.mark.parametrize("clip", english_clips(), ids=lambda c: str(c["audio"]))
def test_word_count_and_pace_of_real_speech(recognizer, clip: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    from speech.pcm import load_audio_file

    audio = load_audio_file(SPEECH / str(clip["audio"]))
    transcript = recognizer.transcribe(audio, "en")
    result = delivery_metrics(transcript, target_time_s=60, language="en")
    expected = len(tokens(str(clip["text"])))
    assert abs(result.units_spoken - expected) <= max(2, WORD_COUNT_TOLERANCE * expected)
    assert result.timed and result.duration_s is not None
    assert result.duration_s <= float(clip["duration_s"]) + 0.5  # type: ignore[arg-type]
    # Read speech runs at roughly 100-220 words per minute.
    assert result.rate_per_min is not None and 80 <= result.rate_per_min <= 260
    assert result.length_verdict == "short"
