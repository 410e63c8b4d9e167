"""Resume tokens: handed to the client once, stored only as their SHA-256.

A token is 24 random bytes (192 bits) from `secrets`. Nobody can guess one or search for the
input of its hash, so a fast hash is enough: slow password hashes (argon2, bcrypt) exist to
protect secrets with little entropy, which people choose, and would only cost a CPU-heavy
verify on every reconnect. Stored hashed, a copy of the database (a backup, a leaked dump)
does not let anyone take over an interview; compared in constant time, a wrong guess learns
nothing from how long the refusal took.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 24


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What the database keeps: the token's SHA-256, 64 lower-case hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(stored_hash: str, token: str) -> bool:
    return hmac.compare_digest(stored_hash.encode("ascii"), hash_token(token).encode("ascii"))
