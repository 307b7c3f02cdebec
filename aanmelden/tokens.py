"""Unguessable links for people without a login. Only a SHA-256 of a token is stored, so a copy of
the database does not hand out working links; a token is 32 random bytes (256 bits)."""

import hashlib
import secrets

MAX_LENGTE = 64


def nieuw_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def hash_email(email: str) -> str:
    """An opt-out remembers the address as a hash: it must outlive the client's data."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def is_plausibel(token: str) -> bool:
    return 20 <= len(token) <= MAX_LENGTE
