"""What `bench/fuzz.py` sends: seeded random frames, from noise to valid controls.

Each draw is a short list of (frame, description) pairs; audio comes in runs of 20 ms frames so
the endpointer and recogniser see real speech and noise, not only single odd frames. Valid
`start` and `resume_session` messages reuse interviews that earlier connections opened.
"""

from __future__ import annotations

import asyncio
import json
import random
import string
from collections.abc import Callable
from typing import Any

import numpy as np

from rubrics.schema import Domain
from speech.pcm import resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.types import SAMPLE_RATE_HZ

Frame = tuple[str | bytes, str]
FRAME_BYTES = 640  # 20 ms of PCM16 at 16 kHz, as the browser sends
CONTROLS = ("answer_done", "repeat", "skip", "pause", "resume", "stop")
ROUNDS = ("ml_theory", "ml_coding", "ml_system_design", "behavioral", "phone_screen", "case_study")
DOMAINS: tuple[str, ...] = Domain.__args__  # type: ignore[attr-defined]
ANSWERS = (
    "I would start from the data: how it is collected, labelled and split.",
    "Bias is the error from wrong assumptions; variance is sensitivity to the training set.",
    "我会先看数据的分布，然后选择合适的模型。",
    "I don't know.",
    "ok",
)
ODD_TEXT = ("\x00", "\x01\x1b[31m", "\ud800", "\udfff", "\u202e", "e\u0301", "😀", "\ufeff", "\r\n")
DEEP = "__FUZZ_DEEP__"
BIG = "__FUZZ_BIG__"


class FuzzInputs:
    def __init__(self, rng: random.Random, max_message_bytes: int, hard_cap_bytes: int) -> None:
        self.rng = rng
        self._max = max_message_bytes
        self._cap = hard_cap_bytes
        self._speech = b""
        self._sessions: list[tuple[str, str]] = []  # (interview_id, token) seen so far
        self._kinds: list[tuple[Callable[[int], list[Frame]], int]] = [
            (self._random_bytes, 10),
            (self._speech_run, 4),
            (self._noise_run, 3),
            (self._random_text, 6),
            (self._random_json, 8),
            (self._mutant, 25),
            (self._raw, 6),
            (self._control, 22),
            (self._answer, 10),
            (self._start, 3),
            (self._resume, 3),
        ]

    async def prepare(self) -> None:
        """Speak one answer with the bundled voice: real speech for the endpointer and ASR."""
        self._speech = await asyncio.to_thread(_spoken, ANSWERS[0])

    def learn(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if (
                event.get("type") == "session_started"
                and (event["interview_id"], event["token"]) not in self._sessions
            ):
                self._sessions.append((event["interview_id"], event["token"]))

    def opening(self) -> Frame | None:
        draw = self.rng.random()
        if draw < 0.75:
            return self._start(1)[0]
        if draw < 0.85 and self._sessions:
            return self._resume(1)[0]
        return None

    def next_messages(self, room: int) -> list[Frame]:
        make = self.rng.choices([k for k, _ in self._kinds], [w for _, w in self._kinds])[0]
        return make(max(1, room))

    # --- binary --------------------------------------------------------------------------
    def _random_bytes(self, _room: int) -> list[Frame]:
        rng = self.rng
        size = rng.choice(
            [
                0,
                1,
                3,
                FRAME_BYTES - 1,
                FRAME_BYTES,
                rng.randrange(2, 8192, 2),
                rng.randrange(1, 8192, 2),
                self._max,
                self._max + 1,
                self._max + 2,
                rng.randrange(self._max, 4 * self._max),
                rng.randrange(1 << 20, self._cap - 1024) if rng.random() < 0.2 else 1 << 20,
            ]
        )
        body = rng.randbytes(size) if size <= 1 << 16 else bytes(size)
        return [(body, f"bytes[{size}]")]

    def _speech_run(self, room: int) -> list[Frame]:
        """Real speech, then enough silence (2 s) for the endpointer to end the turn."""
        start = self.rng.randrange(0, len(self._speech) // 2, 2)
        pcm = self._speech[start:] + bytes(2 * 2 * SAMPLE_RATE_HZ)
        frames = [pcm[i : i + FRAME_BYTES] for i in range(0, len(pcm), FRAME_BYTES)]
        return [(f, "speech") for f in frames[:room] if len(f) % 2 == 0 and f]

    def _noise_run(self, room: int) -> list[Frame]:
        count = min(room, self.rng.randint(1, 120))
        amplitude = self.rng.choice((0.0, 0.01, 0.3, 1.0))
        noise = np.random.default_rng(self.rng.getrandbits(32)).uniform(-1, 1, count * 320)
        pcm = (noise * amplitude * 32767).astype("<i2").tobytes()
        return [
            (pcm[i : i + FRAME_BYTES], f"noise {amplitude}")
            for i in range(0, len(pcm), FRAME_BYTES)
        ]

    # --- text ----------------------------------------------------------------------------
    def _random_text(self, _room: int) -> list[Frame]:
        rng = self.rng
        alphabet = rng.choice((string.printable, '{}[]":,\\', "中文字符😀é\u202e\ufeff"))
        size = rng.choice((0, 1, rng.randint(2, 200), rng.randint(200, self._max + 100)))
        text = "".join(rng.choices(alphabet, k=size))
        return [(text, f"text[{size}]")]

    def _random_json(self, _room: int) -> list[Frame]:
        value = self._value(depth=self.rng.randint(0, 4))
        return [(_dumps(value, self.rng), f"json {type(value).__name__}")]

    def _raw(self, _room: int) -> list[Frame]:
        rng = self.rng
        n = rng.choice((33, 999, 2000, 20_000))
        valid = json.dumps({"type": rng.choice(CONTROLS)})
        frame = rng.choice(
            [
                "[" * n,
                "{" * n,
                '{"a":' * n,
                "[" * n + "]" * n,
                "9" * rng.choice((21, 4400, 50_000)),
                "-" + "1" * 4301,
                "1e" + "9" * 400,
                '{"type":"start","questions":NaN}',
                '{"type":"skip","type":"text_answer","text":"x"}',
                valid[: rng.randint(0, len(valid))],
                valid + " garbage",
                "\ufeff" + valid,
                " \n\t" + valid,
                '{"type": "skip"} // comment',
                '"' + "\\u0000" * 1000 + '"',
            ]
        )
        return [(frame, f"raw {frame[:24]!r}")]

    def _value(self, depth: int) -> Any:
        rng = self.rng
        kinds = ["none", "bool", "int", "float", "str"] + (["list", "dict"] if depth > 0 else [])
        kind = rng.choice(kinds)
        if kind == "list":
            return [self._value(depth - 1) for _ in range(rng.randint(0, 4))]
        if kind == "dict":
            return {self._string(): self._value(depth - 1) for _ in range(rng.randint(0, 4))}
        return {
            "none": None,
            "bool": rng.random() < 0.5,
            "int": rng.choice((0, -1, 3, 16000, 2**63, -(2**70), rng.randint(-999, 999))),
            "float": rng.choice((0.5, -1e308, 1e-320, 3.0, rng.uniform(-1e6, 1e6))),
            "str": self._string(),
        }[kind]

    def _string(self) -> str:
        rng = self.rng
        pieces = rng.choices([*ODD_TEXT, "a", "start", "text", " ", "中"], k=rng.randint(0, 12))
        return "".join(pieces)

    # --- valid and nearly valid messages -------------------------------------------------
    def _control(self, _room: int) -> list[Frame]:
        kind = self.rng.choice(CONTROLS)
        return [(json.dumps({"type": kind}), kind)]

    def _answer(self, _room: int) -> list[Frame]:
        rng = self.rng
        text = rng.choice(ANSWERS)
        if rng.random() < 0.2:
            text = text * rng.randint(1, 8001 // len(text) + 2)
        return [(json.dumps({"type": "text_answer", "text": text}), f"text_answer[{len(text)}]")]

    def _start_message(self) -> dict[str, Any]:
        rng = self.rng
        message: dict[str, Any] = {
            "type": "start",
            "mode": rng.choice(("voice", "voice", "text")),
            "round": rng.choice(ROUNDS),
            "level": rng.choice(("L3", "L4", "L5", "L6", "L7")),
            "language": "zh" if rng.random() < 0.1 else "en",
            "questions": rng.randint(3, 8),
        }
        if rng.random() < 0.3:
            message["domains"] = rng.sample(DOMAINS, rng.randint(1, 3))
        if rng.random() < 0.3:
            message["company"] = rng.choice(("Acme", "中文公司", "x" * 80))
        return message

    def _start(self, _room: int) -> list[Frame]:
        message = self._start_message()
        return [(json.dumps(message), f"start {message}")]

    def _resume(self, _room: int) -> list[Frame]:
        if self._sessions and self.rng.random() < 0.8:
            interview_id, token = self.rng.choice(self._sessions)
            if self.rng.random() < 0.2:
                token = token[::-1]
        else:
            interview_id, token = "0" * 32, "nope"
        message = {"type": "resume_session", "interview_id": interview_id, "token": token}
        return [(json.dumps(message), "resume_session")]

    def _mutant(self, _room: int) -> list[Frame]:
        rng = self.rng
        message = rng.choice(
            [
                self._start_message(),
                {"type": "text_answer", "text": rng.choice(ANSWERS)},
                {"type": "resume_session", "interview_id": "a" * 32, "token": "b" * 32},
                {"type": rng.choice(CONTROLS)},
            ]
        )
        fields = [k for k in message if k != "type"] or ["text"]
        name = rng.choice([*fields, "type", "extra"])
        mutation = rng.choice(("wrong_type", "huge", "deep", "big_int", "dirty", "drop", "unicode"))
        if mutation == "wrong_type":
            message[name] = self._value(depth=2)
        elif mutation == "huge":
            size = rng.choice((self._max - 64, self._max + 8, rng.randint(1000, self._max)))
            message[name] = "x" * size
        elif mutation in ("deep", "big_int"):
            message[name] = DEEP if mutation == "deep" else BIG
        elif mutation == "dirty":
            message[name] = f"{message.get(name, '')}{rng.choice(ODD_TEXT)}{self._string()}"
        elif mutation == "drop":
            message.pop(name, None)
        else:
            message[name] = "中文 😀 é\u0301 \u202eright-to-left"
        depth, digits = rng.choice((32, 33, 999, 2000, 5000)), rng.choice((20, 21, 4300, 4400))
        frame = (
            _dumps(message, rng)
            .replace(f'"{DEEP}"', "[" * depth + "]" * depth)
            .replace(f'"{BIG}"', "7" * digits)
        )
        return [(frame, f"mutant {message.get('type')!r}.{name} {mutation}")]


def _dumps(value: Any, rng: random.Random) -> str:
    """JSON text; escaped ASCII when it holds lone surrogates (they cannot travel as UTF-8)."""
    text = json.dumps(value)
    if rng.random() < 0.5:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
            text = json.dumps(value, ensure_ascii=False)
        except UnicodeEncodeError:
            pass
    return text


def _spoken(text: str) -> bytes:
    voice = PiperSynthesizer("joe", variation=0.0)
    audio = np.concatenate(
        [
            np.frombuffer(c.pcm, dtype="<i2").astype(np.float32) / 32768
            for c in voice.synthesize(text)
        ]
    )
    pcm16k = resample(audio, voice.sample_rate_hz, SAMPLE_RATE_HZ)
    return (np.clip(pcm16k, -1, 1) * 32767).astype("<i2").tobytes()
