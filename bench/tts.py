"""TTS speed: piper load time, time to first audio and real-time factor over interviewer lines.

Usage: python bench/tts.py [--voice joe|PATH] [--repeats N]

Time to first audio is what the candidate waits for after the interviewer's text is ready: the
first sentence's chunk. RTF is synthesis time over the duration of the audio produced. The
espeak-ng fallback (Chinese) is measured too when the binary is installed. Figures print last.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.espeak_synthesizer import EspeakSynthesizer
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SpeechSynthesizer

EN_LINES = [
    "Welcome to your mock interview. Let's start with machine learning theory.",
    "Can you explain the bias-variance tradeoff, and how it relates to model complexity?",
    "Good. What would you change if your validation loss started rising after epoch three?",
    "You mentioned dropout. How does it behave differently at inference time?",
    "Thanks, that's all for this round. Your report is ready.",
]
ZH_LINES = ["欢迎参加模拟面试。我们先从机器学习理论开始。", "请解释一下偏差和方差的权衡。"]


def measure(
    synthesizer: SpeechSynthesizer, lines: list[str], repeats: int
) -> tuple[float, float, float, float]:
    """Median and worst time to first audio, total synthesis time and total audio seconds."""
    first_audio_s: list[float] = []
    synth_s = audio_s = 0.0
    for _ in range(repeats):
        for line in lines:
            started = time.perf_counter()
            for index, chunk in enumerate(synthesizer.synthesize(line)):
                if index == 0:
                    first_audio_s.append(time.perf_counter() - started)
                audio_s += len(chunk.pcm) / 2 / chunk.sample_rate_hz
            synth_s += time.perf_counter() - started
    return statistics.median(first_audio_s), max(first_audio_s), synth_s, audio_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="joe")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    rows: list[tuple[str, float, float, float, float, float]] = []
    started = time.perf_counter()
    piper = PiperSynthesizer(args.voice)
    load_s = time.perf_counter() - started
    rows.append((f"piper {args.voice}", load_s, *measure(piper, EN_LINES, args.repeats)))
    if shutil.which("espeak-ng"):
        rows.append(("espeak-ng cmn", 0.0, *measure(EspeakSynthesizer(), ZH_LINES, args.repeats)))
    print(f"{'voice':16} {'load_s':>7} {'first_p50_s':>11} {'first_max_s':>11} {'RTF':>6}")
    for name, load, first_p50, first_max, synth_s, audio_s in rows:
        print(f"{name:16} {load:7.2f} {first_p50:11.3f} {first_max:11.3f} {synth_s / audio_s:6.3f}")


if __name__ == "__main__":
    main()
