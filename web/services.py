"""Choosing and holding the backends: the one plain function that turns settings into models.

Models are loaded once per process and shared by every connection (a handful of concurrent
sessions on a laptop). Heavy loads happen lazily on first use so the server starts in about a
second; `warm_up()` loads them ahead of the first candidate.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import SecretStr

from interviewer.chat_model import ChatModel
from interviewer.custom_questions import CustomQuestions, bank_with_stored
from interviewer.e5_embedder import E5Embedder
from interviewer.line_writer import LineWriter
from interviewer.practice import Practice
from interviewer.scoring import AnswerScorer
from interviewer.storage import Store
from rubrics.bank import QuestionBank
from rubrics.loader import default_data_dir, load_bank
from rubrics.match import Embed
from speech.endpointing import EndpointingConfig
from speech.types import SpeechRecognizer, SpeechSynthesizer, VoiceActivityDetector
from web.settings import Settings

T = TypeVar("T")


@dataclass
class Services:
    """Everything a voice session needs, built from settings in `create_app()`."""

    settings: Settings
    bank: QuestionBank
    store: Store
    recognizer: Callable[[str], SpeechRecognizer]
    synthesizer: Callable[[str], SpeechSynthesizer]
    make_vad: Callable[[], VoiceActivityDetector]
    writer: LineWriter
    scorer: AnswerScorer
    endpointing: EndpointingConfig
    # The scorer's sentence embedder, shared with the "practise a question you were asked"
    # matcher (one model in memory, one cache); None: the matcher loads the bundled one.
    embed: Embed | None = None
    # Outcomes and the review notebook, on the same database (interviewer/practice.py).
    practice: Practice = field(init=False)
    # Profiles and their deep-dive questions (interviewer/custom_questions.py). `bank` finds a
    # deep dive by id too, so the conductor, the scorer, the report and the notebook use one
    # like any bank question; planning and listing still see the bank alone.
    custom: CustomQuestions = field(init=False)

    def __post_init__(self) -> None:
        self.custom = CustomQuestions(self.store.engine)
        self.bank = bank_with_stored(self.bank, self.custom)
        self.practice = Practice(self.store.engine, self.bank)

    def warm_up(self) -> None:
        """Load the default-language models now rather than inside the first answer."""
        self.recognizer("en")
        self.synthesizer("en")
        self.make_vad()


def build_services(settings: Settings) -> Services:
    """Pick every backend from settings; fails fast on a broken rubric bank or model path."""
    bank = load_bank(Path(settings.interview.rubrics_dir or default_data_dir()))
    chat_model = build_chat_model(settings)
    embedder = E5Embedder(num_threads=1)
    return Services(
        settings=settings,
        bank=bank,
        store=Store(settings.database_url),
        recognizer=loaded_once(functools.partial(_recognizer, settings)),
        synthesizer=loaded_once(functools.partial(_synthesizer, settings)),
        make_vad=_vad_factory(),
        writer=LineWriter(chat_model),
        scorer=AnswerScorer(
            embedder,
            judge=_judge(chat_model),
            bank=bank,  # the background an off-topic answer is compared with
        ),
        endpointing=EndpointingConfig(**settings.endpointing.model_dump()),
        embed=embedder.embed,
    )


def loaded_once(load: Callable[[str], T]) -> Callable[[str], T]:
    """`load(language)` once per language, even when two threads ask first at the same time
    (the start-up warm-up and the first session): with functools.cache both built the Chinese
    voice, each holding a model in memory (and, with the package's own join, one of them
    failed). Each language has its own lock, so a slow Chinese load does not hold an English
    session up."""
    loaded: dict[str, T] = {}
    locks: dict[str, threading.Lock] = {}
    guard = threading.Lock()

    def get(language: str) -> T:
        with guard:
            lock = locks.setdefault(language, threading.Lock())
        with lock:
            if language not in loaded:
                loaded[language] = load(language)
            return loaded[language]

    return get


def _judge(chat_model: ChatModel | None) -> ChatModel | None:
    """Only a capable model may judge answers: the bundled base model's verdicts are noise."""
    return chat_model if chat_model is not None and chat_model.capable else None


def build_chat_model(settings: Settings) -> ChatModel | None:
    llm = settings.llm
    if llm.backend == "none":
        return None
    if llm.backend == "openai":
        from interviewer.openai_chat_model import OpenAIChatModel

        if not llm.base_url:
            raise ValueError("VIVA_LLM__BASE_URL is required when VIVA_LLM__BACKEND=openai")
        api_key = llm.api_key.get_secret_value() if llm.api_key else None
        return OpenAIChatModel(llm.base_url, llm.model, api_key=api_key, capable=llm.capable)
    from interviewer.gguf_files import bundled_gguf_path, resolve_gguf_path
    from interviewer.llama_cpp_chat_model import LlamaCppChatModel

    bundled = llm.model_path is None
    path = bundled_gguf_path() if bundled else resolve_gguf_path(llm.model_path or "")
    return LlamaCppChatModel(
        path,
        n_ctx=llm.n_ctx,
        n_threads=llm.threads,
        # The bundled base Gemma has no chat template; "gemma" is required (DESIGN.md §3).
        chat_format=llm.chat_format or ("gemma" if bundled else None),
        capable=llm.capable and not bundled,
    )


def _recognizer(settings: Settings, language: str) -> SpeechRecognizer:
    asr = settings.asr
    if asr.backend == "openai":
        from speech.remote_recognizer import RemoteRecognizer

        if not asr.base_url:
            raise ValueError("VIVA_ASR__BASE_URL is required when VIVA_ASR__BACKEND=openai")
        return RemoteRecognizer(
            asr.base_url,
            asr.model,
            api_key=_secret(asr.api_key),
            timeout_s=asr.timeout_s,
            word_timestamps=asr.word_timestamps,
        )
    if asr.backend == "funasr":
        from speech.funasr_recognizer import FunAsrRecognizer

        return FunAsrRecognizer(asr.funasr_model_dir or "")
    from speech.whisper_recognizer import WhisperRecognizer

    name = asr.chinese_model if language == "zh" else asr.english_model
    return WhisperRecognizer(name, cpu_threads=asr.cpu_threads, word_timestamps=asr.word_timestamps)


def _synthesizer(settings: Settings, language: str) -> SpeechSynthesizer:
    tts = settings.tts
    remote_voice = tts.chinese_remote_voice if language == "zh" else tts.voice
    if tts.backend == "openai" and remote_voice:
        from speech.remote_synthesizer import RemoteSynthesizer

        if not tts.base_url:
            raise ValueError("VIVA_TTS__BASE_URL is required when VIVA_TTS__BACKEND=openai")
        return RemoteSynthesizer(
            tts.base_url, tts.model, remote_voice, _secret(tts.api_key), tts.timeout_s
        )
    from speech.piper_synthesizer import PiperSynthesizer

    if language == "zh":
        if tts.chinese_voice == "kokoro":
            from speech.kokoro_synthesizer import KokoroSynthesizer

            return KokoroSynthesizer(tts.chinese_style)
        if tts.chinese_voice == "espeak":
            from speech.espeak_synthesizer import EspeakSynthesizer

            return EspeakSynthesizer()
        return PiperSynthesizer(tts.chinese_voice)
    return PiperSynthesizer(settings.tts.english_voice)


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value else None


def _vad_factory() -> Callable[[], VoiceActivityDetector]:
    from speech.silero_vad import SileroVad

    return SileroVad
