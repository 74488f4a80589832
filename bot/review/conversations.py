"""Read model for reviewers: conversations from Rasa's tracker store, joined with feedback and reviews.

A conversation is one `sender_id` in the tracker store's `events` table (what the resident typed
and what the assistant answered, already redacted by the tracker store). Feedback, reviews and
flagged turns live in the product database, which may be a different database, so the two are
combined in Python:

- the list is ONE grouped query over `events` (per conversation: first/last time, number of
  resident messages, emergency / fallback / hand-off flags), with the date, strand, flag and text
  filters pushed into SQL (WHERE/HAVING). The "negative feedback" and "not yet reviewed" filters
  use the sets of conversation ids from the product database. Strands are then read for the
  rows of the page only.
- the detail reads one conversation's events in order (the `sender_id` index) and groups them
  into turns: a turn starts at each resident message.

Definitions (also shown in the dashboard):
- emergency: an `utter_emergency` action, or a resident message where the safety net fired;
- fallback: an `nlu_fallback` intent (low confidence) or the `action_did_you_mean` action;
- hand-off: the `ask_human` intent or the `action_hand_off` action;
- negative feedback: a "not helpful" answer in the feedback table;
- strands seen: the strands of the resident's intents, and values of the `strand` slot.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from itertools import groupby
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.feedback import Feedback
from bot.review.accounts import as_utc
from bot.review.models import FlaggedTurn, Review
from bot.review.tracker import events, has_events_table, json_true, json_value
from bot.strands import STRAND_IDS, StrandMap

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: Any = ZoneInfo("Europe/London")
except Exception:  # noqa: BLE001 - no tz database: fall back to UTC (dates then are UTC dates)
    LOCAL_TZ = timezone.utc

EMERGENCY_ACTION = "utter_emergency"
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTION = "action_did_you_mean"
HAND_OFF_INTENT = "ask_human"
HAND_OFF_ACTION = "action_hand_off"
STRAND_SLOT = "strand"
SEARCH_MAX_CHARS = 100
CLOSE_CALL_GAP = 0.03  # score gap between the item shown and the runner-up shown as "close call"


# ---------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class ConversationFilters:
    date_from: Optional[date] = None  # local (Europe/London) dates, inclusive
    date_to: Optional[date] = None
    strand: Optional[str] = None
    emergency: bool = False
    fallback: bool = False
    hand_off: bool = False
    negative_feedback: bool = False
    not_reviewed: bool = False
    search: str = ""

    def describe(self) -> str:
        """Short text for the audit log."""
        parts = []
        if self.date_from:
            parts.append(f"from {self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to {self.date_to.isoformat()}")
        if self.strand:
            parts.append(f"strand {self.strand}")
        for flag in ("emergency", "fallback", "hand_off", "negative_feedback", "not_reviewed"):
            if getattr(self, flag):
                parts.append(flag)
        if self.search:
            parts.append(f"search {self.search!r}")
        return ", ".join(parts) or "no filters"


def local_day_start(day: date) -> float:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).timestamp()


def to_local(timestamp: Optional[float]) -> Optional[datetime]:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, tz=LOCAL_TZ)


# ---------------------------------------------------------------------------- list
@dataclass(frozen=True)
class ConversationSummary:
    sender_id: str
    first_at: datetime  # Europe/London
    last_at: datetime
    turns: int
    emergency: bool
    fallback: bool
    hand_off: bool
    negative_feedback: bool = False
    reviewed: bool = False
    strands: Tuple[str, ...] = ()


@dataclass(frozen=True)
class ConversationPage:
    items: List[ConversationSummary]
    total: int
    page: int
    per_page: int
    tracker_ready: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Message:
    text: Optional[str]
    buttons: List[str]
    kind: Optional[str]  # custom data kind: content, referrals, emergency
    referral_names: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class ContentShown:
    """An item shown (kind "content"), or "nothing more on that" (kind "nothing_new": no item_id,
    choice "nothing_new"). Score, runner-up and choice are set by the advice retriever; older
    conversations, and items the resident picked from a button, have none."""

    strand: Optional[str]
    item_id: Optional[str]
    version: Optional[int]
    score: Optional[float] = None
    runner_up: Optional[str] = None
    runner_up_score: Optional[float] = None
    choice: Optional[str] = None  # "item", "steps" or "nothing_new"

    @property
    def close_call(self) -> bool:
        """The runner-up scored within CLOSE_CALL_GAP of the item shown (not for "nothing new", whose
        runner-up is the best item, already shown)."""
        return self.choice != "nothing_new" and self.score is not None and self.runner_up_score is not None \
            and round(abs(self.score - self.runner_up_score), 6) < CLOSE_CALL_GAP  # 0.71 vs 0.68 is not


@dataclass(frozen=True)
class FeedbackShown:
    helpful: bool
    content_item_id: Optional[str]
    content_version: Optional[int]
    comment: Optional[str]
    created_at: datetime


@dataclass(frozen=True)
class SafetyNetShown:
    fired: bool
    rule: Optional[str]
    model_intent: Optional[str]
    suppressed_by: Optional[str]
    # Danger-now tier ("certain": 999 message first; "possible": a 999 line heads the reply), which
    # judge raised it ("patterns", "detector", "patterns+detector") and the detector's probability.
    tier: Optional[str] = None
    source: Optional[str] = None
    probability: Optional[float] = None


@dataclass
class Turn:
    number: int  # 0 = what the assistant said before the resident's first message
    event_id: Optional[int]
    at: Optional[datetime]
    user_text: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    alternatives: List[Tuple[str, float]] = field(default_factory=list)
    strand: Optional[str] = None
    safety_net: Optional[SafetyNetShown] = None
    entities: List[str] = field(default_factory=list)
    messages: List[Message] = field(default_factory=list)
    actions: List[str] = field(default_factory=list)
    content: List[ContentShown] = field(default_factory=list)
    feedback: List[FeedbackShown] = field(default_factory=list)
    flagged_intent: Optional[str] = None
    flagged: bool = False

    @property
    def emergency(self) -> bool:
        return EMERGENCY_ACTION in self.actions or bool(self.safety_net and self.safety_net.fired)

    @property
    def fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or FALLBACK_ACTION in self.actions


@dataclass(frozen=True)
class ReviewShown:
    reviewed_by: str
    reviewed_at: datetime
    note: Optional[str]


@dataclass(frozen=True)
class ConversationDetail:
    summary: ConversationSummary
    turns: List[Turn]
    reviews: List[ReviewShown]
    feedback: List[FeedbackShown]


class ConversationReader:
    """Everything the dashboard reads about conversations. Engines are owned by the caller."""

    def __init__(self, tracker: Engine, tracker_url: str, product: Engine, strands: StrandMap) -> None:
        self.tracker = tracker
        self.tracker_url = tracker_url
        self.product = product
        self.strands = strands

    # ------------------------------------------------------------ helpers
    def ready(self) -> bool:
        return has_events_table(self.tracker, self.tracker_url)

    def strand_intents(self, strand: str) -> List[str]:
        return sorted(i for i, label in self.strands.intent_to_label.items() if label == strand)

    def _strand_of_intent(self, intent: Optional[str]) -> Optional[str]:
        label = self.strands.strand_for_intent(intent)
        return label if label in STRAND_IDS else None

    def _conditions(self) -> Dict[str, Any]:
        e = events.c
        is_user = e.type_name == "user"
        is_action = e.type_name == "action"
        # Only messages the net changed to `emergency` can have fired, so JSON is read for those only.
        net_fired = and_(is_user, e.intent_name == "emergency", json_true(self.tracker, e.data, "parse_data", "safety_net", "fired"))
        return {
            "user": is_user,
            "emergency": or_(and_(is_action, e.action_name == EMERGENCY_ACTION), net_fired),
            "fallback": or_(and_(is_user, e.intent_name == FALLBACK_INTENT), and_(is_action, e.action_name == FALLBACK_ACTION)),
            "hand_off": or_(and_(is_user, e.intent_name == HAND_OFF_INTENT), and_(is_action, e.action_name == HAND_OFF_ACTION)),
        }

    def _strand_condition(self, strand: str) -> Any:
        e = events.c
        intents = self.strand_intents(strand)
        by_intent = and_(e.type_name == "user", e.intent_name.in_(intents)) if intents else false()
        by_slot = and_(e.type_name == "slot", e.action_name == STRAND_SLOT,
                       json_value(self.tracker, e.data, "value") == strand)
        return or_(by_intent, by_slot)

    def _search_condition(self, text: str) -> Any:
        e = events.c
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        value = func.lower(json_value(self.tracker, e.data, "text"))
        return and_(e.type_name.in_(("user", "bot")), value.like(pattern, escape="\\"))

    @staticmethod
    def _flag(condition: Any) -> Any:
        return func.max(case((condition, 1), else_=0))

    def _summary_query(self, filters: ConversationFilters) -> Any:
        e = events.c
        cond = self._conditions()
        first, last = func.min(e.timestamp), func.max(e.timestamp)
        query = select(
            e.sender_id,
            first.label("first_ts"),
            last.label("last_ts"),
            func.sum(case((cond["user"], 1), else_=0)).label("turns"),
            self._flag(cond["emergency"]).label("emergency"),
            self._flag(cond["fallback"]).label("fallback"),
            self._flag(cond["hand_off"]).label("hand_off"),
        ).group_by(e.sender_id)
        having = []
        if filters.date_from:
            having.append(last >= local_day_start(filters.date_from))
        if filters.date_to:
            having.append(first < local_day_start(filters.date_to + timedelta(days=1)))
        for name in ("emergency", "fallback", "hand_off"):
            if getattr(filters, name):
                having.append(self._flag(cond[name]) == 1)
        if filters.strand:
            having.append(self._flag(self._strand_condition(filters.strand)) == 1)
        if filters.search:
            having.append(self._flag(self._search_condition(filters.search[:SEARCH_MAX_CHARS])) == 1)
        if having:
            query = query.having(and_(*having))
        return query.order_by(last.desc(), e.sender_id)

    def reviewed_ids(self) -> Set[str]:
        with session_scope(self.product) as session:
            return set(session.execute(select(Review.conversation_id).distinct()).scalars())

    def negative_feedback_ids(self) -> Set[str]:
        with session_scope(self.product) as session:
            return set(session.execute(select(Feedback.conversation_id).where(Feedback.helpful.is_(False)).distinct()).scalars())

    def _summaries(self, filters: ConversationFilters) -> Iterator[ConversationSummary]:
        """Every matching conversation, newest activity first, without strands (streamed)."""
        if not self.ready():
            return
        reviewed = self.reviewed_ids()
        negative = self.negative_feedback_ids()
        with self.tracker.connect() as connection:
            result = connection.execution_options(stream_results=True).execute(self._summary_query(filters))
            for row in result:
                sender = row.sender_id
                is_negative, is_reviewed = sender in negative, sender in reviewed
                if filters.negative_feedback and not is_negative:
                    continue
                if filters.not_reviewed and is_reviewed:
                    continue
                yield ConversationSummary(sender, to_local(row.first_ts), to_local(row.last_ts), int(row.turns or 0),
                                          bool(row.emergency), bool(row.fallback), bool(row.hand_off),
                                          is_negative, is_reviewed)

    def strands_for(self, sender_ids: Optional[Sequence[str]] = None) -> Dict[str, Tuple[str, ...]]:
        """Strands seen per conversation (all conversations when `sender_ids` is None)."""
        e = events.c
        by_intent = select(e.sender_id, e.intent_name).where(e.type_name == "user").distinct()
        by_slot = select(e.sender_id, json_value(self.tracker, e.data, "value").label("value")) \
            .where(e.type_name == "slot", e.action_name == STRAND_SLOT).distinct()
        found: Dict[str, Set[str]] = {}
        chunks: List[Optional[Sequence[str]]] = [None]
        if sender_ids is not None:
            ids = list(dict.fromkeys(sender_ids))
            chunks = [ids[i:i + 500] for i in range(0, len(ids), 500)]
        with self.tracker.connect() as connection:
            for chunk in chunks:
                q1, q2 = by_intent, by_slot
                if chunk is not None:
                    q1, q2 = q1.where(e.sender_id.in_(chunk)), q2.where(e.sender_id.in_(chunk))
                for sender, intent in connection.execute(q1):
                    strand = self._strand_of_intent(intent)
                    if strand:
                        found.setdefault(sender, set()).add(strand)
                for sender, value in connection.execute(q2):
                    if value in STRAND_IDS:
                        found.setdefault(sender, set()).add(value)
        order = {s: i for i, s in enumerate(STRAND_IDS)}
        return {sender: tuple(sorted(values, key=order.__getitem__)) for sender, values in found.items()}

    # ------------------------------------------------------------ public API
    def list(self, filters: ConversationFilters, page: int = 1, per_page: int = 50) -> ConversationPage:
        if not self.ready():
            return ConversationPage([], 0, 1, per_page, tracker_ready=False)
        rows = list(self._summaries(filters))
        pages = max(1, -(-len(rows) // per_page))
        page = min(max(1, page), pages)
        items = rows[(page - 1) * per_page: page * per_page]
        strands = self.strands_for([s.sender_id for s in items]) if items else {}
        items = [replace(s, strands=strands.get(s.sender_id, ())) for s in items]
        return ConversationPage(items, len(rows), page, per_page)

    def iter_all(self, filters: ConversationFilters) -> Iterator[ConversationSummary]:
        """Every matching conversation with its strands (for the CSV export)."""
        if not self.ready():
            return
        strands = self.strands_for(None)
        for summary in self._summaries(filters):
            yield replace(summary, strands=strands.get(summary.sender_id, ()))

    def conversation_ids(self) -> Set[str]:
        if not self.ready():
            return set()
        with self.tracker.connect() as connection:
            return set(connection.execute(select(events.c.sender_id).distinct()).scalars())

    def exists(self, sender_id: str) -> bool:
        if not self.ready():
            return False
        with self.tracker.connect() as connection:
            return connection.execute(select(events.c.id).where(events.c.sender_id == sender_id).limit(1)).first() is not None

    def detail(self, sender_id: str) -> Optional[ConversationDetail]:
        if not self.ready():
            return None
        with self.tracker.connect() as connection:
            rows = connection.execute(
                select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
                .where(events.c.sender_id == sender_id).order_by(events.c.id)
            ).all()
        if not rows:
            return None
        feedback, reviews, flags = self._product_records(sender_id)
        turns = build_turns(rows, self._strand_of_intent)
        _attach_feedback(turns, feedback)
        for turn in turns:
            if turn.event_id in flags:
                turn.flagged = True
                turn.flagged_intent = flags[turn.event_id]
        user_turns = [t for t in turns if t.number > 0]
        strands: List[str] = []
        for turn in user_turns:
            if turn.strand and turn.strand not in strands:
                strands.append(turn.strand)
        for row in rows:
            if row.type_name == "slot":
                data = _load(row.data)
                if data.get("name") == STRAND_SLOT and data.get("value") in STRAND_IDS and data["value"] not in strands:
                    strands.append(data["value"])
        summary = ConversationSummary(
            sender_id=sender_id,
            first_at=to_local(rows[0].timestamp),
            last_at=to_local(rows[-1].timestamp),
            turns=len(user_turns),
            emergency=any(t.emergency for t in turns),
            fallback=any(t.fallback for t in turns),
            hand_off=any(t.intent == HAND_OFF_INTENT or HAND_OFF_ACTION in t.actions for t in turns),
            negative_feedback=any(not f.helpful for f in feedback),
            reviewed=bool(reviews),
            strands=tuple(sorted(strands, key=STRAND_IDS.index)),
        )
        return ConversationDetail(summary, turns, reviews, feedback)

    def user_event(self, sender_id: str, event_id: int) -> Optional[Turn]:
        """The resident message `event_id` of `sender_id` (None if it is not one)."""
        if not self.ready():
            return None
        with self.tracker.connect() as connection:
            row = connection.execute(
                select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
                .where(events.c.id == event_id, events.c.sender_id == sender_id, events.c.type_name == "user")
            ).first()
        if row is None:
            return None
        turns = build_turns([row], self._strand_of_intent)
        return turns[-1]

    def content_by_turn(self, sender_ids: Iterable[str]) -> Dict[Tuple[str, int], List[ContentShown]]:
        """Content shown per resident message, keyed (sender id, event id), as on the conversation page."""
        ids = list(dict.fromkeys(sender_ids))
        if not ids or not self.ready():
            return {}
        e = events.c
        found: Dict[Tuple[str, int], List[ContentShown]] = {}
        with self.tracker.connect() as connection:
            for start in range(0, len(ids), 500):
                rows = connection.execute(
                    select(e.id, e.sender_id, e.type_name, e.timestamp, e.data)
                    .where(e.sender_id.in_(ids[start:start + 500]), e.type_name.in_(("user", "bot")))
                    .order_by(e.sender_id, e.id)
                ).all()
                for sender, group in groupby(rows, key=lambda r: r.sender_id):
                    for turn in build_turns(group, lambda _intent: None):
                        if turn.event_id is not None:
                            found[(sender, turn.event_id)] = turn.content
        return found

    def _product_records(self, sender_id: str) -> Tuple[List[FeedbackShown], List[ReviewShown], Dict[int, Optional[str]]]:
        with session_scope(self.product) as session:
            feedback = [
                FeedbackShown(bool(f.helpful), f.content_item_id, f.content_version, f.comment, as_utc(f.created_at))
                for f in session.execute(select(Feedback).where(Feedback.conversation_id == sender_id).order_by(Feedback.id)).scalars()
            ]
            reviews = [
                ReviewShown(r.reviewed_by, as_utc(r.reviewed_at), r.note)
                for r in session.execute(select(Review).where(Review.conversation_id == sender_id).order_by(Review.id)).scalars()
            ]
            flags = {
                int(f.event_id): f.intent_suggested
                for f in session.execute(select(FlaggedTurn).where(FlaggedTurn.conversation_id == sender_id)).scalars()
            }
        return feedback, reviews, flags


# ---------------------------------------------------------------------------- turns
def _load(raw: Optional[str]) -> Dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _float_or_none(value: Any) -> Optional[float]:
    """A JSON number as a float; anything else (text, true/false, NaN, a list...) is None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _str_or_none(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def content_shown(payload: Dict[str, Any]) -> ContentShown:
    """What a bot message's custom payload (kind "content" or "nothing_new") says was shown."""
    nothing_new = payload.get("kind") == "nothing_new"
    return ContentShown(
        _str_or_none(payload.get("strand")),
        None if nothing_new else _str_or_none(payload.get("item_id")),
        None if nothing_new else _int_or_none(payload.get("version")),
        score=_float_or_none(payload.get("score")),
        runner_up=_str_or_none(payload.get("runner_up")),
        runner_up_score=_float_or_none(payload.get("runner_up_score")),
        choice="nothing_new" if nothing_new else _str_or_none(payload.get("choice")),
    )


def _int_or_none(value: Any) -> Optional[int]:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def build_turns(rows: Iterable[Any], strand_of_intent: Any) -> List[Turn]:
    """Group events (id, type_name, timestamp, data) in order into turns."""
    turns: List[Turn] = []
    current: Optional[Turn] = None
    for row in rows:
        data = _load(row.data)
        kind = row.type_name
        if kind == "user":
            parse = data.get("parse_data") or {}
            intent = parse.get("intent") or {}
            net = parse.get("safety_net") if isinstance(parse.get("safety_net"), dict) else None
            ranking = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in parse.get("intent_ranking") or []
                       if isinstance(r, dict) and r.get("name") and r.get("name") != intent.get("name")]
            current = Turn(
                number=sum(1 for t in turns if t.number > 0) + 1,
                event_id=int(row.id),
                at=to_local(row.timestamp),
                user_text=data.get("text"),
                intent=intent.get("name"),
                confidence=None if intent.get("confidence") is None else float(intent["confidence"]),
                alternatives=ranking[:3],
                strand=strand_of_intent(intent.get("name")),
                safety_net=SafetyNetShown(bool(net.get("fired")), net.get("rule"), net.get("model_intent"),
                                          net.get("suppressed_by"), net.get("tier") if net.get("fired") else None,
                                          net.get("source"), net.get("probability")) if net else None,
                entities=[f"{e.get('entity')}: {e.get('value')}" for e in parse.get("entities") or [] if isinstance(e, dict)],
            )
            turns.append(current)
            continue
        if current is None:
            current = Turn(number=0, event_id=None, at=to_local(row.timestamp))
            turns.append(current)
        if kind == "bot":
            extra = data.get("data") or {}
            custom = extra.get("custom") if isinstance(extra.get("custom"), dict) else {}
            payload = custom.get("data") if isinstance(custom.get("data"), dict) else {}
            message_kind = payload.get("kind")
            buttons = [str(b.get("title")) for b in extra.get("buttons") or [] if isinstance(b, dict) and b.get("title")]
            referrals = [str(r.get("name")) for r in payload.get("referrals") or [] if isinstance(r, dict) and r.get("name")]
            if message_kind in ("content", "nothing_new"):
                current.content.append(content_shown(payload))
            if data.get("text") or buttons or message_kind:
                current.messages.append(Message(data.get("text"), buttons, message_kind, referrals))
        elif kind == "action":
            name = data.get("name")
            if name and name not in ("action_listen", "action_session_start"):
                current.actions.append(name)
    # Nothing worth showing before the first message (usually just the session start).
    return [t for t in turns if t.number > 0 or t.messages or t.actions]


def _attach_feedback(turns: List[Turn], feedback: List[FeedbackShown]) -> None:
    """Each answer goes to the last resident message before it was recorded."""
    timed = [t for t in turns if t.number > 0 and t.at is not None]
    for item in feedback:
        target = None
        for turn in timed:
            if turn.at <= item.created_at:
                target = turn
        if target is None and timed:
            target = timed[-1]
        if target is not None:
            target.feedback.append(item)
