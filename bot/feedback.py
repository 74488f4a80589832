"""Residents' "was this helpful?" answers, stored with the conversation, strand and content version."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text, select, update
from sqlalchemy.engine import Engine

from bot.content.store import Base
from bot.db import session_scope

COMMENT_LIMIT = 500


class Feedback(Base):
    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    strand = Column(String(64), nullable=True, index=True)
    content_item_id = Column(String(128), nullable=True, index=True)
    content_version = Column(Integer, nullable=True)
    helpful = Column(Boolean, nullable=False)
    # Already redacted by the caller: residents are asked not to type personal details, and may.
    comment = Column(Text, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False)


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    conversation_id: str
    strand: Optional[str]
    content_item_id: Optional[str]
    content_version: Optional[int]
    helpful: bool
    comment: Optional[str]
    created_at: datetime


def _record(row: Feedback) -> FeedbackRecord:
    return FeedbackRecord(row.id, row.conversation_id, row.strand, row.content_item_id, row.content_version,
                          row.helpful, row.comment, row.created_at)


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, conversation_id: str, helpful: bool, strand: Optional[str], item_id: Optional[str],
               version: Optional[int]) -> int:
        with session_scope(self._engine) as session:
            row = Feedback(conversation_id=conversation_id, helpful=helpful, strand=strand, content_item_id=item_id,
                           content_version=version, created_at=datetime.now(timezone.utc))
            session.add(row)
            session.flush()
            return int(row.id)

    def add_comment(self, feedback_id: int, comment: str, conversation_id: str) -> bool:
        """Add the comment to feedback `feedback_id` only if that feedback was given in
        `conversation_id`: the id comes from a slot, and a posted tracker can set any slot, so it
        must never reach another conversation's feedback. Returns whether a row was changed."""
        from bot.redaction import default_redactor

        clean = default_redactor().redact(comment.strip()).text[:COMMENT_LIMIT]
        with session_scope(self._engine) as session:
            result = session.execute(update(Feedback)
                                     .where(Feedback.id == feedback_id, Feedback.conversation_id == conversation_id)
                                     .values(comment=clean))
            return bool(result.rowcount)

    def for_conversation(self, conversation_id: str) -> List[FeedbackRecord]:
        with session_scope(self._engine) as session:
            rows = session.execute(select(Feedback).where(Feedback.conversation_id == conversation_id)
                                   .order_by(Feedback.id)).scalars().all()
            return [_record(r) for r in rows]
