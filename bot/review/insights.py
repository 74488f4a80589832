"""Numbers behind the dashboard's charts, counted in SQL per week (Monday 00:00 UTC to Monday).

- conversations per strand per week: conversations with a resident message of that strand's
  intents in the week (a conversation about two strands counts once for each);
- fallback rate per week: resident messages with the `nlu_fallback` intent / all resident messages;
- emergency triggers per week: `utter_emergency` actions (the 999 message shown), and how many
  resident messages the safety net fired on;
- helpful / not helpful per content item: feedback rows in the period, per content item.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Dict, List, Optional, Tuple

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.feedback import Feedback
from bot.review.conversations import EMERGENCY_ACTION, FALLBACK_INTENT, ConversationReader
from bot.review.tracker import FIRST_MONDAY, WEEK_SECONDS, events, json_true, week_index
from bot.strands import STRAND_IDS


def week_start(index: int) -> date:
    return datetime.fromtimestamp(FIRST_MONDAY + index * WEEK_SECONDS, tz=timezone.utc).date()


def week_of(day: date) -> int:
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
    return int((start - FIRST_MONDAY) // WEEK_SECONDS)


@dataclass(frozen=True)
class WeeklyInsights:
    weeks: List[date]  # Monday of each week, oldest first
    per_strand: Dict[str, List[int]]  # strand -> conversations per week
    user_messages: List[int]
    fallback_messages: List[int]
    emergency_messages: List[int]  # utter_emergency actions
    safety_net_fired: List[int]
    feedback: List[Tuple[str, int, int]]  # (content item, helpful, not helpful), most answers first

    @property
    def fallback_rate(self) -> List[Optional[float]]:
        return [None if total == 0 else fallback / total for fallback, total in zip(self.fallback_messages, self.user_messages)]


def weekly_insights(reader: ConversationReader, product: Engine, *, weeks: int = 12, today: Optional[date] = None,
                    max_items: int = 20) -> WeeklyInsights:
    today = today or datetime.now(timezone.utc).date()
    last = week_of(today)
    first = last - weeks + 1
    indexes = list(range(first, last + 1))
    start_ts = FIRST_MONDAY + first * WEEK_SECONDS
    end_ts = FIRST_MONDAY + (last + 1) * WEEK_SECONDS
    position = {w: i for i, w in enumerate(indexes)}
    per_strand = {s: [0] * weeks for s in STRAND_IDS}
    user_messages, fallback_messages = [0] * weeks, [0] * weeks
    emergency_messages, net_fired = [0] * weeks, [0] * weeks

    if reader.ready():
        engine = reader.tracker
        e = events.c
        week = week_index(engine, e.timestamp).label("week")
        in_range = and_(e.timestamp >= start_ts, e.timestamp < end_ts)
        is_user = e.type_name == "user"
        fired = and_(is_user, e.intent_name == "emergency", json_true(engine, e.data, "parse_data", "safety_net", "fired"))
        counts = select(
            week,
            func.sum(case((is_user, 1), else_=0)),
            func.sum(case((and_(is_user, e.intent_name == FALLBACK_INTENT), 1), else_=0)),
            func.sum(case((and_(e.type_name == "action", e.action_name == EMERGENCY_ACTION), 1), else_=0)),
            func.sum(case((fired, 1), else_=0)),
        ).where(in_range, e.type_name.in_(("user", "action"))).group_by(week)
        strand_intents = {i: label for i, label in reader.strands.intent_to_label.items() if label in STRAND_IDS}
        by_strand = select(week, e.sender_id, e.intent_name) \
            .where(in_range, is_user, e.intent_name.in_(sorted(strand_intents))).distinct()
        with engine.connect() as connection:
            for index, users, fallbacks, emergencies, fires in connection.execute(counts):
                i = position.get(int(index))
                if i is None:
                    continue
                user_messages[i] += int(users or 0)
                fallback_messages[i] += int(fallbacks or 0)
                emergency_messages[i] += int(emergencies or 0)
                net_fired[i] += int(fires or 0)
            seen = set()
            for index, sender, intent in connection.execute(by_strand):
                key = (int(index), sender, strand_intents[intent])
                i = position.get(key[0])
                if i is not None and key not in seen:  # a strand with several intents counts once
                    seen.add(key)
                    per_strand[key[2]][i] += 1

    start_dt = datetime.fromtimestamp(start_ts, tz=timezone.utc)
    end_dt = datetime.fromtimestamp(end_ts, tz=timezone.utc)
    item = func.coalesce(Feedback.content_item_id, "(no item)")
    helpful = func.sum(case((Feedback.helpful.is_(True), 1), else_=0))
    unhelpful = func.sum(case((Feedback.helpful.is_(False), 1), else_=0))
    with session_scope(product) as session:
        rows = session.execute(
            select(item, helpful, unhelpful)
            .where(Feedback.created_at >= start_dt, Feedback.created_at < end_dt)
            .group_by(item).order_by((helpful + unhelpful).desc(), item).limit(max_items)
        ).all()
    feedback = [(str(name), int(h or 0), int(u or 0)) for name, h, u in rows]
    return WeeklyInsights([week_start(w) for w in indexes], per_strand, user_messages, fallback_messages,
                          emergency_messages, net_fired, feedback)
