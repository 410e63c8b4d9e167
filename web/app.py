"""The FastAPI application: the composition root (settings -> services -> routes)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, WebSocket
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from interviewer.accounts import Accounts
from web.audio_retention import keep_purging_audio
from web.auth import SignInRequired, viewer_of
from web.auth_routes import build_auth_router
from web.bridge import Bridge
from web.connection import serve_connection
from web.practice_routes import build_practice_router
from web.profile_routes import build_profile_router
from web.report_access import ReportAccess
from web.routes import STATIC_DIR, build_router, matcher_on_first_use
from web.security_headers import SecurityHeadersMiddleware
from web.services import Services, build_services
from web.session_runtime import SessionRuntime
from web.settings import Settings
from web.share_routes import build_share_router


def create_app(
    settings: Settings | None = None, services: Services | None = None, warm_up: bool = True
) -> FastAPI:
    """Build the app; settings are read from the environment here and nowhere else."""
    settings = settings or Settings()
    services = services or build_services(settings)
    bridge = Bridge()
    runtime = SessionRuntime(services, bridge)

    def warm_bank_embeddings() -> None:
        services.scorer.warm_up()
        matcher().match("warm-up")

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_up:  # load models before the first candidate rather than inside their answer
            await asyncio.get_running_loop().run_in_executor(None, runtime.warm_up)
            # The scorer embeds the bank as the background of its off-topic check, and the
            # "practise a question you were asked" matcher embeds it too: minutes on a cold
            # cache, done in the background so the first score and look-up need not wait.
            # The scorer's first: the first report waits for it, and the two share most texts.
            threading.Thread(target=warm_bank_embeddings, daemon=True).start()
            threading.Thread(target=runtime.warm_up_chinese, daemon=True).start()
        # Answers a crash left unscored, and reports never written, are finished now.
        recovering = asyncio.create_task(runtime.scoring.recover())
        purging = asyncio.create_task(
            keep_purging_audio(
                Path(settings.data_dir) / "audio", services.store, settings.audio_retention_days
            )
        )
        yield
        purging.cancel()
        # Let open interviews save what they hold, and scoring finish, before the model
        # threads go away.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while (runtime.active_sessions or runtime.pending_connections) and loop.time() < deadline:
            await asyncio.sleep(0.05)
        await recovering
        with contextlib.suppress(asyncio.CancelledError):
            await purging
        await runtime.scoring.drain(max(1.0, deadline - loop.time()))
        bridge.shutdown()

    docs = settings.api_docs
    app = FastAPI(
        title="Viva",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.services = services
    app.state.runtime = runtime
    accounts = Accounts(services.store.engine)
    access = ReportAccess(services, accounts)
    team = settings.mode == "team"
    # Innermost of the four: it reads the session the middleware below decoded.
    app.add_middleware(
        SignInRequired, accounts=accounts, team=team, allowed_origins=settings.allowed_origins
    )
    if team:
        secret = settings.auth.session_secret
        assert secret is not None  # Settings refuses team mode without one
        app.add_middleware(
            SessionMiddleware,
            secret_key=secret.get_secret_value(),
            session_cookie="viva_session",
            max_age=settings.auth.session_max_age_s,
            same_site="lax",
            https_only=settings.auth.secure_cookies,
        )
    # Every mode: a DNS-rebinding page (Host: evil.example) gets 400 on pages and websocket.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts)
    # Added last, so outermost: the refusals above carry the headers too.
    app.add_middleware(
        SecurityHeadersMiddleware, api_docs_paths=("/docs", "/redoc") if docs else ()
    )
    matcher = matcher_on_first_use(services.bank, services.embed)
    app.include_router(build_auth_router(settings, accounts, STATIC_DIR))
    app.include_router(build_share_router(access))
    app.include_router(build_practice_router(services.practice))
    app.include_router(build_profile_router(services, services.custom))
    app.include_router(build_router(services, access, matcher))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.websocket("/ws/interview")
    async def interview(websocket: WebSocket) -> None:
        await serve_connection(websocket, runtime, viewer_of(websocket).user_id)

    return app
