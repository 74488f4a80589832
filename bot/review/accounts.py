"""Reviewer accounts, sign-in with lock-out, server-side sessions and the audit log.

Every function takes the product database engine; none keeps state between calls.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import session_scope
from bot.review.models import ROLES, AuditEntry, Reviewer, ReviewSession
from bot.review.passwords import burn_time, check_new_password, hash_password, needs_rehash, verify_password

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: Optional[datetime]) -> Optional[datetime]:
    """SQLite hands timestamps back without a time zone; they were written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


@dataclass(frozen=True)
class ReviewerInfo:
    id: int
    username: str
    role: str
    disabled: bool
    failed_logins: int
    locked_until: Optional[datetime]
    created_at: datetime

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _info(row: Reviewer) -> ReviewerInfo:
    return ReviewerInfo(row.id, row.username, row.role, bool(row.disabled), int(row.failed_logins or 0),
                        as_utc(row.locked_until), as_utc(row.created_at))


# ---------------------------------------------------------------------------- audit log
def audit(session: Session, actor: str, action: str, target: Optional[str] = None, detail: Optional[str] = None,
          at: Optional[datetime] = None) -> None:
    """Add one audit row in the caller's transaction."""
    session.add(AuditEntry(at=at or utcnow(), actor=actor[:100], action=action[:40],
                           target=None if target is None else str(target)[:255], detail=detail))


def record(engine: Engine, actor: str, action: str, target: Optional[str] = None, detail: Optional[str] = None,
           at: Optional[datetime] = None) -> None:
    """Write one audit row on its own."""
    with session_scope(engine) as session:
        audit(session, actor, action, target, detail, at=at)


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    target: Optional[str]
    detail: Optional[str]


def audit_entries(engine: Engine, *, action: Optional[str] = None, actor: Optional[str] = None,
                  offset: int = 0, limit: int = 100) -> "tuple[List[AuditRecord], int]":
    """Newest first, with the total count for pagination."""
    query = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
        count = count.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
        count = count.where(AuditEntry.actor == actor)
    with session_scope(engine) as session:
        total = int(session.execute(count).scalar_one())
        rows = session.execute(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)).scalars().all()
        return [AuditRecord(r.id, as_utc(r.at), r.actor, r.action, r.target, r.detail) for r in rows], total


def audit_actions(engine: Engine) -> List[str]:
    with session_scope(engine) as session:
        return sorted(session.execute(select(AuditEntry.action).distinct()).scalars().all())


# ---------------------------------------------------------------------------- reviewers
def add_reviewer(engine: Engine, username: str, password: str, role: str = "reviewer", *, actor: str = "cli") -> ReviewerInfo:
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise AccountError("A username is 2-100 characters: lower-case letters, digits and . _ @ - "
                           "(starting with a letter or digit).")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    try:
        check_new_password(password)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    row = Reviewer(username=name, password_hash=hash_password(password), role=role, failed_logins=0,
                   created_at=utcnow(), disabled=False)
    try:
        with session_scope(engine) as session:
            if session.execute(select(Reviewer.id).where(Reviewer.username == name)).first():
                raise AccountError(f"There is already a reviewer called {name}.")
            session.add(row)
            session.flush()
            audit(session, actor, "reviewer_add", name, f"role {role}")
            return _info(row)
    except IntegrityError as exc:  # two adds at once
        raise AccountError(f"There is already a reviewer called {name}.") from exc


def list_reviewers(engine: Engine) -> List[ReviewerInfo]:
    with session_scope(engine) as session:
        return [_info(r) for r in session.execute(select(Reviewer).order_by(Reviewer.username)).scalars()]


def get_reviewer(engine: Engine, username: str) -> Optional[ReviewerInfo]:
    with session_scope(engine) as session:
        row = session.execute(select(Reviewer).where(Reviewer.username == normalise_username(username))).scalar_one_or_none()
        return _info(row) if row else None


def set_disabled(engine: Engine, username: str, disabled: bool, *, actor: str = "cli") -> ReviewerInfo:
    """Disable (and sign out everywhere) or re-enable a reviewer; enabling also clears a lock-out."""
    name = normalise_username(username)
    with session_scope(engine) as session:
        row = session.execute(select(Reviewer).where(Reviewer.username == name)).scalar_one_or_none()
        if row is None:
            raise AccountError(f"There is no reviewer called {name}.")
        row.disabled = disabled
        if disabled:
            session.execute(delete(ReviewSession).where(ReviewSession.reviewer_id == row.id))
        else:
            row.failed_logins = 0
            row.locked_until = None
        audit(session, actor, "reviewer_disable" if disabled else "reviewer_enable", name)
        session.flush()
        return _info(row)


# ---------------------------------------------------------------------------- sign-in
@dataclass(frozen=True)
class LoginResult:
    reviewer: Optional[ReviewerInfo]
    reason: str  # "ok", "bad_credentials", "locked", "disabled"

    @property
    def ok(self) -> bool:
        return self.reviewer is not None


def authenticate(engine: Engine, username: str, password: str, *, now: Optional[datetime] = None,
                 source: Optional[str] = None) -> LoginResult:
    """Check a sign-in. After MAX_FAILED_LOGINS wrong passwords in a row the account is locked for
    LOCK_MINUTES (even the right password is refused meanwhile). Everything is audited.

    The password is checked (about 0.1 s of scrypt) outside any transaction; the outcome is then
    written in one short transaction whose first statement is the write, so parallel sign-ins queue
    on the row (PostgreSQL) or the database (SQLite) instead of overwriting each other's counts.
    """
    now = now or utcnow()
    name = normalise_username(username)[:100]
    detail = f"from {source}" if source else None
    with session_scope(engine) as session:
        row = session.execute(select(Reviewer).where(Reviewer.username == name)).scalar_one_or_none()
        found = None if row is None else (row.id, row.password_hash, as_utc(row.locked_until), bool(row.disabled))
    if found is None:
        burn_time(password or "")
        record(engine, name or "(blank)", "login_failed", name or None, _join(detail, "unknown username"), at=now)
        return LoginResult(None, "bad_credentials")
    reviewer_id, password_hash, locked_until, disabled = found
    if locked_until is not None and locked_until > now:
        burn_time(password or "")
        record(engine, name, "login_failed", name, _join(detail, f"locked until {locked_until:%Y-%m-%d %H:%M} UTC"), at=now)
        return LoginResult(None, "locked")
    if not verify_password(password or "", password_hash):
        with session_scope(engine) as session:
            failures = _count_failure(session, reviewer_id)
            audit(session, name, "login_failed", name, _join(detail, f"wrong password ({failures} in a row)"), at=now)
            if failures >= MAX_FAILED_LOGINS:
                session.execute(update(Reviewer).where(Reviewer.id == reviewer_id)
                                .values(failed_logins=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
                                .execution_options(synchronize_session=False))
                audit(session, name, "locked", name, f"{failures} wrong passwords: locked for {LOCK_MINUTES} minutes", at=now)
                return LoginResult(None, "locked")
        return LoginResult(None, "bad_credentials")
    if disabled:
        record(engine, name, "login_failed", name, _join(detail, "account disabled"), at=now)
        return LoginResult(None, "disabled")
    values = {"failed_logins": 0, "locked_until": None}
    if needs_rehash(password_hash):
        values["password_hash"] = hash_password(password)
    with session_scope(engine) as session:
        # Still not locked (a parallel wrong password may have locked it since the read above).
        changed = session.execute(update(Reviewer)
                                  .where(Reviewer.id == reviewer_id,
                                         (Reviewer.locked_until.is_(None)) | (Reviewer.locked_until <= now))
                                  .values(**values).execution_options(synchronize_session=False)).rowcount
        if not changed:
            audit(session, name, "login_failed", name, _join(detail, "locked meanwhile"), at=now)
            return LoginResult(None, "locked")
        audit(session, name, "login", name, detail, at=now)
        row = session.execute(select(Reviewer).where(Reviewer.id == reviewer_id)).scalar_one()
        return LoginResult(_info(row), "ok")


def _count_failure(session: Session, reviewer_id: int) -> int:
    """Add one wrong password in the database itself (failed_logins = failed_logins + 1) and read
    the result in the same transaction. A read-modify-write in Python let parallel wrong passwords
    each write "previous + 1" (on PostgreSQL, 12 at once raised the count by 1). The UPDATE holds
    the row lock until commit, so the count read back is this attempt's own."""
    session.execute(update(Reviewer).where(Reviewer.id == reviewer_id)
                    .values(failed_logins=func.coalesce(Reviewer.failed_logins, 0) + 1)
                    .execution_options(synchronize_session=False))
    return int(session.execute(select(Reviewer.failed_logins).where(Reviewer.id == reviewer_id)).scalar_one())


def _join(*parts: Optional[str]) -> Optional[str]:
    text = "; ".join(p for p in parts if p)
    return text or None


# ---------------------------------------------------------------------------- sessions
@dataclass(frozen=True)
class SessionInfo:
    reviewer: ReviewerInfo
    csrf_token: str
    created_at: datetime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(engine: Engine, reviewer_id: int, *, now: Optional[datetime] = None) -> str:
    """A new session; returns the token for the cookie (only its hash is stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        session.add(ReviewSession(token_hash=_token_hash(token), reviewer_id=reviewer_id,
                                  csrf_token=secrets.token_urlsafe(32), created_at=now, last_seen_at=now))
    return token


def load_session(engine: Engine, token: str, *, idle_minutes: float, max_hours: float,
                 now: Optional[datetime] = None) -> "tuple[Optional[SessionInfo], str]":
    """(session, "ok") or (None, reason): "missing", "expired" (idle or too old, and deleted), "disabled"."""
    now = now or utcnow()
    if not token or len(token) > 200:
        return None, "missing"
    key = _token_hash(token)
    with session_scope(engine) as session:
        found = session.execute(
            select(ReviewSession, Reviewer).join(Reviewer, Reviewer.id == ReviewSession.reviewer_id)
            .where(ReviewSession.token_hash == key)
        ).first()
        if found is None:
            return None, "missing"
        row, reviewer = found
        if reviewer.disabled:
            session.execute(delete(ReviewSession).where(ReviewSession.token_hash == key))
            return None, "disabled"
        created, seen = as_utc(row.created_at), as_utc(row.last_seen_at)
        if now - seen > timedelta(minutes=idle_minutes) or now - created > timedelta(hours=max_hours):
            session.execute(delete(ReviewSession).where(ReviewSession.token_hash == key))
            return None, "expired"
        # Only write when it matters (not on every static file or quick click).
        if now - seen > timedelta(seconds=30):
            session.execute(update(ReviewSession).where(ReviewSession.token_hash == key).values(last_seen_at=now))
        return SessionInfo(_info(reviewer), row.csrf_token, created), "ok"


def end_session(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        session.execute(delete(ReviewSession).where(ReviewSession.token_hash == _token_hash(token or "")))


def remove_stale_sessions(engine: Engine, *, idle_minutes: float, max_hours: float, now: Optional[datetime] = None) -> int:
    now = now or utcnow()
    with session_scope(engine) as session:
        result = session.execute(delete(ReviewSession).where(
            (ReviewSession.last_seen_at < now - timedelta(minutes=idle_minutes))
            | (ReviewSession.created_at < now - timedelta(hours=max_hours))
        ))
        return int(result.rowcount or 0)
