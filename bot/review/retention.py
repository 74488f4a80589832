"""Retention: delete conversations whose last event is older than the limit, with everything kept about them.

Deletes, for each such conversation: its events in the tracker store (the only place that ever
writes to Rasa's `events` table besides Rasa itself), its feedback, reviews and flagged turns in
the product database. Feedback, reviews and flags older than the limit whose conversation is no
longer in the tracker store at all are deleted too. The audit log keeps one "purge" row (actor
"retention") with the counts; it names no conversation.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional, Sequence, Set

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.feedback import Feedback
from bot.review.accounts import audit
from bot.review.models import FlaggedTurn, Review
from bot.review.tracker import events, has_events_table

CHUNK = 500


@dataclass(frozen=True)
class PurgeResult:
    older_than_days: int
    cutoff: datetime
    conversations: int
    events: int
    feedback: int
    reviews: int
    flagged_turns: int
    dry_run: bool = False

    def describe(self) -> str:
        verb = "Would delete" if self.dry_run else "Deleted"
        return (f"{verb} {self.conversations} conversation(s) with no activity since {self.cutoff:%Y-%m-%d %H:%M} UTC "
                f"(older than {self.older_than_days} days): {self.events} tracker event(s), {self.feedback} feedback "
                f"answer(s), {self.reviews} review(s), {self.flagged_turns} flagged turn(s).")


def _chunks(items: Sequence[str]) -> List[Sequence[str]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def purge(tracker: Engine, tracker_url: str, product: Engine, older_than_days: int, *, now: Optional[float] = None,
          dry_run: bool = False, actor: str = "retention") -> PurgeResult:
    if older_than_days < 1:
        raise ValueError("The retention period must be at least 1 day.")
    now = time.time() if now is None else now
    cutoff_ts = now - older_than_days * 86400
    cutoff = datetime.fromtimestamp(cutoff_ts, tz=timezone.utc)
    old: List[str] = []
    remaining: Set[str] = set()
    event_count = 0
    if has_events_table(tracker, tracker_url):
        e = events.c
        with tracker.connect() as connection:
            rows = connection.execute(select(e.sender_id, func.max(e.timestamp)).group_by(e.sender_id)).all()
        old = sorted(sender for sender, last in rows if last is not None and last < cutoff_ts)
        remaining = {sender for sender, last in rows} - set(old)
        with (tracker.connect() if dry_run else tracker.begin()) as connection:
            for chunk in _chunks(old):
                if dry_run:
                    event_count += int(connection.execute(
                        select(func.count()).select_from(events).where(e.sender_id.in_(chunk))).scalar_one())
                else:
                    event_count += int(connection.execute(delete(events).where(e.sender_id.in_(chunk))).rowcount or 0)

    counts = {"feedback": 0, "reviews": 0, "flagged_turns": 0}
    with session_scope(product) as session:
        tables = (("feedback", Feedback, Feedback.conversation_id, Feedback.created_at),
                  ("reviews", Review, Review.conversation_id, Review.reviewed_at),
                  ("flagged_turns", FlaggedTurn, FlaggedTurn.conversation_id, FlaggedTurn.flagged_at))
        for name, model, conversation, created in tables:
            ids: Set[int] = set()
            for chunk in _chunks(old):
                ids.update(session.execute(select(model.id).where(conversation.in_(chunk))).scalars())
            # Old rows whose conversation is gone from the tracker store (e.g. deleted by hand).
            for row_id, conversation_id in session.execute(select(model.id, conversation).where(created < cutoff)):
                if conversation_id not in remaining:
                    ids.add(row_id)
            counts[name] = len(ids)
            if not dry_run:
                for chunk in _chunks(sorted(ids)):
                    session.execute(delete(model).where(model.id.in_(chunk)))
        result = PurgeResult(older_than_days, cutoff, len(old), event_count, counts["feedback"], counts["reviews"],
                             counts["flagged_turns"], dry_run)
        if not dry_run:
            audit(session, actor, "purge", None, result.describe())
        else:
            session.rollback()
    return result


def default_cutoff_days(settings: object) -> int:
    return int(getattr(settings, "retention_days", None) or 90)

