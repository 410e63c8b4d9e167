"""Chinese voice round trip: how much of each voice's Mandarin whisper base writes back.

Usage: python bench/chinese_voice.py [--lines N] [--styles jf_nezumi,jm_kumo] [--no-espeak]

The candidate must understand the interviewer; whisper base is the stand-in listener. Each voice
speaks the bank's Chinese prompts (every k-th question of the sorted bank, offset from the lines
tests/speech/test_chinese_voice.py uses, so the style is not chosen on the test's lines) and the
character error rate of the transcripts is printed, scored as bench/asr.py scores Chinese, with
the median time to the first sentence's audio and the real-time factor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jiwer
import numpy as np

from bench.asr import normalise_zh
from interviewer.prompts import CLOSINGS, OPENINGS, TRANSITIONS
from rubrics.loader import load_bank
from speech.pcm import pcm16_to_float, to_16k
from speech.types import SpeechSynthesizer
from speech.whisper_recognizer import WhisperRecognizer


def bank_lines(count: int) -> list[str]:
    """`count` Chinese prompts spread over the sorted bank, starting at its second question."""
    questions = sorted(load_bank(), key=lambda q: q.id)
    step = max(1, len(questions) // count)
    return [q.prompt.zh for q in questions[1::step][:count]]


def interviewer_lines() -> list[str]:
    """The lines the tests hold a voice to: the interviewer's Chinese opening, two transitions
    and closing, and four bank questions taken evenly from the sorted bank."""
    questions = sorted(load_bank(), key=lambda q: q.id)
    bank = [q.prompt.zh for q in questions[:: len(questions) // 4][:4]]
    return [OPENINGS["zh"], *TRANSITIONS["zh"][:2], CLOSINGS["zh"], *bank]


def character_error_rate(pairs: list[tuple[str, str]]) -> float:
    """CER of (line, what was heard) pairs, Chinese normalised as bench/asr.py does."""
    references = [normalise_zh(line) for line, _ in pairs]
    return float(jiwer.cer(references, [normalise_zh(heard) for _, heard in pairs]))


def round_trip(
    voice: SpeechSynthesizer, lines: list[str], listener: WhisperRecognizer
) -> tuple[float, float, float]:
    """CER of what `listener` heard, median seconds to the first chunk, real-time factor."""
    heard: list[str] = []
    first_s: list[float] = []
    synth_s = audio_s = 0.0
    for line in lines:
        started = time.perf_counter()
        chunks: list[np.ndarray] = []
        for chunk in voice.synthesize(line):
            if not chunks:
                first_s.append(time.perf_counter() - started)
            chunks.append(pcm16_to_float(chunk.pcm))
        synth_s += time.perf_counter() - started
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        audio_s += audio.size / voice.sample_rate_hz
        heard.append(listener.transcribe(to_16k(audio, voice.sample_rate_hz), "zh").text)
    return (
        character_error_rate(list(zip(lines, heard, strict=True))),
        statistics.median(first_s),
        synth_s / max(audio_s, 1e-9),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=24)
    parser.add_argument("--styles", default="jf_alpha,jf_gongitsune,jf_nezumi,jf_tebukuro,jm_kumo")
    parser.add_argument("--no-espeak", action="store_true")
    args = parser.parse_args()

    from speech.kokoro_synthesizer import KokoroSynthesizer

    lines = bank_lines(args.lines)
    listener = WhisperRecognizer("base")
    voices: list[tuple[str, SpeechSynthesizer]] = [
        (f"kokoro:{style}", KokoroSynthesizer(style=style)) for style in args.styles.split(",")
    ]
    if not args.no_espeak and shutil.which("espeak-ng"):
        from speech.espeak_synthesizer import EspeakSynthesizer

        voices.append(("espeak-ng", EspeakSynthesizer()))
    print(f"lines={len(lines)} chars={sum(len(normalise_zh(x)) for x in lines)}")
    for name, voice in voices:
        cer, first_s, rtf = round_trip(voice, lines, listener)
        print(f"voice={name} cer={cer:.3f} first_audio_s={first_s:.2f} rtf={rtf:.2f}", flush=True)


if __name__ == "__main__":
    main()
