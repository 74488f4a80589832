"""Reviewer accounts: sign-in, lock-out after 5 wrong passwords, disabled accounts, sessions."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.review import accounts
from bot.review.accounts import AccountError, add_reviewer, authenticate, create_session, load_session, set_disabled, utcnow
from tests.integration.review.conftest import PASSWORD, audit_rows


@pytest.fixture
def rex(product):
    return add_reviewer(product, "Rex", PASSWORD, "reviewer")


def test_add_and_sign_in(product, rex):
    assert rex.username == "rex" and rex.role == "reviewer" and not rex.is_admin
    result = authenticate(product, "REX ", PASSWORD)
    assert result.ok and result.reviewer.username == "rex"
    assert not authenticate(product, "rex", PASSWORD + "x").ok
    assert not authenticate(product, "nobody", PASSWORD).ok


def test_add_checks_its_input(product, rex):
    with pytest.raises(AccountError, match="already"):
        add_reviewer(product, "rex", PASSWORD)
    with pytest.raises(AccountError, match="at least 12"):
        add_reviewer(product, "sam", "short")
    with pytest.raises(AccountError, match="role"):
        add_reviewer(product, "sam", PASSWORD, "superuser")
    with pytest.raises(AccountError, match="username"):
        add_reviewer(product, "sam smith", PASSWORD)


def test_password_is_stored_as_a_salted_scrypt_hash(product, rex):
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.review.models import Reviewer

    add_reviewer(product, "twin", PASSWORD)
    with session_scope(product) as session:
        hashes = dict(session.execute(select(Reviewer.username, Reviewer.password_hash)).all())
    assert all(h.startswith("scrypt$32768$8$1$") and PASSWORD not in h for h in hashes.values())
    assert hashes["rex"] != hashes["twin"]  # same password, different salt


def test_lock_out_after_five_wrong_passwords(dbs, product, rex):
    now = utcnow()
    for attempt in range(4):
        result = authenticate(product, "rex", "wrong password!", now=now)
        assert result.reason == "bad_credentials"
    assert authenticate(product, "rex", "wrong password!", now=now).reason == "locked"  # the 5th
    # Locked for 15 minutes: even the right password is refused.
    assert authenticate(product, "rex", PASSWORD, now=now + timedelta(minutes=14)).reason == "locked"
    assert authenticate(product, "rex", PASSWORD, now=now + timedelta(minutes=16)).ok
    assert [r[2] for r in audit_rows(dbs, "locked")] == ["rex"]
    failed = audit_rows(dbs, "login_failed")
    assert len(failed) == 6 and "locked until" in failed[-1][3]
    assert [r[0] for r in audit_rows(dbs, "login")] == ["rex"]


def test_a_right_password_resets_the_count(product, rex):
    now = utcnow()
    for _ in range(4):
        authenticate(product, "rex", "wrong password!", now=now)
    assert authenticate(product, "rex", PASSWORD, now=now).ok
    for _ in range(4):
        assert authenticate(product, "rex", "wrong password!", now=now).reason == "bad_credentials"


def test_disabled_reviewer_cannot_sign_in_and_is_signed_out(dbs, product, rex):
    token = create_session(product, rex.id)
    assert load_session(product, token, idle_minutes=30, max_hours=12)[0] is not None
    set_disabled(product, "rex", True)
    assert authenticate(product, "rex", PASSWORD).reason == "disabled"
    assert load_session(product, token, idle_minutes=30, max_hours=12) == (None, "missing")
    assert any(r[3] and "disabled" in r[3] for r in audit_rows(dbs, "login_failed"))
    set_disabled(product, "rex", False)
    assert authenticate(product, "rex", PASSWORD).ok


def test_sessions_time_out(product, rex):
    start = utcnow()
    token = create_session(product, rex.id, now=start)
    info, reason = load_session(product, token, idle_minutes=30, max_hours=12, now=start + timedelta(minutes=29))
    assert reason == "ok" and info.reviewer.username == "rex" and len(info.csrf_token) >= 32
    # Activity keeps it alive, up to the absolute limit.
    assert load_session(product, token, idle_minutes=30, max_hours=12, now=start + timedelta(minutes=50))[1] == "ok"
    assert load_session(product, token, idle_minutes=30, max_hours=12, now=start + timedelta(minutes=90))[1] == "expired"
    assert load_session(product, token, idle_minutes=30, max_hours=12, now=start + timedelta(minutes=91))[1] == "missing"
    other = create_session(product, rex.id, now=start)
    assert load_session(product, other, idle_minutes=9999, max_hours=1, now=start + timedelta(hours=2))[1] == "expired"
    assert load_session(product, "not-a-token", idle_minutes=30, max_hours=12)[1] == "missing"


def test_only_the_token_hash_is_stored(product, rex):
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.review.models import ReviewSession

    token = create_session(product, rex.id)
    with session_scope(product) as session:
        stored = session.execute(select(ReviewSession.token_hash)).scalars().all()
    assert token not in stored and len(stored[0]) == 64
    accounts.end_session(product, token)
    assert load_session(product, token, idle_minutes=30, max_hours=12)[1] == "missing"
