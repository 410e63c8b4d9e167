"""Remote speech backends against real OpenAI-compatible audio servers on loopback.

The servers (tests/speech/remote_server.py) run the bundled tiny.en and joe voice, so the
transcripts and voices checked here are real decodes and real renders over HTTP. Failures are
provoked for real too: a port nobody listens on, a socket that never answers, a wrong API key.
Only "a server that answers 200 with garbage" needs a stand-in: a stdlib HTTP handler that returns
a scripted body to every request (an HTML page, as a captive portal or a misrouted proxy does, or a
hand-written transcription body to pin down how segments and words are read).
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from speech.openai_audio import RemoteSpeechError
from speech.pcm import is_silent, pcm16_to_float, resample
from speech.piper_synthesizer import PiperSynthesizer
from speech.remote_recognizer import RemoteRecognizer
from speech.remote_synthesizer import RemoteSynthesizer
from speech.types import SAMPLE_RATE_HZ, FloatAudio
from tests.speech.remote_server import TTS_API_KEY, free_port, piper_server, whisper_server

pytestmark = pytest.mark.models

JOE_RATE_HZ = 22_050


@pytest.fixture(scope="module")
def whisper_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with whisper_server(tmp_path_factory.mktemp("whisper-server")) as url:
        yield url


@pytest.fixture(scope="module")
def piper_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with piper_server(tmp_path_factory.mktemp("piper-server")) as url:
        yield url


@pytest.fixture(scope="module")
def recognizer(whisper_url: str) -> Iterator[RemoteRecognizer]:
    remote = RemoteRecognizer(whisper_url, timeout_s=60.0)
    yield remote
    remote.close()


@pytest.fixture(scope="module")
def synthesizer(piper_url: str) -> Iterator[RemoteSynthesizer]:
    remote = RemoteSynthesizer(piper_url, api_key=TTS_API_KEY)
    yield remote
    remote.close()


def test_remote_whisper_hears_the_answer(recognizer: RemoteRecognizer, answer_16k: FloatAudio):
    transcript = recognizer.transcribe(answer_16k, "en")
    text = transcript.text.lower()
    for expected in ("bias", "wrong assumptions", "variance", "training data"):
        assert expected in text, transcript.text
    assert transcript.language == "en"
    assert transcript.duration_s == pytest.approx(answer_16k.size / SAMPLE_RATE_HZ)
    words = transcript.words
    assert len(words) >= 15
    assert all(a.start_s <= b.start_s for a, b in itertools.pairwise(words))
    assert words[-1].end_s <= transcript.duration_s + 0.5


def test_remote_whisper_returns_silence_and_nothing_as_empty(recognizer: RemoteRecognizer):
    assert recognizer.transcribe(np.zeros(0, dtype=np.float32), "en").text == ""


def test_remote_voice_speaks_one_chunk_per_sentence(synthesizer: RemoteSynthesizer):
    assert synthesizer.sample_rate_hz == JOE_RATE_HZ  # learned from the probe's WAV header
    chunks = list(synthesizer.synthesize("Tell me about overfitting. How would you detect it?"))
    assert len(chunks) == 2
    for chunk in chunks:
        assert chunk.sample_rate_hz == JOE_RATE_HZ
        audio = pcm16_to_float(chunk.pcm)
        assert audio.size / JOE_RATE_HZ > 0.5
        assert not is_silent(audio)


def test_remote_voice_is_heard_by_remote_whisper(
    synthesizer: RemoteSynthesizer, recognizer: RemoteRecognizer
):
    chunks = list(synthesizer.synthesize("Gradient descent follows the slope downhill."))
    audio = np.concatenate([pcm16_to_float(chunk.pcm) for chunk in chunks])
    heard = recognizer.transcribe(resample(audio, JOE_RATE_HZ, SAMPLE_RATE_HZ), "en")
    assert "descent follows the slope downhill" in heard.text.lower(), heard.text


def test_remote_voice_matches_the_local_piper_voice(
    synthesizer: RemoteSynthesizer, piper: PiperSynthesizer
):
    """Same voice files on both sides: the remote chunk is about as long as the local one."""
    sentence = "Regularization keeps the weights small."
    (remote,) = synthesizer.synthesize(sentence)
    (local,) = piper.synthesize(sentence)
    assert len(remote.pcm) == pytest.approx(len(local.pcm), rel=0.25)


def test_wrong_api_key_is_a_clear_error(piper_url: str):
    with pytest.raises(RemoteSpeechError, match="HTTP 401: Incorrect API key"):
        RemoteSynthesizer(piper_url, api_key="not-the-key")


def test_missing_api_key_is_a_clear_error(piper_url: str):
    with pytest.raises(RemoteSpeechError, match="HTTP 401: You didn't provide an API key"):
        RemoteSynthesizer(piper_url)


def test_server_down_is_a_clear_error(answer_16k: FloatAudio):
    down = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(RemoteSpeechError, match=r"transcriptions failed: ConnectError"):
        RemoteRecognizer(down).transcribe(answer_16k, "en")
    with pytest.raises(RemoteSpeechError, match=r"speech failed: ConnectError"):
        RemoteSynthesizer(down)


def test_server_that_never_answers_times_out(answer_16k: FloatAudio):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # the kernel accepts the connection; nobody ever reads or replies
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        with pytest.raises(RemoteSpeechError, match="timed out"):
            RemoteRecognizer(url, timeout_s=0.5).transcribe(answer_16k, "en")
        with pytest.raises(RemoteSpeechError, match="timed out"):
            RemoteSynthesizer(url, timeout_s=0.5)


def test_base_url_must_be_http():
    with pytest.raises(RemoteSpeechError, match="http"):
        RemoteRecognizer("127.0.0.1:8000/v1")


class _ScriptedReply(BaseHTTPRequestHandler):
    """Answers every POST with the server's scripted status, body and content type."""

    def do_POST(self) -> None:
        request = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server: _ScriptedServer = self.server  # type: ignore[assignment]
        server.requests.append(request)
        status, body, content_type = server.status, server.body, server.content_type
        if server.refuse_verbose_json and b"verbose_json" in request:
            status, content_type = 400, "application/json"
            body = b'{"error": {"message": "Unsupported response_format: verbose_json"}}'
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ScriptedServer(ThreadingHTTPServer):
    body = b"<html><body>Please sign in to the Wi-Fi</body></html>"
    content_type = "text/html"
    refuse_verbose_json = False
    status = 200

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ScriptedReply)
        self.requests: list[bytes] = []

    def reply(self, body: bytes | dict[str, object], content_type: str) -> None:
        self.body = json.dumps(body).encode() if isinstance(body, dict) else body
        self.content_type = content_type


@pytest.fixture
def scripted() -> Iterator[tuple[str, _ScriptedServer]]:
    """A stand-in that answers 200 with a scripted body: HTML by default (a captive portal)."""
    server = _ScriptedServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", server
    server.shutdown()
    server.server_close()


def test_garbage_transcription_is_a_clear_error(
    scripted: tuple[str, _ScriptedServer], answer_16k: FloatAudio
):
    url, server = scripted
    with pytest.raises(RemoteSpeechError, match="not JSON with a text field: '<html>"):
        RemoteRecognizer(url).transcribe(answer_16k, "en")
    server.reply({"text": "ok", "segments": [{"begin": 0}]}, "application/json")
    with pytest.raises(RemoteSpeechError, match="malformed transcription segment"):
        RemoteRecognizer(url).transcribe(answer_16k, "en")


def test_garbage_speech_is_a_clear_error(scripted: tuple[str, _ScriptedServer]):
    url, server = scripted
    with pytest.raises(RemoteSpeechError, match="came back as text/html"):
        RemoteSynthesizer(url)
    server.reply(server.body, "audio/wav")  # a lying content type
    with pytest.raises(RemoteSpeechError, match="not WAV audio"):
        RemoteSynthesizer(url)


def test_odd_pcm_is_a_clear_error(scripted: tuple[str, _ScriptedServer]):
    url, server = scripted
    server.reply(b"\x00\x01\x02", "audio/pcm")
    synthesizer = RemoteSynthesizer(url, pcm_rate_hz=24_000)
    with pytest.raises(RemoteSpeechError, match="not PCM16"):
        list(synthesizer.synthesize("Hello there."))


def test_segments_without_words_become_simplified_spread_words(
    scripted: tuple[str, _ScriptedServer],
):
    url, server = scripted
    segments = [
        {"start": 0.0, "end": 1.0, "text": "歡迎"},
        {"start": 1.0, "end": 2.0, "text": " 體驗"},
    ]
    server.reply({"text": "歡迎 體驗", "segments": segments}, "application/json")
    transcript = RemoteRecognizer(url).transcribe(np.ones(32_000, dtype=np.float32) * 0.1, "zh")
    assert transcript.text == "欢迎 体验"
    assert [w.text for w in transcript.words] == ["欢", "迎", "体", "验"]
    assert [w.start_s for w in transcript.words] == [0.0, 0.5, 1.0, 1.5]


def test_word_timestamps_are_used_when_the_server_sends_them(
    scripted: tuple[str, _ScriptedServer],
):
    url, server = scripted
    words = [
        {"word": " Hello", "start": 0.1, "end": 0.4},
        {"word": " there", "start": 0.6, "end": 0.9},
    ]
    server.reply({"text": " Hello there", "words": words}, "application/json")
    audio = np.ones(16_000, dtype=np.float32) * 0.1
    transcript = RemoteRecognizer(url, word_timestamps=True).transcribe(audio, "en")
    assert [(w.text, w.start_s, w.end_s) for w in transcript.words] == [
        ("Hello", 0.1, 0.4),
        ("there", 0.6, 0.9),
    ]


def test_a_prompt_echo_is_cut_from_the_transcript(scripted: tuple[str, _ScriptedServer]):
    """A remote whisper primed with the question copies it just like the local one."""
    url, server = scripted
    question = "Explain the bias variance trade-off and how you would balance it in practice."
    echoed = f" {question} It is about model complexity."
    server.reply(
        {"text": echoed, "segments": [{"start": 0, "end": 4, "text": echoed}]}, "application/json"
    )
    audio = np.ones(64_000, dtype=np.float32) * 0.1
    transcript = RemoteRecognizer(url).transcribe(audio, "en", prompt=question)
    assert transcript.text == "It is about model complexity."
    assert transcript.words[0].text == "It"


def test_a_server_without_verbose_json_is_asked_for_plain_json(
    scripted: tuple[str, _ScriptedServer],
):
    url, server = scripted
    server.refuse_verbose_json = True
    server.reply({"text": " Overfitting means memorising noise."}, "application/json")
    recognizer = RemoteRecognizer(url)
    audio = np.ones(32_000, dtype=np.float32) * 0.1
    for _ in range(2):
        transcript = recognizer.transcribe(audio, "en")
        assert transcript.text == "Overfitting means memorising noise."
        assert (transcript.words[0].start_s, transcript.words[-1].end_s) == (0.0, 2.0)
    # verbose_json refused once, then plain json: the refusal is remembered
    assert [b"verbose_json" in r for r in server.requests] == [True, False, False]


def test_a_server_error_is_reported_not_retried(scripted: tuple[str, _ScriptedServer]):
    url, server = scripted
    server.status = 503
    server.reply({"error": {"message": "model is loading"}}, "application/json")
    with pytest.raises(RemoteSpeechError, match="HTTP 503: model is loading") as caught:
        RemoteRecognizer(url).transcribe(np.ones(1600, dtype=np.float32), "en")
    assert caught.value.status_code == 503
    assert len(server.requests) == 1
