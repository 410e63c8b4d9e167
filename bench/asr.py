"""ASR accuracy and speed: WER (English), CER (Mandarin) and real-time factor per model.

Usage: python bench/asr.py [--data DIR] [--threads N]

Runs on ../shared/eval/speech (manifest.jsonl: audio, text, lang) with and without prompt priming
(a generic prompt there, since the clips answer no question), and on technical answers synthesised
with the bundled piper voice, primed with the question and its key terms as Viva does in an
interview. English is scored after Whisper-style normalisation (case, punctuation, digits as
words, common titles), Mandarin after Traditional->Simplified conversion and removing punctuation
and spaces. Figures are printed last.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import jiwer
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.chinese import to_simplified
from speech.pcm import load_audio_file, pcm16_to_float, to_16k
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from speech.whisper_recognizer import WhisperRecognizer

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "speech"
GENERIC_PROMPT = {
    "en": "The following is a clear recording of a person speaking English.",
    "zh": "以下是普通话的句子。",
}
TECHNICAL_ANSWERS = [
    (
        "Explain the bias-variance tradeoff. Key terms: bias, variance, underfitting, overfitting.",
        "Bias is error from wrong assumptions in the model and variance is sensitivity to the "
        "training data. High bias underfits while high variance overfits.",
    ),
    (
        "How does dropout regularize a network? Key terms: dropout, co-adaptation, ensemble.",
        "Dropout randomly zeroes activations during training, which prevents co-adaptation of "
        "neurons and acts like an ensemble of thinned networks.",
    ),
    (
        "Why use layer normalization in transformers? Key terms: LayerNorm, residual, gradient.",
        "Layer normalization keeps activations on a stable scale across the residual stream, "
        "so gradients flow well and training is less sensitive to the learning rate.",
    ),
    (
        "What is the KV cache in LLM inference? Key terms: KV cache, attention, decoding, memory.",
        "The KV cache stores the keys and values of previous tokens so each decoding step only "
        "computes attention for the new token, trading memory for speed.",
    ),
]
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TITLES = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint"}


def _number_words(number: int) -> str:
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return _TEENS[number - 10]
    tens, unit = divmod(number, 10)
    return _TENS[tens] + ("" if unit == 0 else " " + _DIGITS[unit])


def normalise_en(text: str) -> str:
    """Lower case, numbers 0-99 as words, titles spelled out, punctuation removed."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"\b\d{1,2}\b", lambda m: _number_words(int(m.group())), text)
    text = re.sub(r"[^\w\s']", " ", text).replace("'", "")
    return " ".join(_TITLES.get(word, word) for word in text.split())


def normalise_zh(text: str) -> str:
    """Simplified characters only: punctuation, symbols and spaces removed."""
    simplified = to_simplified(text)
    return "".join(c for c in simplified if not unicodedata.category(c).startswith(("P", "Z", "S")))


@dataclass
class Condition:
    model: str
    language: str
    data_set: str
    primed: bool
    references: list[str] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)
    audio_s: float = 0.0
    decode_s: float = 0.0

    def error_rate(self) -> float:
        if self.language == "zh":
            return float(jiwer.cer(self.references, self.hypotheses))
        return float(jiwer.wer(self.references, self.hypotheses))


@dataclass(frozen=True)
class Clip:
    name: str
    audio: FloatAudio
    reference: str
    language: str
    prompt: str | None


def load_eval_clips(data_dir: Path) -> list[Clip]:
    rows = [json.loads(line) for line in (data_dir / "manifest.jsonl").read_text().splitlines()]
    return [
        Clip(row["audio"], load_audio_file(data_dir / row["audio"]), row["text"], row["lang"], None)
        for row in rows
        if row
    ]


def synthesise_answers() -> list[Clip]:
    """Piper is stochastic, so each answer is synthesised once and reused for every condition."""
    piper = PiperSynthesizer("joe")
    clips = []
    for index, (prompt, answer) in enumerate(TECHNICAL_ANSWERS):
        audio = np.concatenate([pcm16_to_float(c.pcm) for c in piper.synthesize(answer)])
        clips.append(
            Clip(f"piper_{index}", to_16k(audio, piper.sample_rate_hz), answer, "en", prompt)
        )
    return clips


def run_condition(recognizer: WhisperRecognizer, clips: list[Clip], condition: Condition) -> None:
    normalise = normalise_zh if condition.language == "zh" else normalise_en
    for clip in clips:
        prompt = (clip.prompt or GENERIC_PROMPT[clip.language]) if condition.primed else None
        started = time.perf_counter()
        text = recognizer.transcribe(clip.audio, clip.language, prompt=prompt).text
        condition.decode_s += time.perf_counter() - started
        condition.audio_s += clip.audio.size / SAMPLE_RATE_HZ
        reference, hypothesis = normalise(clip.reference), normalise(text)
        condition.references.append(reference)
        condition.hypotheses.append(hypothesis)
        if reference != hypothesis:
            tag = "primed" if condition.primed else "plain"
            print(f"  [{condition.model} {tag}] {clip.name}: {hypothesis!r} (ref {reference!r})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    eval_clips = load_eval_clips(args.data) if (args.data / "manifest.jsonl").is_file() else []
    if not eval_clips:
        print(f"no manifest at {args.data}: measuring synthesised answers only")
    answers = synthesise_answers()
    plan = [
        ("tiny.en", "en", "eval", [c for c in eval_clips if c.language == "en"]),
        ("tiny.en", "en", "piper-tech", answers),
        ("base", "en", "eval", [c for c in eval_clips if c.language == "en"]),
        ("base", "en", "piper-tech", answers),
        ("base", "zh", "eval", [c for c in eval_clips if c.language == "zh"]),
    ]
    results: list[Condition] = []
    recognizers: dict[str, WhisperRecognizer] = {}
    for model, language, data_set, clips in plan:
        if not clips:
            continue
        if model not in recognizers:
            started = time.perf_counter()
            recognizers[model] = WhisperRecognizer(model, cpu_threads=args.threads)
            print(f"{model}: loaded in {time.perf_counter() - started:.2f} s")
        for primed in (False, True):
            condition = Condition(model, language, data_set, primed)
            run_condition(recognizers[model], clips, condition)
            results.append(condition)
    print_table(results)


def print_table(results: list[Condition]) -> None:
    print()
    print(
        f"{'model':8} {'lang':4} {'set':11} {'prompt':6} {'clips':>5} {'audio_s':>8} "
        f"{'metric':6} {'error':>7} {'RTF':>6}"
    )
    for c in results:
        metric = "CER" if c.language == "zh" else "WER"
        print(
            f"{c.model:8} {c.language:4} {c.data_set:11} {'yes' if c.primed else 'no':6} "
            f"{len(c.references):5d} {c.audio_s:8.1f} {metric:6} {c.error_rate():7.2%} "
            f"{c.decode_s / c.audio_s:6.3f}"
        )


if __name__ == "__main__":
    main()
