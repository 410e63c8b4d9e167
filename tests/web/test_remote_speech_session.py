"""A spoken interview whose speech runs on real OpenAI-compatible audio servers: Viva configured
with `asr.backend=openai` and `tts.backend=openai` (the settings a team uses to put speech on a
GPU box), the servers being the ones tests/speech/remote_server.py starts on loopback with the
bundled models."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from speech.piper_synthesizer import PiperSynthesizer
from speech.remote_recognizer import RemoteRecognizer
from speech.remote_synthesizer import RemoteSynthesizer
from speech.silero_vad import SileroVad
from tests.fakes import silence
from tests.speech.conftest import speak_16k
from tests.speech.remote_server import TTS_API_KEY, piper_server, whisper_server
from tests.web.conftest import START, Client
from web import services as service_factory
from web.settings import AsrSettings, Settings, TtsSettings

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def remote_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    logs = tmp_path_factory.mktemp("speech-servers")
    (logs / "asr").mkdir()
    (logs / "tts").mkdir()
    with whisper_server(logs / "asr") as asr_url, piper_server(logs / "tts") as tts_url:
        yield Settings(
            data_dir=Path(logs),
            asr=AsrSettings(backend="openai", base_url=asr_url, timeout_s=60, partial_every_ms=0),
            tts=TtsSettings(backend="openai", base_url=tts_url, api_key=SecretStr(TTS_API_KEY)),
        )


def test_services_pick_the_remote_backends(remote_settings: Settings) -> None:
    build = functools.partial(service_factory._recognizer, remote_settings)
    assert isinstance(build("en"), RemoteRecognizer)
    assert isinstance(service_factory._synthesizer(remote_settings, "en"), RemoteSynthesizer)
    with pytest.raises(ValueError, match="VIVA_ASR__BASE_URL"):
        service_factory._recognizer(Settings(asr=AsrSettings(backend="openai")), "en")


def test_a_spoken_answer_goes_through_the_remote_servers(
    make_app: Callable[..., TestClient], remote_settings: Settings
) -> None:
    recognizer = service_factory._recognizer(remote_settings, "en")
    synthesizer = service_factory._synthesizer(remote_settings, "en")
    answer = speak_16k(PiperSynthesizer("joe", variation=0.0), "I would start from the data.")
    # The real VAD: the fake one's loudness rule splits real speech into fragments.
    app = make_app(recognizer=recognizer, synthesizer=synthesizer, make_vad=SileroVad)
    with app, app.websocket_connect("/ws/interview") as ws:
        client = Client(ws)
        client.send(**START)
        client.until_type("session_started")
        audio_start = client.first("audio_start")
        client.until_listening()
        heard_voice = [m for m in client.log if isinstance(m, bytes)]
        client.send_audio(np.concatenate([answer, silence(1.0)]))
        final = client.until_type("transcript_final")
        client.until_type("turn_saved")
    assert audio_start["sample_rate"] == 22_050  # read from the server's voice
    assert sum(len(chunk) for chunk in heard_voice) > 22_050  # over half a second of it
    assert "data" in final["text"].lower() and "start" in final["text"].lower()
