"""Sign-in, sign-out and the account page's API: password accounts and OpenID Connect.

OpenID Connect goes through Authlib's Starlette client, which reads the provider's discovery
document, keeps `state` and `nonce` in the session, exchanges the code and validates the ID
token's signature, issuer, audience, expiry and nonce; Viva only maps the verified claims to an
account (interviewer/accounts.py). Password sign-in is a JSON API used by /login's script.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from interviewer.accounts import AccountError, Accounts
from web.auth import SESSION_USER_KEY, Viewer, viewer_of
from web.settings import Settings

OIDC_CLIENT = "oidc"


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class SignUp(Credentials):
    display_name: str = Field(default="", max_length=80)


class CoachGrant(BaseModel):
    email: str = Field(min_length=3, max_length=254)


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link use Viva's name."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _me(viewer: Viewer, settings: Settings) -> dict[str, Any]:
    return {
        "id": viewer.user_id,
        "display_name": viewer.display_name,
        "email": viewer.email,
        "mode": settings.mode,
    }


def build_auth_router(settings: Settings, accounts: Accounts, static_dir: Any) -> APIRouter:
    router = APIRouter()
    oauth = _oauth(settings)

    @router.get("/login", include_in_schema=False)
    def login_page() -> FileResponse:
        return FileResponse(static_dir / "login.html")

    @router.get("/account", include_in_schema=False)
    def account_page() -> FileResponse:
        return FileResponse(static_dir / "account.html")

    @router.get("/api/auth/options")
    def auth_options() -> dict[str, Any]:
        oidc = settings.auth.oidc
        return {
            "mode": settings.mode,
            "open_signup": settings.auth.open_signup,
            "oidc": oidc.name if oidc is not None else None,
        }

    @router.post("/api/login")
    async def login(request: Request, credentials: Credentials) -> dict[str, Any]:
        if settings.mode != "team":
            raise HTTPException(404, "personal mode has no sign-in")
        user = await run_in_threadpool(
            accounts.authenticate, credentials.email, credentials.password
        )
        if user is None:
            raise HTTPException(401, "wrong e-mail or password")
        request.session.clear()
        request.session[SESSION_USER_KEY] = user.id
        return {"id": user.id, "display_name": user.display_name}

    @router.post("/api/signup")
    async def signup(request: Request, form: SignUp) -> dict[str, Any]:
        if settings.mode != "team" or not settings.auth.open_signup:
            raise HTTPException(403, "accounts are made by an administrator here")
        try:
            user = await run_in_threadpool(
                accounts.create_user, form.email, form.display_name, form.password
            )
        except AccountError as exc:
            raise HTTPException(400, str(exc)) from None
        request.session.clear()
        request.session[SESSION_USER_KEY] = user.id
        return {"id": user.id, "display_name": user.display_name}

    @router.post("/api/logout")
    def logout(request: Request) -> dict[str, str]:
        if "session" in request.scope:
            request.session.clear()
        return {"status": "signed out"}

    @router.get("/api/me")
    def me(request: Request) -> dict[str, Any]:
        return _me(viewer_of(request), settings)

    @router.get("/api/coaches")
    def coaches(request: Request) -> dict[str, Any]:
        viewer = viewer_of(request)

        def person(user: Any) -> dict[str, Any]:
            return {"id": user.id, "display_name": user.display_name, "email": user.email}

        return {
            "coaches": [person(u) for u in accounts.coaches(viewer.user_id)],
            "candidates": [person(u) for u in accounts.candidates_of(viewer.user_id)],
        }

    @router.post("/api/coaches")
    def add_coach(request: Request, grant: CoachGrant) -> dict[str, Any]:
        viewer = viewer_of(request)
        if viewer.personal:
            raise HTTPException(404, "personal mode has no other accounts")
        try:
            coach = accounts.grant_coach(viewer.user_id, grant.email)
        except AccountError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"id": coach.id, "display_name": coach.display_name, "email": coach.email}

    @router.delete("/api/coaches/{coach_id}")
    def remove_coach(request: Request, coach_id: str) -> dict[str, bool]:
        removed = accounts.revoke_coach(viewer_of(request).user_id, coach_id)
        if not removed:
            raise HTTPException(404, "no such coach")
        return {"removed": True}

    if oauth is not None:

        @router.get("/auth/oidc/login", include_in_schema=False)
        async def oidc_login(request: Request, next: str | None = None) -> Any:
            request.session["next"] = safe_next(next)
            redirect_uri = str(request.url_for("oidc_callback"))
            return await oauth.create_client(OIDC_CLIENT).authorize_redirect(request, redirect_uri)

        @router.get("/auth/oidc/callback", name="oidc_callback", include_in_schema=False)
        async def oidc_callback(request: Request) -> RedirectResponse:
            from authlib.integrations.starlette_client import OAuthError
            from joserfc.errors import JoseError

            client = oauth.create_client(OIDC_CLIENT)
            try:
                token = await client.authorize_access_token(request)
            except OAuthError as exc:  # state, code exchange
                raise HTTPException(401, f"sign-in failed: {exc.error}") from None
            except JoseError as exc:  # the ID token: signature, issuer, audience, expiry, nonce
                raise HTTPException(401, f"sign-in failed: {exc.error}") from None
            claims = token.get("userinfo") or {}
            if not claims.get("sub"):
                raise HTTPException(401, "sign-in failed: the provider sent no subject")
            email = claims.get("email") if claims.get("email_verified", False) else None
            try:
                user = await run_in_threadpool(
                    accounts.oidc_user, claims["iss"], claims["sub"], email, claims.get("name")
                )
            except AccountError as exc:
                raise HTTPException(403, str(exc)) from None
            target = safe_next(request.session.pop("next", None))
            request.session.clear()
            request.session[SESSION_USER_KEY] = user.id
            return RedirectResponse(target, status_code=303)

    @router.post("/api/password")
    async def change_password(
        request: Request,
        current: Annotated[str, Body(max_length=1024)],
        new: Annotated[str, Body(max_length=1024)],
    ) -> dict[str, str]:
        viewer = viewer_of(request)
        if viewer.personal or viewer.email is None:
            raise HTTPException(404, "this account has no password")
        if await run_in_threadpool(accounts.authenticate, viewer.email, current) is None:
            raise HTTPException(401, "the current password is wrong")
        try:
            await run_in_threadpool(accounts.set_password, viewer.user_id, new)
        except AccountError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"status": "changed"}

    return router


def _oauth(settings: Settings) -> Any:
    """Authlib's client registry with the configured provider, or None without one."""
    oidc = settings.auth.oidc
    if settings.mode != "team" or oidc is None:
        return None
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    oauth.register(
        OIDC_CLIENT,
        client_id=oidc.client_id,
        client_secret=oidc.client_secret.get_secret_value(),
        server_metadata_url=oidc.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )
    return oauth
