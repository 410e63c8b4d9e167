"""Every control in every phase, as sequences: a hypothesis state machine drives interview
actors directly through a fake `SessionIO` (no socket) with audio, controls, typed answers,
drops, resumes and second tabs, and checks issue 7's invariants after every run:

- each finished answer is saved once, against the line the candidate heard;
- turn numbers never collide or skip; nothing is lost to an `internal` error;
- at most one `session_ended`, and nothing is sent after it;
- every refusal carries a stable error code.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from interviewer.line_writer import LineWriter
from interviewer.scoring import AnswerScorer
from interviewer.storage import Store
from rubrics.loader import load_bank
from speech.endpointing import EndpointingConfig
from tests.fakes import (
    BagOfTermsEmbedder,
    EnergyVad,
    ScriptedRecognizer,
    ToneSynthesizer,
    speech_like,
)
from tests.fakes import silence as silent_audio
from tests.web.conftest import frames
from web.actor_events import AudioIn, ControlIn, Disconnected, Opened, TextIn
from web.bridge import Bridge
from web.connection import tick
from web.interview_actor import InterviewActor
from web.protocol import ResumeSession, Start
from web.services import Services
from web.session_io import Outgoing
from web.session_runtime import SessionRuntime
from web.settings import AsrSettings, ScoringSettings, SessionSettings, Settings

pytestmark = pytest.mark.timeout(600)

STABLE_CODES = {
    "invalid_json", "unknown_message", "invalid_message", "message_too_large",
    "bad_audio_frame", "unsupported_sample_rate", "no_session", "invalid_state", "asr_failed",
    "llm_failed", "tts_failed", "busy", "taken_over", "idle_timeout",
}  # fmt: skip
CONTROLS = ["answer_done", "repeat", "skip", "pause", "resume", "stop"]
BANK = load_bank()


class FakeIO:
    """Records what the actor sends, as a socket would receive it."""

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []
        self.closed = False
        self._broken = asyncio.Event()

    async def send(self, item: Outgoing) -> None:
        if not self.closed:
            self.sent.append(item)

    async def close(self, code: int = 1000) -> None:
        self.closed = True

    @property
    def broken(self) -> asyncio.Event:
        return self._broken

    def events(self, type_: str | None = None) -> list[dict[str, Any]]:
        return [
            m for m in self.sent if isinstance(m, dict) and (type_ is None or m["type"] == type_)
        ]


class Connection:
    def __init__(self, runtime: SessionRuntime) -> None:
        self.io = FakeIO()
        self.actor = InterviewActor(self.io, runtime, runtime.new_owner())
        self.task = asyncio.ensure_future(self.actor.run())
        self.ticker = asyncio.ensure_future(tick(self.actor, 0.05))

    async def close(self) -> None:
        if not self.task.done():
            await self.actor.post(Disconnected())
            await asyncio.wait_for(self.task, 30)
        self.ticker.cancel()
        await self.io.close()


class VoiceLoop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="viva-props-"))
        settings_ = Settings(
            data_dir=self.folder,
            keep_audio=False,
            asr=AsrSettings(partial_every_ms=0),
            session=SessionSettings(heartbeat_s=0.05, lease_stale_s=5, takeover_wait_s=10),
            scoring=ScoringSettings(attempts=1),
        )
        services = Services(
            settings=settings_,
            bank=BANK,
            store=Store(f"sqlite:///{self.folder / 'viva.db'}"),
            recognizer=lambda _language: ScriptedRecognizer(["I would regularise the model."]),
            synthesizer=lambda _language: ToneSynthesizer(),
            make_vad=EnergyVad,
            writer=LineWriter(None),
            scorer=AnswerScorer(BagOfTermsEmbedder()),
            endpointing=EndpointingConfig(trailing_silence_ms=400, pause_hint_ms=200),
        )
        self.runtime = SessionRuntime(services, Bridge(workers=4))
        self.store = services.store
        self.connections: list[Connection] = []
        self.typed: list[str] = []
        self.started: dict[str, Any] | None = None
        self.current = self._connect()
        self._post(Opened(Start(type="start", round="ml_theory", level="L4", questions=3)))
        self._wait_until(lambda: bool(self.current.io.events("session_started")))
        self.started = self.current.io.events("session_started")[0]

    # --- plumbing --------------------------------------------------------------------------
    def _run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def _wait_until(self, condition: Any, timeout_s: float = 20.0) -> None:
        async def poll() -> None:
            for _ in range(int(timeout_s / 0.02)):
                if condition():
                    return
                await asyncio.sleep(0.02)
            raise AssertionError("the actor did not get there in time")

        self._run(poll())

    def _settle(self, seconds: float = 0.12) -> None:
        self._run(asyncio.sleep(seconds))

    def _connect(self) -> Connection:
        async def make() -> Connection:
            return Connection(self.runtime)

        connection: Connection = self._run(make())
        self.connections.append(connection)
        return connection

    def _post(self, item: Any, settle_s: float = 0.12) -> None:
        if not self.current.task.done():
            self._run(self.current.actor.post(item))
        self._settle(settle_s)

    def _audio(self, audio: np.ndarray) -> None:
        async def feed() -> None:
            for frame in frames(audio):
                if self.current.task.done():
                    return
                await self.current.actor.post(AudioIn(frame))

        self._run(feed())
        self._settle()

    def _resume_message(self) -> ResumeSession:
        assert self.started is not None
        return ResumeSession(
            type="resume_session",
            interview_id=self.started["interview_id"],
            token=self.started["token"],
        )

    # --- what a candidate does -------------------------------------------------------------
    @rule(seconds=st.sampled_from([0.3, 0.8]))
    def speak(self, seconds: float) -> None:
        self._audio(speech_like(seconds))

    @rule(seconds=st.sampled_from([0.15, 0.3, 0.6]))
    def stay_quiet(self, seconds: float) -> None:
        self._audio(silent_audio(seconds))

    @rule(kind=st.sampled_from(CONTROLS))
    def control(self, kind: str) -> None:
        self._post(ControlIn(kind), settle_s=0.3)

    @rule(text=st.sampled_from(["Bias and variance trade off.", "我会先看数据。", "  x  "]))
    def type_answer(self, text: str) -> None:
        marker = f"{text} #{len(self.typed)}"
        self.typed.append(marker)
        self._post(TextIn(marker), settle_s=0.3)

    @rule()
    def drop_and_resume(self) -> None:
        self._run(self.current.close())
        self.current = self._connect()
        self._post(Opened(self._resume_message()), settle_s=0.3)

    @precondition(lambda self: not self.current.task.done())
    @rule()
    def open_a_second_tab(self) -> None:
        self.current = self._connect()
        self._post(Opened(self._resume_message()), settle_s=0.6)

    # --- what must always hold -------------------------------------------------------------
    @invariant()
    def nothing_internal_and_every_error_coded(self) -> None:
        for connection in self.connections:
            for error in connection.io.events("error"):
                assert error["code"] in STABLE_CODES, error
                assert error["code"] != "internal", error

    @invariant()
    def one_end_and_nothing_after_it(self) -> None:
        ends = 0
        for connection in self.connections:
            events = connection.io.events()
            types = [m["type"] for m in events]
            ends += types.count("session_ended")
            if "session_ended" in types:
                assert types[-1] == "session_ended", types[types.index("session_ended") :]
        assert ends <= 1

    def teardown(self) -> None:
        try:
            self._run(self._close_all())
            self._check_saved_turns()
        finally:
            self.runtime.bridge.shutdown()
            self.loop.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    async def _close_all(self) -> None:
        for connection in self.connections:
            await connection.close()
        await self.runtime.scoring.drain(30)

    def _check_saved_turns(self) -> None:
        assert self.started is not None
        turns = self.store.turns(self.started["interview_id"])
        assert [t.turn_index for t in turns] == list(range(len(turns)))
        heard: dict[int, str] = {}
        for connection in self.connections:
            for line in connection.io.events("interviewer_line"):
                heard[line["turn"]] = heard.get(line["turn"], "") + " " + line["text"]
        decided = [turns[0].interviewer_line] if turns else []
        decided += [t.decision["text"] for t in turns[:-1] if t.decision]
        for turn in turns:
            # Filed against the line decided for it, i.e. the one the candidate was shown, or
            # would have been: a typed answer can beat the first sentence of its line.
            if turn.kind != "skipped" and turn.turn_index < len(decided):
                said, decided_line = turn.interviewer_line, decided[turn.turn_index]
                assert said.split() == decided_line.split(), turn.turn_index
            if heard.get(turn.turn_index):
                opening = turn.interviewer_line.split(".")[0][:40]
                assert opening in heard[turn.turn_index], (turn.turn_index, opening)
        accepted = [t for t in self.typed if t.strip()]
        saved_texts = " ".join(t.text for t in turns)
        for connection in self.connections:
            for final in connection.io.events("transcript_final"):
                for marker in accepted:
                    if marker.strip() in final["text"]:
                        assert saved_texts.count(marker.strip()) == 1, marker


VoiceLoop.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestVoiceLoop = VoiceLoop.TestCase
