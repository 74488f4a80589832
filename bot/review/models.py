"""The reviewer dashboard's tables, on the product database's Base/metadata (migration 0003_review).

- `reviewers`: who may sign in (scrypt password hashes, role, lock-out state, disabled flag).
- `review_sessions`: server-side sessions. The cookie holds a random token; only its SHA-256 is
  stored, so a copy of the database cannot be used to sign in. Each session has its own CSRF token.
- `reviews`: "marked as reviewed" records, with an optional note (several per conversation allowed).
- `flagged_turns`: resident messages flagged as "training data needed", with the (redacted) text
  copied from the tracker store and an optional suggested intent.
- `audit_log`: who did what, when (views, exports, logins, reviews, flags, purges).
"""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.content.store import Base

ROLES = ("reviewer", "admin")


class Reviewer(Base):
    __tablename__ = "reviewers"
    __table_args__ = (CheckConstraint("role IN ('reviewer', 'admin')", name="role"),)

    id = Column(Integer, primary_key=True)
    username = Column(String(100), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(20), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    disabled = Column(Boolean, nullable=False, default=False)


class ReviewSession(Base):
    __tablename__ = "review_sessions"

    token_hash = Column(String(64), primary_key=True)
    reviewer_id = Column(Integer, ForeignKey("reviewers.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    last_seen_at = Column(DateTime(timezone=True), nullable=False)


class Review(Base):
    __tablename__ = "reviews"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    reviewed_by = Column(String(100), nullable=False)
    reviewed_at = Column(DateTime(timezone=True), nullable=False)
    note = Column(Text, nullable=True)


class FlaggedTurn(Base):
    __tablename__ = "flagged_turns"
    __table_args__ = (UniqueConstraint("conversation_id", "event_id"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    event_id = Column(Integer, nullable=False)  # events.id of the resident's message in the tracker store
    text = Column(Text, nullable=False)  # as stored by the tracker store, i.e. already redacted
    intent_predicted = Column(String(100), nullable=True)
    intent_suggested = Column(String(100), nullable=True)
    flagged_by = Column(String(100), nullable=False)
    flagged_at = Column(DateTime(timezone=True), nullable=False)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    actor = Column(String(100), nullable=False)
    action = Column(String(40), nullable=False, index=True)
    target = Column(String(255), nullable=True)
    detail = Column(Text, nullable=True)
