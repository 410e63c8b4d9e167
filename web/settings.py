"""Settings, read from `VIVA_` environment variables only in `create_app()`.

Nested groups use `__`, e.g. `VIVA_DATABASE__URL=postgresql+psycopg://...` or
`VIVA_LLM__BACKEND=openai`. Every backend accepts a bundled name or a local path/URL so users can
plug in bigger models without code changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from interviewer.mock_phases import DEFAULT_PHASES, PhasePlan
from web.origin import default_allowed_hosts, is_loopback, normalise_origin

DEFAULT_HOME = Path.home() / ".local" / "share" / "viva"


class DatabaseSettings(BaseModel):
    # Any SQLAlchemy URL; empty means a SQLite file in the data directory. Secret: it may hold
    # the database password, so it shows as ********** in any repr, log or dump of settings.
    url: SecretStr | None = None


class AsrSettings(BaseModel):
    # A bundled name (tiny.en, base) or a local CTranslate2 Whisper directory.
    english_model: str = "tiny.en"
    chinese_model: str = "base"
    backend: Literal["whisper", "funasr", "openai"] = "whisper"
    funasr_model_dir: str | None = None
    # OpenAI-compatible audio server (vLLM, speaches, LocalAI), base URL ending in /v1:
    # `POST {base_url}/audio/transcriptions`, one model for both languages.
    base_url: str | None = None
    model: str = "whisper-1"
    # Secret: shows as ********** in any repr, log or dump of settings.
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=30.0, gt=0)
    cpu_threads: int = Field(default=2, ge=1)
    # Word-level alignment doubles the decode time on the reply path; off, words are spread
    # over their segment and pauses come from the VAD's segmentation.
    word_timestamps: bool = False
    # Live captions: a partial decode of the last few seconds every this often while speaking.
    partial_every_ms: int = Field(default=2000, ge=0)
    partial_window_s: float = Field(default=10.0, gt=0)


class TtsSettings(BaseModel):
    # A bundled name (joe) or a piper .onnx voice path.
    english_voice: str = "joe"
    # Chinese: "kokoro" (the bundled Kokoro-82M, speaking with `chinese_style`), "espeak"
    # (espeak-ng's robotic voice, no model) or a piper .onnx voice path.
    chinese_voice: str = "kokoro"
    chinese_style: str = "jm_kumo"
    backend: Literal["piper", "openai"] = "piper"
    # OpenAI-compatible audio server: `POST {base_url}/audio/speech`. Chinese lines stay local
    # (chinese_voice) unless the server has a voice for them.
    base_url: str | None = None
    model: str = "tts-1"
    voice: str = "alloy"
    chinese_remote_voice: str | None = None
    api_key: SecretStr | None = None  # secret, like the LLM's
    timeout_s: float = Field(default=30.0, gt=0)


class LlmSettings(BaseModel):
    backend: Literal["llama_cpp", "openai", "none"] = "llama_cpp"
    # A GGUF path; empty means the bundled base Gemma 3 270M.
    model_path: str | None = None
    chat_format: str | None = None
    # Only a capable (instruction-tuned) model phrases lines and drafts follow-ups.
    capable: bool = False
    n_ctx: int = 2048
    threads: int = 2
    # OpenAI-compatible server (vLLM, llama.cpp server, Ollama).
    base_url: str | None = None
    model: str = "default"
    # Secret: shows as ********** in any repr, log or dump of settings.
    api_key: SecretStr | None = None


class EndpointSettings(BaseModel):
    # With continuations (session.continuation_window_ms), 2 s loses no thinking pause of up
    # to 4 s on bench/endpointing.py's answers; see speech/endpointing.py.
    trailing_silence_ms: int = Field(default=2000, ge=200, le=10_000)
    speech_threshold: float = Field(default=0.5, gt=0, lt=1)
    pre_roll_ms: int = Field(default=300, ge=0)
    max_answer_s: float = Field(default=300, gt=0)
    # A pause this long closes a segment of the answer, which is decoded at once.
    pause_hint_ms: int = Field(default=400, ge=100)


class SessionSettings(BaseModel):
    """Bounds on one connection, so no client can hold a slot, a queue or an interview forever."""

    # A socket that sends neither `start` nor `resume_session` this long is closed.
    start_timeout_s: float = Field(default=30, gt=0)
    # No speech and no control this long while listening or paused: the interview is paused,
    # what was heard is saved, and the connection (and its slot) is let go; it can be resumed.
    idle_timeout_s: float = Field(default=600, gt=0)
    # A client that does not read what we send for this long is disconnected.
    send_timeout_s: float = Field(default=10, gt=0)
    # Speech starting this soon after the interviewer began its reply continues the answer.
    continuation_window_ms: int = Field(default=2500, ge=0, le=10_000)
    # Lease: renewed this often (a take-over waits about this long for the hand-over); a
    # lease not renewed for `lease_stale_s` belongs to a dead process and is taken.
    heartbeat_s: float = Field(default=1.0, gt=0)
    lease_stale_s: float = Field(default=6, gt=0)
    # How long a reconnect waits for the previous connection to hand the interview over.
    takeover_wait_s: float = Field(default=15, gt=0)
    # Sockets waiting for their `start`, on top of the started sessions.
    max_pending_connections: int = Field(default=32, ge=1)
    # Messages queued for one interview before the socket is read more slowly (backpressure).
    inbox_size: int = Field(default=512, ge=16)


class ScoringSettings(BaseModel):
    # A failed scoring job is tried this many times, then recorded as failed (the report
    # says so); `retry_delay_s` doubles after each failure.
    attempts: int = Field(default=3, ge=1, le=10)
    retry_delay_s: float = Field(default=0.5, ge=0)


class OidcSettings(BaseModel):
    """An OpenID Connect identity provider (Keycloak, Authentik, Google Workspace, Entra ID...).

    The provider's discovery document is read from `issuer` + /.well-known/openid-configuration;
    register `<public url>/auth/oidc/callback` as the redirect URI there."""

    issuer: str
    client_id: str
    client_secret: SecretStr
    # The name on the sign-in button.
    name: str = "single sign-on"


class AuthSettings(BaseModel):
    """Team mode's sign-in. The session is a signed cookie (Starlette's SessionMiddleware)."""

    # Signs the session cookie; required in team mode (at least 32 characters). Rotating it
    # signs everyone out.
    session_secret: SecretStr | None = None
    session_max_age_s: int = Field(default=14 * 24 * 3600, ge=60)
    # Sent only over HTTPS. Browsers treat http://localhost as secure too; turn off only to
    # try team mode over plain http on another name.
    secure_cookies: bool = True
    # Anyone who can reach the server may create a password account; off, an administrator
    # adds accounts with `python -m web.accounts_cli add`.
    open_signup: bool = False
    oidc: OidcSettings | None = None


class LimitSettings(BaseModel):
    """Per-user limits, so one account cannot take every session slot of a team server."""

    concurrent_sessions_per_user: int = Field(default=1, ge=1)
    # Interviews one user may start in 24 hours (0: no limit).
    daily_sessions_per_user: int = Field(default=20, ge=0)


class InterviewSettings(BaseModel):
    questions_per_interview: int = Field(default=3, ge=3, le=8)
    # A timed full mock's phases: round, number of questions and time budget of each.
    mock_phases: list[PhasePlan] = Field(default_factory=lambda: list(DEFAULT_PHASES))
    max_follow_ups: int = Field(default=1, ge=0, le=3)
    rubrics_dir: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIVA_", env_nested_delimiter="__")

    # personal: one implicit owner, no sign-in, loopback only. team: sign-in on every page,
    # API route and the websocket; every interview belongs to the account that started it.
    mode: Literal["personal", "team"] = "personal"
    host: str = "127.0.0.1"
    port: int = 8000
    # Host names served (`Host` header), comma-separated; empty: `trusted_hosts`' defaults.
    # "*" turns the check off, for a proxy in front that checks Host itself.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Origins besides Viva's own whose pages may open the websocket, comma-separated
    # (e.g. https://viva.example.com when a proxy serves Viva under another name).
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # FastAPI's /docs, /redoc and /openapi.json: off unless asked for (a developer's aid that
    # lists every route to anyone who can reach the server).
    api_docs: bool = False
    data_dir: Path = DEFAULT_HOME
    # Keep each answer's recording (in the database) for replay in the report; off keeps
    # only transcripts.
    keep_audio: bool = True
    # Kept recordings are deleted this many days after the answer (0 keeps them forever).
    audio_retention_days: int = Field(default=30, ge=0)
    # bench/load.py on 2 cores, bundled models (issue 10): 12 interviews kept end of turn ->
    # reply audio at p95 0.1-0.9 s, 16 went to 2.9 s; beyond the limit new ones get `busy`.
    max_sessions: int = Field(default=12, ge=1)
    max_message_bytes: int = Field(default=256 * 1024, ge=1024)
    max_text_answer_chars: int = Field(default=8000, ge=100)
    database: DatabaseSettings = DatabaseSettings()
    asr: AsrSettings = AsrSettings()
    tts: TtsSettings = TtsSettings()
    llm: LlmSettings = LlmSettings()
    endpointing: EndpointSettings = EndpointSettings()
    interview: InterviewSettings = InterviewSettings()
    session: SessionSettings = SessionSettings()
    scoring: ScoringSettings = ScoringSettings()
    auth: AuthSettings = AuthSettings()
    limits: LimitSettings = LimitSettings()

    @model_validator(mode="after")
    def _mode_fits(self) -> Settings:
        """Personal mode has no sign-in, so it must not be reachable from other machines;
        team mode cannot sign anyone in without a secret for the session cookie."""
        if self.mode == "personal" and not is_loopback(self.host):
            raise ValueError(
                f"personal mode has no sign-in and listens only on loopback, not {self.host!r}; "
                "set VIVA_MODE=team to serve other machines"
            )
        if self.mode == "team":
            secret = self.auth.session_secret
            if secret is None or len(secret.get_secret_value()) < 32:
                raise ValueError(
                    "team mode needs VIVA_AUTH__SESSION_SECRET of at least 32 characters "
                    '(e.g. python -c "import secrets; print(secrets.token_urlsafe(32))")'
                )
        return self

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`VIVA_ALLOWED_HOSTS=viva.example.com,10.0.0.5` reads as a list."""
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        """Written as browsers send them, so a mistyped origin fails at start-up."""
        normal = [normalise_origin(origin) for origin in origins]
        bad = [origin for origin, n in zip(origins, normal, strict=True) if n is None]
        if bad:
            raise ValueError(f"not an http(s) origin (scheme://host[:port]): {bad[0]!r}")
        return [n for n in normal if n is not None]

    @property
    def trusted_hosts(self) -> list[str]:
        """The `Host` values served: `allowed_hosts`, or the loopback names plus `host`."""
        return self.allowed_hosts or default_allowed_hosts(self.host)

    @property
    def database_url(self) -> str:
        """The URL with its password: for the engine only, never to print."""
        if self.database.url is not None:
            return self.database.url.get_secret_value()
        return f"sqlite:///{Path(self.data_dir).expanduser() / 'viva.db'}"
