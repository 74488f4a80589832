"""scrypt password hashing (standard library only)."""
from __future__ import annotations

import pytest

from bot.review.passwords import (MIN_PASSWORD_CHARS, PasswordError, check_new_password, hash_password, needs_rehash,
                                  verify_password)

PASSWORD = "correct horse battery staple"


def test_hash_and_verify():
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$32768$8$1$")
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + " ", stored)
    assert not verify_password("", stored)
    assert not needs_rehash(stored)


def test_salt_is_per_hash():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.split("$")[4] != second.split("$")[4]
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def test_unicode_forms_are_the_same_password():
    composed, decomposed = "caf\u00e9 au lait 2026!", "cafe\u0301 au lait 2026!"
    assert verify_password(decomposed, hash_password(composed))


def test_weaker_parameters_still_verify_and_ask_for_a_rehash():
    stored = hash_password(PASSWORD, n=2 ** 10)
    assert verify_password(PASSWORD, stored) and needs_rehash(stored)


@pytest.mark.parametrize("stored", ["", "plain", "bcrypt$x", "scrypt$3$8$1$AA==$AA==", "scrypt$1073741824$8$1$AA==$AA==",
                                    "scrypt$16384$8$1$not base64!$AA==", "scrypt$16384$8$1$AA=="])
def test_malformed_or_dangerous_hashes_never_match(stored):
    assert not verify_password(PASSWORD, stored)
    assert needs_rehash(stored)


def test_new_password_rules():
    check_new_password("x" * MIN_PASSWORD_CHARS)
    with pytest.raises(PasswordError):
        check_new_password("x" * (MIN_PASSWORD_CHARS - 1))
    with pytest.raises(PasswordError):
        check_new_password("x" * 5000)
    assert not verify_password("x" * 5000, hash_password(PASSWORD))
