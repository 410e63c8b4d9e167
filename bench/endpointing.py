"""When does an answer end? Cut-offs in thinking pauses, the continuations that recover them,
and the felt reply gap.

    python bench/endpointing.py [--continuation-window-ms 2000] [--reply-latency-ms 150]
        [--looser-targets 0.05,0.1,0.25] [--folds 5] [--asr-delay-ms 500]

What the data is: 50 interview answers written for this bench (bench/endpointing_answers.py; 44
English, 6 Chinese), synthesized fragment by fragment by one synthetic voice each (piper `joe`
for English, espeak-ng `cmn-latn-pinyin` for Chinese), brought to 16 kHz and joined with
thinking pauses of 0.5-4 s (log-uniform, seeded, the same at every place) where people stop to
think: after "and", "so", "um", "the other part is", between sentences. A finished answer ends in
8 s of silence; low white noise is added so the VAD works on something like a microphone signal.
No real candidate is in it: the pauses are drawn, not observed, a synthetic voice ends a sentence
the same way whether or not more follows, and tiny.en often drops a trailing "and", "so" or "um";
the figures rank policies on this set, they do not predict the rates real people will meet.
The unrecovered rate in particular is bounded by the drawn pauses: none is longer than 4 s, so
a cut-off after S ms of silence is always heard again within about 4 s - S + 0.25 s (the VAD
needs `min_speech_ms` of voice), and any S above roughly 4 s - reply latency - window leaves
none unrecovered by construction. Real pauses longer than 4 s would be lost at such an S.
Audio and transcripts are cached under --cache (gitignored var/).

Each policy runs the real `Endpointer` with the real Silero VAD over every answer in 20 ms
frames. An EndOfTurn before the answer's last word is a false cut-off: the endpointer is reset
(the voice loop's AudioInput.finish does the same) and feeding goes on, so the SpeechStarted
that the voice loop (web/interview_actor.py) would act on is seen when it fires. The loop turns
that speech into a continuation of the same answer if it comes while the interviewer is still
deciding (within `--reply-latency-ms` of the EndOfTurn: ASR tail and decision) or within
`--continuation-window-ms` of the reply starting. So each false cut-off is one of:
- invisible: the candidate is heard again before the reply starts;
- a false start: heard again after the reply started but within the window; the interviewer
  starts talking and yields, the answer is kept whole and decided again;
- unrecovered: heard again later, or never; the rest of the answer becomes the answer to the
  next line. This is what the 2 % target bounds.
The felt gap of a finished answer is the time from its last voiced sample (from the synthesized
audio, not the VAD) to EndOfTurn; the reply starts `--reply-latency-ms` later, the same for every
policy. Policies using words get the recognizer's text of each fragment (tiny.en, or whisper base
for Chinese) `--asr-delay-ms` after the PauseStarted that starts its decode, like
web/audio_input.py's segment decodes. The smart-turn model file comes from the pipecat-ai wheel
(`pip install --no-deps pipecat-ai`); without it those policies are left out.

Fixed trailing silences are compared with fitted policies: a fixed silence, and a short
"finished" silence plus the smart-turn classifier, the words, or both, capped by a longer
silence. Every fitted constant is chosen by cross-validation grouped by answer (fit on the other
folds' answers, replay the held-out ones): only out-of-fold figures are printed, and the
constants fitted on all answers are what would ship. Each family is fitted twice: for at most
2 % false cut-offs (no continuations, as before) and for at most 2 % unrecovered cut-offs;
`--looser-targets` adds false cut-off targets (a trade-off table). Among the rows meeting 2 %
unrecovered (fixed rows in sample, fitted rows out of fold), the one with the shortest median
felt gap is chosen and printed last: `unrecovered_cutoff_rate=`, `false_start_rate=`,
`felt_gap_p50_ms=`, `felt_gap_p95_ms=`, then its knobs. Rates are per thinking pause; the
table's `invis` counts invisible cut-offs and `lost in` the answers with an unrecovered one.
Limits beyond the data: the reply is assumed to play through the window (a shorter reply ends
it sooner), the interviewer's own voice is assumed not to reach the VAD (echo cancellation),
and the fit predicts when speech is heard again from a fresh endpointer started as each pause
is reported, which the replay then checks.
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
    SpeechStarted,
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
TARGET_RATE = 0.02
"""At most this many cut-offs (false, or unrecovered) per thinking pause."""
VAD_ONSET_LAG_S = 0.3
WORDS_MATCH_S = 0.35
"""A PauseStarted this close to a fragment's end is the pause after that fragment."""
FIXED_SILENCES_MS = (800, 1000, 1500, 2000, 2500, 3000, 3900)
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


INVISIBLE, FALSE_START, UNRECOVERED = "invisible", "false start", "unrecovered"


@dataclass(frozen=True)
class Continuations:
    """The voice loop's continuation windows, counted from the EndOfTurn: speech heard while
    the interviewer decides, or within `window_s` of its reply starting, continues the answer."""

    reply_latency_s: float
    window_s: float

    @property
    def last_s(self) -> float:
        """The latest a candidate can be heard again after a cut-off and still continue."""
        return self.reply_latency_s + self.window_s

    def fate(self, heard_again_after_s: float | None) -> str:
        """What a false cut-off becomes when the candidate is heard again this long after it
        (None: never)."""
        if heard_again_after_s is None or heard_again_after_s > self.last_s:
            return UNRECOVERED
        return INVISIBLE if heard_again_after_s <= self.reply_latency_s else FALSE_START


@dataclass(frozen=True)
class FalseCut:
    kind: str  # where the speaker had stopped (pause_kind)
    heard_again_after_s: float | None  # EndOfTurn to the SpeechStarted after it (None: never)


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
    cut: tuple[str, float] | None = None  # a false cut-off's pause kind and when the loop saw it
    for start in range(0, answer.audio.size, FRAME_SAMPLES):
        now_s = start / SAMPLE_RATE_HZ
        arrived_s = (start + FRAME_SAMPLES) / SAMPLE_RATE_HZ  # the voice loop acts on the frame
        while deliveries and deliveries[0][0] <= now_s:
            _, text, through_s = deliveries.pop(0)
            endpointer.hear_words(text, through_s)
        for event in endpointer.feed(answer.audio[start : start + FRAME_SAMPLES]):
            if isinstance(event, SpeechStarted) and cut is not None:
                outcome.false_cuts.append(FalseCut(cut[0], arrived_s - cut[1]))
                cut = None
            if isinstance(event, PauseStarted) and policy.words:
                index = _fragment_ending_at(answer, event.at_s)
                if index is not None:
                    text = " ".join(heard[: index + 1])
                    deliveries.append((now_s + asr_delay_s, text, now_s))
            if isinstance(event, EndOfTurn):
                if event.at_s >= answer.speech_end_s:
                    outcome.gap_s = event.at_s - answer.speech_end_s
                    break
                cut = (_cut_in(answer, kinds, event.at_s), arrived_s)
                endpointer.reset()
                deliveries.clear()
        if outcome.gap_s is not None:
            break
    if cut is not None:  # the rest was too short to be heard as speech: lost
        outcome.false_cuts.append(FalseCut(cut[0], None))
    if classifier is not None:
        outcome.classifier_calls = classifier.calls - calls_before
    return outcome


def _fragment_ending_at(answer: SpokenAnswer, at_s: float) -> int | None:
    for index, fragment in enumerate(answer.fragments):
        if abs(fragment.end / SAMPLE_RATE_HZ - at_s) <= WORDS_MATCH_S:
            return index
    return None


def _cut_in(answer: SpokenAnswer, kinds: list[str], at_s: float) -> str:
    """The kind of thinking pause an EndOfTurn fell in: the VAD hears the next words up to a
    few windows late, so an end decided just after they start still cut that pause."""
    sample = at_s * SAMPLE_RATE_HZ
    for index, kind in enumerate(kinds):
        resume = answer.fragments[index + 1].start
        if answer.fragments[index].end <= sample < resume + VAD_ONSET_LAG_S * SAMPLE_RATE_HZ:
            return kind
    return "within speech"


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
    heard_again_ms: np.ndarray  # silence at which a restarted endpointer hears speech (inf)
    gap_offset_ms: np.ndarray  # for final rows: VAD's last voiced - true end of speech
    pauses: np.ndarray  # labelled thinking pauses per answer


def trace(
    answers: Sequence[SpokenAnswer],
    classifier: TurnClassifier | None,
    heard: dict[str, list[str]],
    asr_delay_s: float,
) -> Traces:
    base = EndpointingConfig(trailing_silence_ms=600_000, finished_silence_ms=600_000)
    rows: list[tuple[int, float, bool, float, bool, float, float, float]] = []
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
            heard_again_s = None if final else _heard_again_s(answer, fired_s)
            heard_again = np.inf if heard_again_s is None else (heard_again_s - last_voiced) * 1e3
            offset = (last_voiced - answer.speech_end_s) * 1000.0
            rows.append(
                (number, silence_ms, final, probability, unfinished, words_at, heard_again, offset)
            )
    columns = list(zip(*rows, strict=True))
    return Traces(
        answer=np.array(columns[0]),
        silence_ms=np.array(columns[1], dtype=float),
        final=np.array(columns[2], dtype=bool),
        probability=np.array(columns[3], dtype=float),
        unfinished=np.array(columns[4], dtype=bool),
        words_at_ms=np.array(columns[5], dtype=float),
        heard_again_ms=np.array(columns[6], dtype=float),
        gap_offset_ms=np.array(columns[7], dtype=float),
        pauses=np.array([len(a.fragments) - 1 for a in answers]),
    )


def _heard_again_s(answer: SpokenAnswer, from_s: float) -> float | None:
    """When the voice loop would hear speech again had the turn been cut in this pause: a
    fresh endpointer (as after a cut-off) fed from the frame that reported the pause, up to the
    frame on which it reports SpeechStarted (None: never)."""
    endpointer = Endpointer(SileroVad(), EndpointingConfig(trailing_silence_ms=600_000))
    first = round(from_s * SAMPLE_RATE_HZ) // FRAME_SAMPLES * FRAME_SAMPLES
    for start in range(first, answer.audio.size, FRAME_SAMPLES):
        events = endpointer.feed(answer.audio[start : start + FRAME_SAMPLES])
        if any(isinstance(event, SpeechStarted) for event in events):
            return (start + FRAME_SAMPLES) / SAMPLE_RATE_HZ
    return None


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


@dataclass(frozen=True)
class Target:
    """At most `rate` cut-offs per thinking pause: false ones, or only unrecovered ones."""

    rate: float
    unrecovered: bool

    @property
    def label(self) -> str:
        return f"{'unrec' if self.unrecovered else 'cuts'}<={100 * self.rate:g}%"


@dataclass(frozen=True)
class Simulated:
    false_cut_rate: float
    unrecovered_rate: float
    mean_gap_ms: float

    def rate(self, target: Target) -> float:
        return self.unrecovered_rate if target.unrecovered else self.false_cut_rate


def simulate(
    traces: Traces,
    rows: np.ndarray,
    family: Family,
    constants: tuple[int, float, int],
    continuations: Continuations,
) -> Simulated:
    """Cut-off rates and mean felt gap of a policy on the selected trace rows."""
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
    late = traces.heard_again_ms[rows] - end_at > continuations.last_s * 1000.0
    labelled = max(int(traces.pauses[np.unique(traces.answer[rows])].sum()), 1)
    gaps = traces.gap_offset_ms[rows][final] + end_at[final]
    return Simulated(
        float(cut.sum() / labelled), float((cut & late).sum() / labelled), float(gaps.mean())
    )


def fit(
    traces: Traces,
    rows: np.ndarray,
    family: Family,
    target: Target,
    continuations: Continuations,
) -> tuple[tuple[int, float, int], bool]:
    """The constants with the shortest mean felt gap among those within the target, and
    whether any was; when none is, the one with the fewest cut-offs of the target's kind."""
    scored = [(simulate(traces, rows, family, c, continuations), c) for c in family.grid()]
    within = [(sim.mean_gap_ms, c) for sim, c in scored if sim.rate(target) <= target.rate]
    if within:
        return min(within)[1], True
    return min(scored, key=lambda item: (item[0].rate(target), item[0].mean_gap_ms))[1], False


def folds_of(count: int, folds: int) -> list[np.ndarray]:
    order = np.random.default_rng(SEED).permutation(count)
    return [np.sort(order[fold::folds]) for fold in range(folds)]


# --- reporting -----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    outcomes: list[tuple[SpokenAnswer, Outcome]]
    continuations: Continuations
    shipped: Policy  # the policy that would ship (for a fitted row: fitted on all answers)
    target: Target | None = None  # what its constants were fitted to (None: fixed)

    def pauses(self) -> int:
        return sum(len(a.fragments) - 1 for a, _ in self.outcomes)

    def false_cuts(self) -> list[FalseCut]:
        return [cut for _, o in self.outcomes for cut in o.false_cuts]

    def fates(self) -> Counter[str]:
        return Counter(self.continuations.fate(c.heard_again_after_s) for c in self.false_cuts())

    def rate(self) -> float:
        return len(self.false_cuts()) / self.pauses()

    def unrecovered_rate(self) -> float:
        return self.fates()[UNRECOVERED] / self.pauses()

    def false_start_rate(self) -> float:
        return self.fates()[FALSE_START] / self.pauses()

    def gaps_ms(self) -> np.ndarray:
        return np.array([o.gap_s * 1000 for _, o in self.outcomes if o.gap_s is not None])

    def row(self) -> str:
        gaps = self.gaps_ms()
        cuts = self.false_cuts()
        fates = self.fates()
        lost_answers = sum(
            1
            for _, o in self.outcomes
            if any(
                self.continuations.fate(c.heard_again_after_s) == UNRECOVERED for c in o.false_cuts
            )
        )
        calls = sum(o.classifier_calls for _, o in self.outcomes)
        return (
            f"{self.name:<40} {len(cuts):>4}/{self.pauses():<4} {100 * self.rate():>5.1f}% "
            f"{fates[UNRECOVERED]:>4} {100 * self.unrecovered_rate():>5.1f}% "
            f"{fates[FALSE_START]:>4} {100 * self.false_start_rate():>5.1f}% "
            f"{fates[INVISIBLE]:>5} {lost_answers:>4}/{len(self.outcomes):<3} "
            f"{np.percentile(gaps, 50):>6.0f} {np.percentile(gaps, 95):>6.0f} {calls:>6}"
        )

    def by_kind(self, kinds: Sequence[str]) -> str:
        labelled = Counter(kind for a, _ in self.outcomes for kind in a.pause_kinds())
        cuts = self.false_cuts()
        cut = Counter(c.kind for c in cuts)
        lost = Counter(
            c.kind for c in cuts if self.continuations.fate(c.heard_again_after_s) == UNRECOVERED
        )
        cells = [f"{lost[k]}/{cut[k]}/{labelled[k]}" for k in kinds]
        return f"{self.name:<40} " + " ".join(
            f"{c:>{max(10, len(k))}}" for c, k in zip(cells, kinds, strict=True)
        )

    def knobs(self) -> list[str]:
        config = self.shipped.config
        knobs = [f"trailing_silence_ms={config.trailing_silence_ms}"]
        if self.shipped.classifier or self.shipped.words:
            knobs.append(f"finished_silence_ms={config.finished_silence_ms}")
        if self.shipped.classifier:
            knobs.append(f"finished_threshold={config.finished_threshold}")
        knobs += [
            f"smart_turn={str(self.shipped.classifier).lower()}",
            f"words={str(self.shipped.words).lower()}",
            f"continuation_window_ms={round(self.continuations.window_s * 1000)}",
            f"reply_latency_ms={round(self.continuations.reply_latency_s * 1000)}",
        ]
        return knobs


def replay_all(
    plan: Iterable[tuple[SpokenAnswer, Policy]],
    classifier: CachingClassifier | None,
    heard: dict[str, list[str]],
    asr_delay_s: float,
) -> list[tuple[SpokenAnswer, Outcome]]:
    return [
        (answer, replay(answer, policy, classifier, heard[answer.answer_id], asr_delay_s))
        for answer, policy in plan
    ]


def cross_validated(
    traces: Traces,
    answers: list[SpokenAnswer],
    folds: list[np.ndarray],
    family: Family,
    target: Target,
    continuations: Continuations,
) -> tuple[list[tuple[SpokenAnswer, Policy]], Policy]:
    """Each held-out answer with the policy fitted on the other folds, and the policy fitted
    on all answers (what would ship)."""
    plan: list[tuple[SpokenAnswer, Policy]] = []
    per_fold: list[str] = []
    for held_out in folds:
        train = np.flatnonzero(~np.isin(traces.answer, held_out))
        constants, met = fit(traces, train, family, target, continuations)
        policy = family.policy(constants)
        per_fold.append(policy.name.split("(")[-1].rstrip(")") + ("" if met else " (missed)"))
        plan += [(answers[i], policy) for i in held_out]
    constants, met = fit(traces, np.arange(len(traces.answer)), family, target, continuations)
    shipped = family.policy(constants)
    missed = "" if met else " [target missed in fit]"
    print(f"{family.name} {target.label}: folds {per_fold}; all answers: {shipped.name}{missed}")
    return plan, shipped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("var/bench/endpointing"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--asr-delay-ms", type=float, default=500.0)
    parser.add_argument("--continuation-window-ms", type=float, default=2000.0)
    parser.add_argument(
        "--reply-latency-ms",
        type=float,
        default=150.0,
        help="EndOfTurn to the reply starting (ASR tail and decision)",
    )
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
    continuations = Continuations(
        args.reply_latency_ms / 1000.0, args.continuation_window_ms / 1000.0
    )
    kinds_count = Counter(kind for a in answers for kind in a.pause_kinds())
    print(
        f"answers={len(answers)} ({sum(a.language == 'zh' for a in answers)} Chinese) "
        f"thinking_pauses={sum(kinds_count.values())} by kind: {dict(kinds_count)}"
    )
    print(
        f"continuations: heard again <= {args.reply_latency_ms:.0f} ms after the cut-off: "
        f"invisible; <= {1000 * continuations.last_s:.0f} ms: false start; later: unrecovered"
    )
    traces = trace(answers, classifier, heard, delay_s)
    results: list[Result] = []
    for ms in FIXED_SILENCES_MS:
        policy = Policy(f"fixed {ms} ms", EndpointingConfig(trailing_silence_ms=ms))
        outcomes = replay_all(((a, policy) for a in answers), classifier, heard, delay_s)
        results.append(Result(policy.name, outcomes, continuations, policy))
    folds = folds_of(len(answers), args.folds)
    targets = [
        Target(TARGET_RATE, unrecovered=True),
        Target(TARGET_RATE, unrecovered=False),
        *(Target(rate, unrecovered=False) for rate in args.looser_targets),
    ]
    for target in targets:
        for family in (f for f in FAMILIES if classifier or not f.classifier):
            plan, shipped = cross_validated(traces, answers, folds, family, target, continuations)
            outcomes = replay_all(plan, classifier, heard, delay_s)
            label = f"{family.name} {target.label} [CV]"
            results.append(Result(label, outcomes, continuations, shipped, target))
    print(
        f"\n{'policy':<40} {'false cut-offs':>16} {'unrecovered':>11} {'false starts':>11} "
        f"{'invis':>5} {'lost in':>8} {'p50 ms':>6} {'p95 ms':>6} {'calls':>6}"
    )
    for result in results:
        print(result.row())
    kinds = [*sorted(kinds_count, key=lambda k: -kinds_count[k]), "within speech"]
    print(
        f"\nunrecovered/false cut-offs/pauses by pause kind\n{'policy':<40} "
        + " ".join(f"{k:>{max(10, len(k))}}" for k in kinds)
    )
    for result in results:
        print(result.by_kind(kinds))
    primary = [r for r in results if r.target is None or r.target.rate == TARGET_RATE]
    meeting = [r for r in primary if r.unrecovered_rate() <= TARGET_RATE]
    chosen = min(meeting or primary, key=lambda r: float(np.percentile(r.gaps_ms(), 50)))
    note = "" if meeting else " (no policy met the unrecovered target)"
    print(f"\nchosen: {chosen.name}; ship: {chosen.shipped.name}{note}")
    gaps = chosen.gaps_ms()
    print(f"false_cutoff_rate={chosen.rate():.4f}")
    print(f"unrecovered_cutoff_rate={chosen.unrecovered_rate():.4f}")
    print(f"false_start_rate={chosen.false_start_rate():.4f}")
    print(f"felt_gap_p50_ms={np.percentile(gaps, 50):.0f}")
    print(f"felt_gap_p95_ms={np.percentile(gaps, 95):.0f}")
    for knob in chosen.knobs():
        print(knob)


if __name__ == "__main__":
    main()
