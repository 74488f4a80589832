"""Password hashing for reviewers: scrypt from the standard library (hashlib), per-user random salt.

Stored form: ``scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>``, so the cost can be raised later
without breaking existing hashes (`needs_rehash` says when a stored hash uses weaker parameters).
N=2**15, r=8, p=1 is the OWASP-recommended minimum for scrypt (about 32 MiB and ~0.1 s per hash).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from typing import Optional, Tuple

SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
# Bounds for parameters read back from the database (a tampered row must not exhaust memory).
MAX_N = 2 ** 20
MAX_R = 16
MAX_P = 4
MAX_PASSWORD_CHARS = 1024
MIN_PASSWORD_CHARS = 12


class PasswordError(ValueError):
    pass


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _normalise(password: str) -> bytes:
    # The same password typed on different systems may arrive in different Unicode forms.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 1024 * 1024


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(_normalise(password), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r, p), dklen=KEY_BYTES)


def check_new_password(password: str) -> None:
    """Raise PasswordError if `password` is too short or too long to be set."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordError(f"The password must be at least {MIN_PASSWORD_CHARS} characters long.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordError(f"The password must be at most {MAX_PASSWORD_CHARS} characters long.")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = os.urandom(SALT_BYTES)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(_derive(password, salt, n, r, p))}"


def _parse(stored: str) -> Optional[Tuple[int, int, int, bytes, bytes]]:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return None
        n_, r_, p_ = int(n), int(r), int(p)
        if not (1 < n_ <= MAX_N and n_ & (n_ - 1) == 0 and 0 < r_ <= MAX_R and 0 < p_ <= MAX_P):
            return None
        return n_, r_, p_, base64.b64decode(salt, validate=True), base64.b64decode(key, validate=True)
    except (ValueError, AttributeError):
        return None


def verify_password(password: str, stored: str) -> bool:
    """True if `password` matches `stored`; compares in constant time. False for malformed hashes."""
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARS:
        return False
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P) or len(parsed[4]) != KEY_BYTES


_DUMMY_HASH: Optional[str] = None


def burn_time(password: str) -> None:
    """Spend the same time as a real check (used for unknown usernames: no timing difference)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password-" + _b64(os.urandom(9)))
    verify_password(password[:MAX_PASSWORD_CHARS], _DUMMY_HASH)
