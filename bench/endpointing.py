"""When does an answer end? False cut-offs in thinking pauses against the felt reply gap.

    python bench/endpointing.py [--looser-targets 0.05,0.1,0.25] [--folds 5] [--asr-delay-ms 500]

Spoken interview answers (bench/endpointing_answers.py) are synthesized fragment by fragment
(piper `joe` for English, espeak-ng `cmn-latn-pinyin` for Chinese), brought to 16 kHz, and joined
with thinking pauses of 0.5-4 s (log-uniform, seeded, the same at every place) where people stop
to think: after "and", "so", "um", "the other part is", between sentences. A finished answer ends
in 8 s of silence. Low background noise is added so the VAD works on something like a microphone
signal. Audio and transcripts are cached under --cache (gitignored var/).

Each policy runs the real `Endpointer` with the real Silero VAD over every answer in 20 ms
frames. An EndOfTurn before the answer's last word is a false cut-off: it is counted, the
endpointer is reset (the candidate goes on, as a continuation) and feeding goes on; the table
also counts the cut-offs after which the candidate spoke again within 2 s. The felt gap of a
finished answer is the time from its last voiced sample (from the synthesized audio, not the
VAD) to EndOfTurn. Policies using words get the recognizer's text of each fragment (tiny.en, or
whisper base for Chinese) `--asr-delay-ms` after the PauseStarted that starts its decode, like
web/audio_input.py's segment decodes. The smart-turn model comes from the pipecat-ai wheel
(`pip install --no-deps pipecat-ai`); without it those policies are left out.

Fixed trailing silences are compared with fitted policies: a fixed silence, and a short
"finished" silence plus the smart-turn classifier, the words, or both, capped by a longer
silence. Every fitted constant is chosen by cross-validation grouped by answer (fit on the other
folds' answers, replay the held-out ones): only out-of-fold figures are printed, and the
constants fitted on all answers are what would ship. The target is at most 2 % false cut-offs
(`--looser-targets` adds a trade-off table); among the policies meeting it out of fold, the one
with the shortest median felt gap is chosen. Limits: synthetic voices end a sentence the same
way whether or not more follows, and tiny.en often drops a trailing "and", "so" or "um".
Figures are printed last: `false_cutoff_rate=`, `felt_gap_p50_ms=`, `felt_gap_p95_ms=`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.endpointing_answers import CHINESE, ENGLISH
from speech.endpointing import (
    CLASSIFIER_TAIL_MS,
    CLASSIFIER_WINDOW_S,
    EndOfTurn,
    Endpointer,
    EndpointingConfig,
    PauseStarted,
    SpeechResumed,
    TurnClassifier,
)
from speech.pcm import float_to_pcm16, pcm16_to_float, resample
from speech.silero_vad import SileroVad
from speech.turn_words import sounds_unfinished
from speech.types import SAMPLE_RATE_HZ, AudioChunk, FloatAudio, SpeechSynthesizer

SEED = 20261130
PAUSE_RANGE_S = (0.5, 4.0)
LEAD_S = 0.6
END_SILENCE_S = 8.0
NOISE_RMS = 0.002
"""About -54 dBFS of white noise, under speech peaking at 0.3-0.6."""
FRAME_SAMPLES = 320
"""20 ms client frames, as the browser sends them."""
TARGET_FALSE_CUTOFF_RATE = 0.02
VAD_ONSET_LAG_S = 0.3
CONTINUATION_S = 2.0
"""A cut-off after which the candidate speaks again this soon is reported apart: the reply is
barely under way, and the voice loop can take the words as a continuation of the answer."""
WORDS_MATCH_S = 0.35
"""A PauseStarted this close to a fragment's end is the pause after that fragment."""
FIXED_SILENCES_MS = (800, 1000, 1500, 2000, 3000)
DATA_VERSION = 1

FINISHED_SILENCE_GRID_MS = tuple(range(400, 5001, 100))
THRESHOLD_GRID = tuple(round(0.1 * step, 1) for step in range(1, 10))
CAP_GRID_MS = tuple(range(2000, 6001, 250))
FIXED_GRID_MS = tuple(range(500, 6001, 100))


@dataclass(frozen=True)
class Fragment:
    text: str  # what the recognizer should hear (characters for Chinese)
    start: int  # first and one-past-last voiced sample in the answer audio
    end: int


@dataclass(frozen=True)
class SpokenAnswer:
    answer_id: str
    language: str
    audio: FloatAudio
    fragments: tuple[Fragment, ...]

    @property
    def speech_end_s(self) -> float:
        return self.fragments[-1].end / SAMPLE_RATE_HZ

    def pause_kinds(self) -> list[str]:
        return [pause_kind(fragment.text) for fragment in self.fragments[:-1]]


def pause_kind(text: str) -> str:
    """Where the speaker stopped: between sentences, or after which kind of word."""
    stripped = text.rstrip()
    if stripped.endswith((".", "?", "!", "。", "？", "！")):
        return "sentence"
    lowered = stripped.lower()
    if lowered.endswith(("the other part is", "另外一点是", "就是")):
        return "the other part is"
    last = lowered.split()[-1] if lowered.split() else lowered
    if last in {"um", "uh"} or lowered.endswith(("嗯", "那个")):
        return "um"
    if last in {"and", "so"} or lowered.endswith(("和", "还有", "所以", "然后")):
        return last if last in {"and", "so"} else "and/so (zh)"
    return "other mid-sentence"


# --- the data set --------------------------------------------------------------------------


def synthesize_answers(cache: Path) -> list[SpokenAnswer]:
    """Build the answers once (seeded) and keep them under `cache`; later runs load them."""
    path = cache / f"answers-v{DATA_VERSION}-{SEED}.npz"
    if path.is_file():
        return _load_answers(path)
    rng = np.random.default_rng(SEED)
    answers: list[SpokenAnswer] = []
    piper = _piper()
    for index, fragments in enumerate(ENGLISH):
        spoken = [_speak(piper, text) for text in fragments]
        answers.append(_assemble(f"en{index:02d}", "en", list(fragments), spoken, rng))
    espeak = _espeak()
    if espeak is not None:
        for index, pairs in enumerate(CHINESE):
            spoken = [_speak(espeak, pinyin) for _, pinyin in pairs]
            texts = [characters for characters, _ in pairs]
            answers.append(_assemble(f"zh{index:02d}", "zh", texts, spoken, rng))
    cache.mkdir(parents=True, exist_ok=True)
    _save_answers(path, answers)
    return answers


def _piper() -> SpeechSynthesizer:
    from speech.piper_synthesizer import PiperSynthesizer

    return PiperSynthesizer("joe", variation=0.0)


class PinyinVoice:
    """espeak-ng's Mandarin voice reading tone-numbered pinyin (the answers carry their own)."""

    sample_rate_hz = 22_050

    def __init__(self, binary: str) -> None:
        self._binary = binary

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        command = [self._binary, "-v", "cmn-latn-pinyin", "--stdout"]
        result = subprocess.run(command, input=text.encode(), capture_output=True, check=True)
        audio, rate_hz = soundfile.read(io.BytesIO(result.stdout), dtype="float32")
        yield AudioChunk(float_to_pcm16(audio), int(rate_hz))


def _espeak() -> SpeechSynthesizer | None:
    binary = shutil.which("espeak-ng")
    if binary is None:
        print("espeak-ng not found: Chinese answers left out", file=sys.stderr)
        return None
    return PinyinVoice(binary)


def _speak(voice: SpeechSynthesizer, text: str) -> FloatAudio:
    """One fragment at 16 kHz, peak 1, with the voice's own leading/trailing silence cut."""
    audio = np.concatenate([pcm16_to_float(chunk.pcm) for chunk in voice.synthesize(text)])
    audio = resample(audio, voice.sample_rate_hz, SAMPLE_RATE_HZ)
    audio = audio / max(float(np.max(np.abs(audio))), 1e-6)
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    return audio[loud[0] : loud[-1] + 1].astype(np.float32)


def _assemble(
    answer_id: str,
    language: str,
    texts: list[str],
    spoken: list[FloatAudio],
    rng: np.random.Generator,
) -> SpokenAnswer:
    low, high = np.log(PAUSE_RANGE_S[0]), np.log(PAUSE_RANGE_S[1])
    pauses_s = np.exp(rng.uniform(low, high, size=len(spoken) - 1))
    level = rng.uniform(0.3, 0.6)
    parts: list[FloatAudio] = [_silence(LEAD_S)]
    fragments: list[Fragment] = []
    cursor = _silence(LEAD_S).size
    for index, (text, audio) in enumerate(zip(texts, spoken, strict=True)):
        fragments.append(Fragment(text, cursor, cursor + audio.size))
        gap = _silence(pauses_s[index] if index < len(pauses_s) else END_SILENCE_S)
        parts += [audio * level, gap]
        cursor += audio.size + gap.size
    clean = np.concatenate(parts)
    noisy = (clean + rng.normal(0.0, NOISE_RMS, size=clean.size)).astype(np.float32)
    return SpokenAnswer(answer_id, language, noisy, tuple(fragments))


def _silence(seconds: float) -> FloatAudio:
    return np.zeros(round(seconds * SAMPLE_RATE_HZ), dtype=np.float32)


def _save_answers(path: Path, answers: list[SpokenAnswer]) -> None:
    meta = [
        {
            "id": a.answer_id,
            "language": a.language,
            "fragments": [[f.text, f.start, f.end] for f in a.fragments],
        }
        for a in answers
    ]
    contents: dict[str, Any] = {a.answer_id: a.audio for a in answers}
    np.savez_compressed(path, meta=np.array(json.dumps(meta)), **contents)


def _load_answers(path: Path) -> list[SpokenAnswer]:
    with np.load(path) as stored:
        meta = json.loads(str(stored["meta"]))
        return [
            SpokenAnswer(
                item["id"],
                item["language"],
                stored[item["id"]].astype(np.float32),
                tuple(Fragment(text, start, end) for text, start, end in item["fragments"]),
            )
            for item in meta
        ]


def recognized_fragments(answers: list[SpokenAnswer], cache: Path) -> dict[str, list[str]]:
    """What the recognizer makes of each fragment (what the caller could pass as words)."""
    path = cache / f"words-v{DATA_VERSION}-{SEED}.json"
    if path.is_file():
        return dict(json.loads(path.read_text()))
    from speech.whisper_recognizer import WhisperRecognizer

    recognizers = {"en": WhisperRecognizer("tiny.en"), "zh": WhisperRecognizer("base")}
    heard: dict[str, list[str]] = {}
    for answer in answers:
        recognizer = recognizers[answer.language]
        heard[answer.answer_id] = [
            recognizer.transcribe(_fragment_audio(answer, f), answer.language).text
            for f in answer.fragments
        ]
    path.write_text(json.dumps(heard, ensure_ascii=False, indent=1))
    return heard


def _fragment_audio(answer: SpokenAnswer, fragment: Fragment) -> FloatAudio:
    """The fragment as a segment decode would get it: a little before, 0.3 s of pause after."""
    start = max(0, fragment.start - SAMPLE_RATE_HZ // 10)
    return answer.audio[start : fragment.end + round(0.3 * SAMPLE_RATE_HZ)]


# --- policies and replay -------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    name: str
    config: EndpointingConfig
    classifier: bool = False
    words: bool = False


@dataclass(frozen=True)
class FalseCut:
    kind: str  # where the speaker had stopped (pause_kind)
    resumed_after_s: float  # from the EndOfTurn to the next words


@dataclass
class Outcome:
    """One answer under one policy."""

    false_cuts: list[FalseCut] = field(default_factory=list)
    gap_s: float | None = None
    classifier_calls: int = 0


class CachingClassifier:
    """The real classifier, remembering its answer per audio so policies share the work."""

    def __init__(self, inner: TurnClassifier) -> None:
        self._inner = inner
        self._memo: dict[bytes, float] = {}
        self.calls = 0

    def finished_probability(self, audio: FloatAudio) -> float:
        self.calls += 1
        key = hashlib.blake2b(np.ascontiguousarray(audio).tobytes(), digest_size=16).digest()
        if key not in self._memo:
            self._memo[key] = self._inner.finished_probability(audio)
        return self._memo[key]


def replay(
    answer: SpokenAnswer,
    policy: Policy,
    classifier: CachingClassifier | None,
    heard: list[str],
    asr_delay_s: float,
) -> Outcome:
    """Stream the answer through a fresh Endpointer + Silero VAD in 20 ms frames."""
    used = classifier if policy.classifier else None
    endpointer = Endpointer(SileroVad(), policy.config, classifier=used)
    calls_before = classifier.calls if classifier else 0
    outcome = Outcome()
    deliveries: list[tuple[float, str, float]] = []  # (arrival stream time, text, through)
    kinds = answer.pause_kinds()
    for start in range(0, answer.audio.size, FRAME_SAMPLES):
        now_s = start / SAMPLE_RATE_HZ
        while deliveries and deliveries[0][0] <= now_s:
            _, text, through_s = deliveries.pop(0)
            endpointer.hear_words(text, through_s)
        for event in endpointer.feed(answer.audio[start : start + FRAME_SAMPLES]):
            if isinstance(event, PauseStarted) and policy.words:
                index = _fragment_ending_at(answer, event.at_s)
                if index is not None:
                    text = " ".join(heard[: index + 1])
                    deliveries.append((now_s + asr_delay_s, text, now_s))
            if isinstance(event, EndOfTurn):
                if event.at_s >= answer.speech_end_s:
                    outcome.gap_s = event.at_s - answer.speech_end_s
                    break
                outcome.false_cuts.append(_cut_in(answer, kinds, event.at_s))
                endpointer.reset()
                deliveries.clear()
        if outcome.gap_s is not None:
            break
    if classifier is not None:
        outcome.classifier_calls = classifier.calls - calls_before
    return outcome


def _fragment_ending_at(answer: SpokenAnswer, at_s: float) -> int | None:
    for index, fragment in enumerate(answer.fragments):
        if abs(fragment.end / SAMPLE_RATE_HZ - at_s) <= WORDS_MATCH_S:
            return index
    return None


def _cut_in(answer: SpokenAnswer, kinds: list[str], at_s: float) -> FalseCut:
    """The thinking pause an EndOfTurn fell in: the VAD hears the next words up to a few
    windows late, so an end decided just after they start still cut that pause."""
    sample = at_s * SAMPLE_RATE_HZ
    for index, kind in enumerate(kinds):
        resume = answer.fragments[index + 1].start
        if answer.fragments[index].end <= sample < resume + VAD_ONSET_LAG_S * SAMPLE_RATE_HZ:
            return FalseCut(kind, max(0.0, resume / SAMPLE_RATE_HZ - at_s))
    return FalseCut("within speech", 0.0)


# --- fitting on pause traces ---------------------------------------------------------------


@dataclass(frozen=True)
class Traces:
    """Every pause the VAD saw (>= pause_hint_ms), one row each, for fast policy sweeps."""

    answer: np.ndarray  # answer index
    silence_ms: np.ndarray  # length of the pause (inf for the final silence)
    final: np.ndarray  # the pause after the last word
    probability: np.ndarray  # classifier's "finished" at the pause
    unfinished: np.ndarray  # the words so far stop mid-sentence
    words_at_ms: np.ndarray  # silence at which the words arrive (inf: never)
    gap_offset_ms: np.ndarray  # for final rows: VAD's last voiced - true end of speech
    pauses: np.ndarray  # labelled thinking pauses per answer


def trace(
    answers: Sequence[SpokenAnswer],
    classifier: TurnClassifier | None,
    heard: dict[str, list[str]],
    asr_delay_s: float,
) -> Traces:
    base = EndpointingConfig(trailing_silence_ms=600_000, finished_silence_ms=600_000)
    rows: list[tuple[int, float, bool, float, bool, float, float]] = []
    for number, answer in enumerate(answers):
        endpointer = Endpointer(SileroVad(), base)
        events = []
        for start in range(0, answer.audio.size, FRAME_SAMPLES):
            now_s = start / SAMPLE_RATE_HZ
            found = endpointer.feed(answer.audio[start : start + FRAME_SAMPLES])
            events += [(now_s, event) for event in found]
        speech_start = endpointer.answer_start_s or 0.0
        for position, (fired_s, event) in enumerate(events):
            if not isinstance(event, PauseStarted):
                continue
            resumed = next((e for _, e in events[position:] if isinstance(e, SpeechResumed)), None)
            last_voiced = event.at_s
            index = _fragment_ending_at(answer, last_voiced)
            final = resumed is None
            silence_ms = np.inf if resumed is None else (resumed.at_s - last_voiced) * 1000.0
            lo = round(speech_start * SAMPLE_RATE_HZ)
            window = round(CLASSIFIER_WINDOW_S * SAMPLE_RATE_HZ)
            hi = round((last_voiced + CLASSIFIER_TAIL_MS / 1000) * SAMPLE_RATE_HZ)
            heard_audio = answer.audio[lo:hi][-window:]
            probability = classifier.finished_probability(heard_audio) if classifier else 0.0
            words = " ".join(heard[answer.answer_id][: index + 1]) if index is not None else None
            unfinished = words is not None and sounds_unfinished(words)
            words_at = np.inf if words is None else (fired_s + asr_delay_s - last_voiced) * 1e3
            offset = (last_voiced - answer.speech_end_s) * 1000.0
            rows.append((number, silence_ms, final, probability, unfinished, words_at, offset))
    columns = list(zip(*rows, strict=True))
    return Traces(
        answer=np.array(columns[0]),
        silence_ms=np.array(columns[1], dtype=float),
        final=np.array(columns[2], dtype=bool),
        probability=np.array(columns[3], dtype=float),
        unfinished=np.array(columns[4], dtype=bool),
        words_at_ms=np.array(columns[5], dtype=float),
        gap_offset_ms=np.array(columns[6], dtype=float),
        pauses=np.array([len(a.fragments) - 1 for a in answers]),
    )


@dataclass(frozen=True)
class Family:
    """A kind of policy and the grid its constants are fitted on."""

    name: str
    classifier: bool
    words: bool

    def grid(self) -> Iterable[tuple[int, float, int]]:
        """(finished_silence_ms, finished_threshold, trailing_silence_ms) candidates."""
        if not self.classifier and not self.words:
            return [(cap, 0.5, cap) for cap in FIXED_GRID_MS]
        thresholds = THRESHOLD_GRID if self.classifier else (0.5,)
        return [
            (short, threshold, cap)
            for short in FINISHED_SILENCE_GRID_MS
            for threshold in thresholds
            for cap in CAP_GRID_MS
            if short < cap
        ]

    def policy(self, constants: tuple[int, float, int]) -> Policy:
        short, threshold, cap = constants
        config = EndpointingConfig(
            trailing_silence_ms=cap, finished_silence_ms=short, finished_threshold=threshold
        )
        label = f"{self.name} ({short}/{cap} ms" + (f", p>={threshold}" if self.classifier else "")
        return Policy(label + ")", config, classifier=self.classifier, words=self.words)


FAMILIES = (
    Family("fixed, fitted", classifier=False, words=False),
    Family("smart-turn + cap", classifier=True, words=False),
    Family("words + cap", classifier=False, words=True),
    Family("smart-turn + words + cap", classifier=True, words=True),
)


def simulate(
    traces: Traces, rows: np.ndarray, family: Family, constants: tuple[int, float, int]
) -> tuple[float, float]:
    """(false cut-off rate, mean felt gap ms) of a policy on the selected trace rows."""
    short, threshold, cap = constants
    silence = traces.silence_ms[rows]
    words_at = traces.words_at_ms[rows]
    unfinished = traces.unfinished[rows]
    end_at = np.full(silence.shape, float(cap))
    if family.classifier or family.words:
        words_known = words_at <= short
        if family.classifier:
            open_by_words = words_known & unfinished if family.words else np.zeros_like(unfinished)
            finished = (traces.probability[rows] >= threshold) & ~open_by_words
            end_at = np.where(finished, float(short), end_at)
        else:
            finished_at = np.maximum(words_at, short)
            finished = np.isfinite(words_at) & ~unfinished & (finished_at < cap)
            end_at = np.where(finished, finished_at, end_at)
    final = traces.final[rows]
    cut = ~final & (silence >= end_at)
    labelled = traces.pauses[np.unique(traces.answer[rows])].sum()
    gaps = traces.gap_offset_ms[rows][final] + end_at[final]
    return float(cut.sum() / max(labelled, 1)), float(gaps.mean())


def fit(
    traces: Traces, rows: np.ndarray, family: Family, target: float
) -> tuple[tuple[int, float, int], bool]:
    """The constants with the shortest mean felt gap among those within the target rate of
    false cut-offs, and whether any was; when none is, the one with the fewest."""
    scored = [(simulate(traces, rows, family, c), c) for c in family.grid()]
    within = [(gap, c) for (rate, gap), c in scored if rate <= target]
    if within:
        return min(within)[1], True
    return min(scored, key=lambda item: (item[0][0], item[0][1]))[1], False


def folds_of(count: int, folds: int) -> list[np.ndarray]:
    order = np.random.default_rng(SEED).permutation(count)
    return [np.sort(order[fold::folds]) for fold in range(folds)]


# --- reporting -----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    outcomes: list[tuple[SpokenAnswer, Outcome]]
    constants: str = ""
    fitted_for: float | None = None  # the false cut-off target its constants were fitted to

    def pauses(self) -> int:
        return sum(len(a.fragments) - 1 for a, _ in self.outcomes)

    def false_cuts(self) -> list[FalseCut]:
        return [cut for _, o in self.outcomes for cut in o.false_cuts]

    def rate(self) -> float:
        return len(self.false_cuts()) / self.pauses()

    def gaps_ms(self) -> np.ndarray:
        return np.array([o.gap_s * 1000 for _, o in self.outcomes if o.gap_s is not None])

    def row(self) -> str:
        gaps = self.gaps_ms()
        cuts = self.false_cuts()
        soon = sum(cut.resumed_after_s <= CONTINUATION_S for cut in cuts)
        cut_answers = sum(1 for _, o in self.outcomes if o.false_cuts)
        calls = sum(o.classifier_calls for _, o in self.outcomes)
        return (
            f"{self.name:<34} {len(cuts):>4}/{self.pauses():<4} {100 * self.rate():>5.1f}% "
            f"{soon:>6} {cut_answers:>4}/{len(self.outcomes):<3} "
            f"{np.percentile(gaps, 50):>6.0f} {np.percentile(gaps, 95):>6.0f} {calls:>6}"
        )

    def by_kind(self, kinds: Sequence[str]) -> str:
        labelled = Counter(kind for a, _ in self.outcomes for kind in a.pause_kinds())
        cut = Counter(c.kind for c in self.false_cuts())
        cells = [f"{cut[k]:>3}/{labelled[k]:<3}" for k in kinds]
        return f"{self.name:<34} " + " ".join(
            f"{c:>{max(9, len(k))}}" for c, k in zip(cells, kinds, strict=True)
        )


def run_policy(
    name: str,
    answers: Iterable[tuple[SpokenAnswer, Policy]],
    classifier: CachingClassifier | None,
    heard: dict[str, list[str]],
    asr_delay_s: float,
) -> Result:
    outcomes = [
        (answer, replay(answer, policy, classifier, heard[answer.answer_id], asr_delay_s))
        for answer, policy in answers
    ]
    return Result(name, outcomes)


def cross_validated(
    traces: Traces,
    answers: list[SpokenAnswer],
    folds: list[np.ndarray],
    family: Family,
    target: float,
) -> tuple[list[tuple[SpokenAnswer, Policy]], str]:
    """Each held-out answer with the policy fitted on the other folds, and the constants
    fitted on all answers (what would ship)."""
    plan: list[tuple[SpokenAnswer, Policy]] = []
    per_fold: list[str] = []
    for held_out in folds:
        train = np.flatnonzero(~np.isin(traces.answer, held_out))
        constants, met = fit(traces, train, family, target)
        policy = family.policy(constants)
        per_fold.append(policy.name.split("(")[-1].rstrip(")") + ("" if met else " (missed)"))
        plan += [(answers[i], policy) for i in held_out]
    constants, met = fit(traces, np.arange(len(traces.answer)), family, target)
    shipped = family.policy(constants).name + ("" if met else " [target missed in fit]")
    print(f"{family.name} <={100 * target:.0f}%: folds {per_fold}; all answers: {shipped}")
    return plan, shipped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("var/bench/endpointing"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--asr-delay-ms", type=float, default=500.0)
    parser.add_argument("--smart-turn-model", type=Path, default=None)
    parser.add_argument(
        "--looser-targets",
        type=lambda text: [float(v) for v in text.split(",") if v],
        default=[],
        help="also fit for these false cut-off rates, e.g. 0.05,0.1,0.25 (a trade-off table)",
    )
    args = parser.parse_args(argv)
    from speech.errors import ModelNotFoundError
    from speech.smart_turn import SmartTurnClassifier

    answers = synthesize_answers(args.cache)
    heard = recognized_fragments(answers, args.cache)
    try:
        classifier: CachingClassifier | None = CachingClassifier(
            SmartTurnClassifier(args.smart_turn_model)
        )
    except ModelNotFoundError as error:
        print(f"{error}: smart-turn policies left out (pip install --no-deps pipecat-ai)")
        classifier = None
    delay_s = args.asr_delay_ms / 1000.0
    kinds_count = Counter(kind for a in answers for kind in a.pause_kinds())
    print(
        f"answers={len(answers)} ({sum(a.language == 'zh' for a in answers)} Chinese) "
        f"thinking_pauses={sum(kinds_count.values())} by kind: {dict(kinds_count)}"
    )
    traces = trace(answers, classifier, heard, delay_s)
    results = [
        run_policy(
            f"fixed {ms} ms",
            (
                (a, Policy(f"fixed {ms}", EndpointingConfig(trailing_silence_ms=ms)))
                for a in answers
            ),
            classifier,
            heard,
            delay_s,
        )
        for ms in FIXED_SILENCES_MS
    ]
    folds = folds_of(len(answers), args.folds)
    for target in (TARGET_FALSE_CUTOFF_RATE, *args.looser_targets):
        for family in (f for f in FAMILIES if classifier or not f.classifier):
            plan, constants = cross_validated(traces, answers, folds, family, target)
            label = f"{family.name} <={100 * target:.0f}% [CV]"
            result = run_policy(label, plan, classifier, heard, delay_s)
            result.constants = constants
            result.fitted_for = target
            results.append(result)
    print(
        f"\n{'policy':<34} {'false cut-offs':>16} {'≤' + str(CONTINUATION_S) + 's':>6} "
        f"{'answers':>8} {'p50 ms':>6} {'p95 ms':>6} {'calls':>6}"
    )
    for result in results:
        print(result.row())
    kinds = [*sorted(kinds_count, key=lambda k: -kinds_count[k]), "within speech"]
    print(
        f"\nfalse cut-offs by pause kind\n{'policy':<34} "
        + " ".join(f"{k:>{max(9, len(k))}}" for k in kinds)
    )
    for result in results:
        print(result.by_kind(kinds))
    primary = [r for r in results if r.fitted_for in (None, TARGET_FALSE_CUTOFF_RATE)]
    meeting = [r for r in primary if r.rate() <= TARGET_FALSE_CUTOFF_RATE]
    chosen = min(meeting or primary, key=lambda r: float(np.percentile(r.gaps_ms(), 50)))
    print(f"\nchosen: {chosen.name}; ship: {chosen.constants or chosen.name}")
    gaps = chosen.gaps_ms()
    print(f"false_cutoff_rate={chosen.rate():.4f}")
    print(f"felt_gap_p50_ms={np.percentile(gaps, 50):.0f}")
    print(f"felt_gap_p95_ms={np.percentile(gaps, 95):.0f}")


if __name__ == "__main__":
    main()
