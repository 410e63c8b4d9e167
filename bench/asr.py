"""ASR accuracy and speed: WER (English), CER (Mandarin), prompt echoes and real-time factor.

Usage: python bench/asr.py [--data DIR] [--threads N] [--zh-only | --long-only]
                          [--window sized|full] [--batch N]

`--window full` decodes with Whisper's fixed 30 s encoder window (as before issue 10) instead of
the window sized to the audio; `--batch N` sends N clips at a time from N threads, so they are
decoded in shared batches with their prompts aligned, as concurrent interviews are (the RTF is
then the batch's wall time over its audio).

English: tiny.en and base on ../shared/eval/speech (manifest.jsonl: audio, text, lang) with and
without a generic prompt, and on technical answers synthesised with the bundled piper voice,
primed with the question and its key terms as Viva does in an interview; and on the bank's
longest complete answers read by piper (`long-answers`, about 140 s each: several windows).

Mandarin: whisper base under each prompt policy a Chinese interview could use:
  none      no prompt;
  question  the question's Chinese text as `initial_prompt` (what Viva did before issue 7);
  neutral   a fixed simplified-Chinese sentence (`NEUTRAL_ZH_PROMPT`), no question words;
  hotwords  the question's key terms as faster-whisper `hotwords`, no prompt;
  viva      whatever `web.asr_prompt.asr_prompt` returns now.
on two sets: the real Mandarin recordings of ../shared/eval/speech (each paired with a bank
question, since the clips answer none: the prompt is as unrelated to the words as a wrong guess
would be), and rubric key points read by the bundled Chinese voice as answers to their own
question (robotic audio, where Whisper echoes its prompt most). `echo` counts transcripts that
still hold a run of `ECHO_CHARS` characters of the question after Viva's clean-up: the candidate
would be credited for words the interviewer said.

English is scored after Whisper-style normalisation (case, punctuation, digits as words, common
titles), Mandarin after Traditional->Simplified conversion, numbers read as Chinese numerals
("10" and "十" are the same words) and removing punctuation and spaces. Figures are printed last:
per clip for the real Mandarin recordings, then per condition. On the robotic voice the figures
move by up to 10 points from run to run (`none` and `viva` are the same policy there): Whisper's
fallback temperature samples when greedy decoding fails, as it often does on that audio.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jiwer
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rubrics.loader import load_bank
from rubrics.schema import Question
from speech.chinese import to_simplified
from speech.chinese_numbers import numbers_to_chinese
from speech.espeak_synthesizer import EspeakSynthesizer
from speech.pcm import load_audio_file, pcm16_to_float, to_16k
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio, SpeechSynthesizer
from speech.whisper_recognizer import WhisperRecognizer
from speech.whisper_window import FULL_WINDOW
from web.asr_prompt import asr_prompt

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "speech"
GENERIC_EN_PROMPT = "The following is a clear recording of a person speaking English."
NEUTRAL_ZH_PROMPT = "以下是普通话的句子。"
ECHO_CHARS = 6
ZH_ANSWERS = 8
LONG_ANSWERS = 6
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


@dataclass(frozen=True)
class Priming:
    """What one policy passes to the recognizer."""

    prompt: str | None = None
    hotwords: str | None = None


ZhPolicy = Callable[[Question], Priming]
ZH_POLICIES: dict[str, ZhPolicy] = {
    "none": lambda q: Priming(),
    "question": lambda q: Priming(prompt=q.prompt.zh),
    "neutral": lambda q: Priming(prompt=NEUTRAL_ZH_PROMPT),
    "hotwords": lambda q: Priming(hotwords=", ".join(q.priming_terms())),
    "viva": lambda q: Priming(prompt=asr_prompt(q, "zh")),
}


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
    """Simplified characters, numbers as Chinese numerals, lower case; punctuation, symbols and
    spaces removed."""
    simplified = numbers_to_chinese(to_simplified(text)).lower()
    return "".join(c for c in simplified if not unicodedata.category(c).startswith(("P", "Z", "S")))


def character_error_rate(reference: str, hypothesis: str) -> float:
    """CER after `normalise_zh` (what the README's figures and the round-trip tests use)."""
    return float(jiwer.cer(normalise_zh(reference), normalise_zh(hypothesis)))


@dataclass(frozen=True)
class Clip:
    name: str
    audio: FloatAudio
    reference: str
    language: str
    question: Question | None = None
    en_prompt: str | None = None


@dataclass
class Condition:
    model: str
    language: str
    data_set: str
    policy: str
    references: list[str] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)
    per_clip: dict[str, float] = field(default_factory=dict)
    echoes: int = 0
    audio_s: float = 0.0
    decode_s: float = 0.0

    def error_rate(self) -> float:
        if self.language == "zh":
            return float(jiwer.cer(self.references, self.hypotheses))
        return float(jiwer.wer(self.references, self.hypotheses))


def load_eval_clips(data_dir: Path, questions: list[Question]) -> list[Clip]:
    rows = [json.loads(line) for line in (data_dir / "manifest.jsonl").read_text().splitlines()]
    clips, zh_index = [], 0
    for row in (r for r in rows if r):
        question = None
        if row["lang"] == "zh":
            question, zh_index = questions[zh_index % len(questions)], zh_index + 1
        audio = load_audio_file(data_dir / row["audio"])
        clips.append(Clip(row["audio"], audio, row["text"], row["lang"], question))
    return clips


def spoken(voice: SpeechSynthesizer, text: str) -> FloatAudio:
    audio = np.concatenate([pcm16_to_float(c.pcm) for c in voice.synthesize(text)])
    return to_16k(audio, voice.sample_rate_hz)


def synthesise_en_answers() -> list[Clip]:
    """Piper is stochastic, so each answer is synthesised once and reused for every condition."""
    piper = PiperSynthesizer("joe")
    return [
        Clip(f"piper_{i}", spoken(piper, answer), answer, "en", en_prompt=prompt)
        for i, (prompt, answer) in enumerate(TECHNICAL_ANSWERS)
    ]


def synthesise_long_answers(questions: list[Question]) -> list[Clip]:
    """The `LONG_ANSWERS` longest complete answers of the bank (every key point in order), read
    by the bundled piper voice and primed as Viva primes them: about 140 s each, several
    Whisper windows, so they show whether a long answer is heard whole."""
    piper = PiperSynthesizer("joe")
    answers = {q.id: " ".join(kp.text.en for kp in q.key_points) for q in questions}
    longest = sorted(questions, key=lambda q: -len(answers[q.id].split()))[:LONG_ANSWERS]
    return [
        Clip(q.id, spoken(piper, answers[q.id]), answers[q.id], "en", q, asr_prompt(q, "en"))
        for q in longest
    ]


def synthesise_zh_answers(questions: list[Question]) -> list[Clip]:
    """Each question's first key point, in Chinese, read by the bundled Chinese voice."""
    voice = EspeakSynthesizer()
    return [
        Clip(q.id, spoken(voice, q.key_points[0].text.zh), q.key_points[0].text.zh, "zh", q)
        for q in questions
    ]


def priming(clip: Clip, policy: str) -> Priming:
    if clip.language == "zh":
        assert clip.question is not None
        return ZH_POLICIES[policy](clip.question)
    if policy == "none":
        return Priming()
    return Priming(prompt=clip.en_prompt or GENERIC_EN_PROMPT)


def run_condition(
    recognizer: WhisperRecognizer, clips: list[Clip], condition: Condition, batch: int = 1
) -> None:
    normalise = normalise_zh if condition.language == "zh" else normalise_en

    def heard(clip: Clip) -> str:
        primed = priming(clip, condition.policy)
        return recognizer.transcribe(
            clip.audio, clip.language, prompt=primed.prompt, hotwords=primed.hotwords
        ).text

    texts: list[str] = []
    with ThreadPoolExecutor(max(1, batch)) as pool:
        for at in range(0, len(clips), max(1, batch)):
            started = time.perf_counter()
            texts += list(pool.map(heard, clips[at : at + max(1, batch)]))
            condition.decode_s += time.perf_counter() - started
    for clip, text in zip(clips, texts, strict=True):
        condition.audio_s += clip.audio.size / SAMPLE_RATE_HZ
        reference, hypothesis = normalise(clip.reference), normalise(text)
        condition.references.append(reference)
        condition.hypotheses.append(hypothesis)
        if clip.language == "zh":
            condition.per_clip[clip.name] = float(jiwer.cer(reference, hypothesis))
            if clip.question and _echoes(hypothesis, normalise_zh(clip.question.prompt.zh)):
                condition.echoes += 1
        if reference != hypothesis:
            tag = f"{condition.model} {condition.data_set} {condition.policy}"
            print(f"  [{tag}] {clip.name}: {hypothesis!r} (ref {reference!r})")


def _echoes(hypothesis: str, question: str) -> bool:
    """True when the hypothesis holds `ECHO_CHARS` consecutive characters of the question."""
    return any(
        question[i : i + ECHO_CHARS] in hypothesis for i in range(len(question) - ECHO_CHARS + 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--zh-only", action="store_true", help="only the Mandarin conditions")
    parser.add_argument("--long-only", action="store_true", help="only the long English answers")
    parser.add_argument("--window", choices=("sized", "full"), default="sized")
    parser.add_argument("--batch", type=int, default=1, help="clips decoded at once")
    args = parser.parse_args()
    questions = sorted(load_bank(), key=lambda q: q.id)
    eval_questions = questions[:: max(1, len(questions) // 4)]
    has_manifest = (args.data / "manifest.jsonl").is_file()
    eval_clips = load_eval_clips(args.data, eval_questions) if has_manifest else []
    if not eval_clips:
        print(f"no manifest at {args.data}: measuring synthesised answers only")
    zh_eval = [c for c in eval_clips if c.language == "zh"]
    en_eval = [c for c in eval_clips if c.language == "en"]
    plan: list[tuple[str, str, str, list[Clip], tuple[str, ...]]] = []
    if not args.zh_only and not args.long_only:
        en_answers = synthesise_en_answers()
        plan = [
            ("tiny.en", "en", "eval", en_eval, ("none", "primed")),
            ("tiny.en", "en", "piper-tech", en_answers, ("none", "primed")),
            ("base", "en", "eval", en_eval, ("none", "primed")),
            ("base", "en", "piper-tech", en_answers, ("none", "primed")),
        ]
    if not args.zh_only:
        long_answers = synthesise_long_answers(questions)
        plan += [
            ("tiny.en", "en", "long-answers", long_answers, ("primed",)),
            ("base", "en", "long-answers", long_answers, ("primed",)),
        ]
    if not args.long_only:
        zh_answers = synthesise_zh_answers(questions[:: max(1, len(questions) // ZH_ANSWERS)])
        plan += [
            ("base", "zh", "eval", zh_eval, tuple(ZH_POLICIES)),
            ("base", "zh", "voice-answers", zh_answers, tuple(ZH_POLICIES)),
        ]
    results: list[Condition] = []
    recognizers: dict[str, WhisperRecognizer] = {}
    for model, language, data_set, clips, policies in plan:
        if not clips:
            continue
        if model not in recognizers:
            started = time.perf_counter()
            window = FULL_WINDOW if args.window == "full" else None
            recognizers[model] = WhisperRecognizer(model, cpu_threads=args.threads, window=window)
            print(f"{model}: loaded in {time.perf_counter() - started:.2f} s")
        for policy in policies:
            condition = Condition(model, language, data_set, policy)
            run_condition(recognizers[model], clips, condition, args.batch)
            results.append(condition)
    print_per_clip([c for c in results if c.language == "zh" and c.data_set == "eval"])
    print_table(results)


def print_per_clip(results: list[Condition]) -> None:
    if not results:
        return
    print()
    print(f"{'Mandarin clip (CER)':36} " + " ".join(f"{c.policy:>9}" for c in results))
    for name in results[0].per_clip:
        print(f"{name:36} " + " ".join(f"{c.per_clip[name]:9.1%}" for c in results))


def print_table(results: list[Condition]) -> None:
    print()
    print(
        f"{'model':8} {'lang':4} {'set':13} {'prompt':8} {'clips':>5} {'audio_s':>8} "
        f"{'metric':6} {'error':>7} {'echo':>4} {'RTF':>6}"
    )
    for c in results:
        metric = "CER" if c.language == "zh" else "WER"
        echo = str(c.echoes) if c.language == "zh" else "-"
        print(
            f"{c.model:8} {c.language:4} {c.data_set:13} {c.policy:8} "
            f"{len(c.references):5d} {c.audio_s:8.1f} {metric:6} {c.error_rate():7.2%} "
            f"{echo:>4} {c.decode_s / c.audio_s:6.3f}"
        )


if __name__ == "__main__":
    main()
