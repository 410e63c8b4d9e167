"""Who owns what: user accounts, coaches given read access, and revocable report links.

Every interview has an owner (`interviews.user_id`). Personal mode has one implicit owner,
`LOCAL_USER_ID`, made by migration 0005, which also gives it every interview an earlier release
wrote. Team mode adds real accounts: a password (hashed with Argon2id by `pwdlib`, the hash
the OWASP password storage guide recommends first) and/or an OpenID Connect identity (issuer and
subject, linked at first sign-in by web/auth.py).

Reads are decided here, in one place (`Accounts.can_read`): the owner, a coach the owner
granted, or nobody. A share link is a separate capability: a random token, stored only as its
SHA-256 like resume tokens, that opens one report read-only until it is revoked.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import NamedTuple

from pwdlib import PasswordHash
from sqlalchemy import UniqueConstraint
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, col, select

from interviewer.resume_tokens import hash_token, new_token

LOCAL_USER_ID = "local"
# Argon2id with pwdlib's defaults (RFC 9106's second recommended option: 64 MiB, 3 passes).
_PASSWORDS = PasswordHash.recommended()
# Verified against when the e-mail is unknown, so a refusal takes as long either way and does
# not tell an attacker which addresses have accounts.
_DUMMY_HASH = _PASSWORDS.hash(uuid.uuid4().hex)
MIN_PASSWORD_CHARS = 10


def _now() -> datetime:
    return datetime.now(UTC)


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)
    id: str = SQLField(primary_key=True)
    # Lower-cased; None for the implicit personal-mode owner.
    email: str | None = SQLField(default=None, unique=True)
    display_name: str
    password_hash: str | None = None
    oidc_issuer: str | None = None
    oidc_subject: str | None = None
    disabled: bool = False
    created_at: datetime = SQLField(default_factory=_now)


class CoachGrantRow(SQLModel, table=True):
    """`coach_id` may read every report of `candidate_id` (and nothing else of theirs)."""

    __tablename__ = "coach_grants"
    __table_args__ = (UniqueConstraint("candidate_id", "coach_id"),)
    id: int | None = SQLField(default=None, primary_key=True)
    candidate_id: str = SQLField(foreign_key="users.id", index=True)
    coach_id: str = SQLField(foreign_key="users.id", index=True)
    created_at: datetime = SQLField(default_factory=_now)


class ShareLinkRow(SQLModel, table=True):
    __tablename__ = "share_links"
    id: str = SQLField(primary_key=True)
    interview_id: str = SQLField(foreign_key="interviews.id", index=True)
    # SHA-256 of the token in the link; the token itself is never stored.
    token_hash: str = SQLField(unique=True)
    created_by: str = SQLField(foreign_key="users.id")
    created_at: datetime = SQLField(default_factory=_now)
    revoked_at: datetime | None = None


class AccountError(ValueError):
    """A request about accounts that cannot be met, with a message fit to show the user."""


class NewShareLink(NamedTuple):
    link: ShareLinkRow
    # In plain text, for the owner to pass on; the row holds only its hash.
    token: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Accounts:
    """Users, coach grants and share links, on the Store's engine (one short session a call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- users ------------------------------------------------------------------------------
    def create_user(self, email: str, display_name: str, password: str | None) -> UserRow:
        """A password account (or, with `password=None`, one that signs in only through the
        identity provider)."""
        address = normalise_email(email)
        if "@" not in address or len(address) > 254:
            raise AccountError("enter an e-mail address")
        if password is not None and len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
        row = UserRow(
            id=uuid.uuid4().hex,
            email=address,
            display_name=display_name.strip() or address,
            password_hash=_PASSWORDS.hash(password) if password is not None else None,
        )
        try:
            with self._session() as session:
                session.add(row)
                session.commit()
        except IntegrityError:
            raise AccountError("an account with this e-mail already exists") from None
        return row

    def user(self, user_id: str) -> UserRow | None:
        with self._session() as session:
            row = session.get(UserRow, user_id)
            return row if row is not None and not row.disabled else None

    def user_by_email(self, email: str) -> UserRow | None:
        with self._session() as session:
            query = select(UserRow).where(UserRow.email == normalise_email(email))
            return session.exec(query).first()

    def authenticate(self, email: str, password: str) -> UserRow | None:
        """The account whose password this is, or None; rehashes an outdated hash."""
        user = self.user_by_email(email)
        if user is None or user.password_hash is None or user.disabled:
            _PASSWORDS.verify(password, _DUMMY_HASH)
            return None
        valid, updated = _PASSWORDS.verify_and_update(password, user.password_hash)
        if not valid:
            return None
        if updated is not None:
            with self._session() as session:
                user.password_hash = updated
                session.add(user)
                session.commit()
        return user

    def set_password(self, user_id: str, password: str) -> None:
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
        with self._session() as session:
            user = session.get(UserRow, user_id)
            if user is None:
                raise AccountError("no such account")
            user.password_hash = _PASSWORDS.hash(password)
            session.add(user)
            session.commit()

    def oidc_user(self, issuer: str, subject: str, email: str | None, name: str | None) -> UserRow:
        """The account of this identity-provider subject: found, linked to the password
        account of the same verified e-mail, or made."""
        with self._session() as session:
            query = select(UserRow).where(
                UserRow.oidc_issuer == issuer, UserRow.oidc_subject == subject
            )
            found = session.exec(query).first()
            if found is None and email:
                by_email = select(UserRow).where(UserRow.email == normalise_email(email))
                found = session.exec(by_email).first()
            if found is None:
                found = UserRow(
                    id=uuid.uuid4().hex,
                    email=normalise_email(email) if email else None,
                    display_name=(name or email or subject).strip(),
                )
            if found.disabled:
                raise AccountError("this account is disabled")
            found.oidc_issuer, found.oidc_subject = issuer, subject
            session.add(found)
            session.commit()
            return found

    # --- coaches ----------------------------------------------------------------------------
    def grant_coach(self, candidate_id: str, coach_email: str) -> UserRow:
        coach = self.user_by_email(coach_email)
        if coach is None or coach.disabled:
            raise AccountError("no account with this e-mail")
        if coach.id == candidate_id:
            raise AccountError("you can already read your own reports")
        try:
            with self._session() as session:
                session.add(CoachGrantRow(candidate_id=candidate_id, coach_id=coach.id))
                session.commit()
        except IntegrityError:
            pass  # granted already
        return coach

    def revoke_coach(self, candidate_id: str, coach_id: str) -> bool:
        with self._session() as session:
            query = select(CoachGrantRow).where(
                CoachGrantRow.candidate_id == candidate_id, CoachGrantRow.coach_id == coach_id
            )
            row = session.exec(query).first()
            if row is None:
                return False
            session.delete(row)
            session.commit()
            return True

    def coaches(self, candidate_id: str) -> list[UserRow]:
        with self._session() as session:
            query = (
                select(UserRow)
                .join(CoachGrantRow, col(CoachGrantRow.coach_id) == col(UserRow.id))
                .where(CoachGrantRow.candidate_id == candidate_id)
            )
            return list(session.exec(query))

    def candidates_of(self, coach_id: str) -> list[UserRow]:
        with self._session() as session:
            query = (
                select(UserRow)
                .join(CoachGrantRow, col(CoachGrantRow.candidate_id) == col(UserRow.id))
                .where(CoachGrantRow.coach_id == coach_id)
            )
            return list(session.exec(query))

    def readable_owners(self, user_id: str) -> set[str]:
        """Whose interviews `user_id` may read: their own and their candidates'."""
        return {user_id} | {candidate.id for candidate in self.candidates_of(user_id)}

    # --- share links ------------------------------------------------------------------------
    def share(self, interview_id: str, user_id: str) -> NewShareLink:
        token = new_token()
        row = ShareLinkRow(
            id=uuid.uuid4().hex,
            interview_id=interview_id,
            token_hash=hash_token(token),
            created_by=user_id,
        )
        with self._session() as session:
            session.add(row)
            session.commit()
        return NewShareLink(row, token)

    def share_links(self, interview_id: str) -> list[ShareLinkRow]:
        with self._session() as session:
            query = (
                select(ShareLinkRow)
                .where(ShareLinkRow.interview_id == interview_id)
                .order_by(col(ShareLinkRow.created_at))
            )
            return list(session.exec(query))

    def revoke_share(self, interview_id: str, link_id: str) -> bool:
        with self._session() as session:
            row = session.get(ShareLinkRow, link_id)
            if row is None or row.interview_id != interview_id or row.revoked_at is not None:
                return False
            row.revoked_at = _now()
            session.add(row)
            session.commit()
            return True

    def shared_interview(self, token: str) -> str | None:
        """The interview a live share link opens, or None (unknown or revoked)."""
        with self._session() as session:
            query = select(ShareLinkRow).where(ShareLinkRow.token_hash == hash_token(token))
            row = session.exec(query).first()
        return None if row is None or row.revoked_at is not None else row.interview_id
