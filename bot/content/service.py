"""What the action server calls: approved advice and referrals of the LIVE version.

Synchronous on purpose (actions wrap calls in `asyncio.to_thread`). Each call reads the live
version id (one small query, optionally cached for a couple of seconds), so a new publish or a
rollback is served without a restart. A version's rows never change, so each version is read from
the database once and then kept in memory. Draft and retired items are never returned.

Everything returned carries `version`, so the bot can log exactly what a resident was shown.
"""
from __future__ import annotations

import logging

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.engine import Engine

from bot.content import vectors as item_vectors
from bot.content.retriever import ItemIndex
from bot.content.store import LIVE_ROW_ID, LiveVersion, StoredAdviceItem, StoredReferral
from bot.content.vector_store import stored_vectors
from bot.db import session_scope

EVERYONE = "everyone"
_STOP_WORDS = frozenset(
    "a an and are about at be been by can do does for from get has have how i if in is it its me my "
    "of on or our so some that the their them they this to was what when where who why with you your".split()
)
_VERSIONS_KEPT = 4  # the live one, the previous one, and a little room for quick rollbacks


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServedReferral:
    version: int
    id: str
    name: str
    phone: Optional[str]
    text_number: Optional[str]
    textphone: Optional[str]
    url: Optional[str]
    hours: str
    for_whom: str
    min_age: Optional[int]
    max_age: Optional[int]
    area: str
    notes: Optional[str]


@dataclass(frozen=True)
class ServedAdvice:
    version: int
    id: str
    strand: str
    title: str
    summary: str
    steps: Tuple[str, ...]
    when_to_call_emergency: str
    when_to_call_non_emergency: str
    referral_ids: Tuple[str, ...]
    topics: Tuple[str, ...]
    questions: Tuple[str, ...]
    audience: Tuple[str, ...]
    districts: Tuple[str, ...]  # empty = all of Essex
    source: str
    owner: str
    reviewed_on: date
    review_due: date
    position: int


@dataclass(frozen=True)
class _Snapshot:
    """The approved items and the referrals of one (immutable) version."""

    items: Tuple[ServedAdvice, ...]  # in published order
    items_by_id: Dict[str, ServedAdvice]
    referrals: Dict[str, ServedReferral]
    index: ItemIndex  # the retriever's view of the approved items


def _words(text: str) -> List[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP_WORDS]


def _stem(word: str) -> str:
    # Folds simple plurals ("scams", "parties", "traders") so they meet their singular; irregular
    # forms ("knives") are for the item's topics list to include.
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def topic_score(topic: str, item: ServedAdvice) -> int:
    """How well a topic (a word, a phrase or a resident's words) matches an item; 0 = not at all.

    Best: the topic is one of the item's topics (1000+). Next: item topic phrases found inside the
    topic, or the topic inside a topic phrase (100 each). Then: meaningful words shared with the
    item's topics and title (1 each, plurals folded). The shared-word count breaks ties, so a
    longer question ranks the item that matches more of it first."""
    wanted = " ".join(_words(topic))
    if not wanted:
        return 0
    wanted_stems = {_stem(w) for w in wanted.split()}
    item_stems = {_stem(w) for text in (*item.topics, item.title) for w in _words(text)}
    shared = len(wanted_stems & item_stems)
    topics = [" ".join(_words(t)) for t in item.topics]
    if wanted in topics:
        return 1000 + shared
    padded = f" {wanted} "
    phrase_hits = sum(1 for t in topics if t and (f" {t} " in padded or padded in f" {t} "))
    return 100 * phrase_hits + shared


def _served_advice(version: int, row_position: int, data: dict) -> ServedAdvice:
    when = data.get("when_to_call") or {}
    return ServedAdvice(
        version=version,
        id=data["id"],
        strand=data["strand"],
        title=data["title"],
        summary=data["summary"],
        steps=tuple(data.get("steps") or ()),
        when_to_call_emergency=when.get("emergency", ""),
        when_to_call_non_emergency=when.get("non_emergency", ""),
        referral_ids=tuple(data.get("referrals") or ()),
        topics=tuple(data.get("topics") or ()),
        questions=tuple(data.get("questions") or ()),
        audience=tuple(data.get("audience") or ()),
        districts=tuple(data.get("districts") or ()),
        source=data["source"],
        owner=data["owner"],
        reviewed_on=date.fromisoformat(data["reviewed_on"]),
        review_due=date.fromisoformat(data["review_due"]),
        position=row_position,
    )


def _served_referral(version: int, data: dict) -> ServedReferral:
    return ServedReferral(
        version=version,
        id=data["id"],
        name=data["name"],
        phone=data.get("phone"),
        text_number=data.get("text_number"),
        textphone=data.get("textphone"),
        url=data.get("url"),
        hours=data["hours"],
        for_whom=data["for_whom"],
        min_age=data.get("min_age"),
        max_age=data.get("max_age"),
        area=data["area"],
        notes=data.get("notes"),
    )


class ContentService:
    def __init__(self, engine: Engine, cache_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic,
                 encode: Optional[item_vectors.Encode] = None):
        # encode: the sentence encoder, for versions stored without vectors (None: lexical ranking only).
        self._engine = engine
        self._encode = encode
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._live: Optional[Tuple[float, Optional[int]]] = None  # (read at, version id)
        self._snapshots: "OrderedDict[int, _Snapshot]" = OrderedDict()

    # ------------------------------------------------------------------ versions
    def live_version(self) -> Optional[int]:
        """The live version id, or None if nothing has been published yet."""
        now = self._clock()
        with self._lock:
            if self._live is not None and now - self._live[0] < self._cache_seconds:
                return self._live[1]
        try:
            with session_scope(self._engine) as session:
                version = session.execute(select(LiveVersion.version_id).where(LiveVersion.id == LIVE_ROW_ID)).scalar_one_or_none()
        except SQLAlchemyError:
            # The database is missing, locked or down: keep serving the last good version (its
            # snapshot is in memory) rather than failing every resident. Logged loudly.
            with self._lock:
                last = self._live[1] if self._live is not None else None
            if last is None or last not in self._snapshots:
                raise
            logger.warning("content database unavailable; still serving version %s", last, exc_info=True)
            return last
        with self._lock:
            self._live = (now, version)
        return version

    def _snapshot(self, version: int) -> _Snapshot:
        with self._lock:
            if version in self._snapshots:
                self._snapshots.move_to_end(version)
                return self._snapshots[version]
        with session_scope(self._engine) as session:
            item_rows = session.execute(
                select(StoredAdviceItem.position, StoredAdviceItem.data)
                .where(StoredAdviceItem.version_id == version, StoredAdviceItem.status == "approved")
                .order_by(StoredAdviceItem.position)
            ).all()
            referral_rows = session.execute(select(StoredReferral.data).where(StoredReferral.version_id == version)).scalars().all()
            vectors = stored_vectors(session, version)
        items = tuple(_served_advice(version, position, data) for position, data in item_rows)
        by_id = {i.id: i for i in items}
        missing = {i.id: data for (_, data), i in zip(item_rows, items) if i.id not in vectors}
        if missing and self._encode is not None:
            # Published without vectors (before they existed, or without the model): computed once here.
            logger.info("computing the vectors of %d item(s) of content version %s", len(missing), version)
            vectors = {**vectors, **item_vectors.embed_items(missing, self._encode)}
        snapshot = _Snapshot(
            items=items,
            items_by_id=by_id,
            referrals={d["id"]: _served_referral(version, d) for d in referral_rows},
            index=ItemIndex(by_id, vectors),
        )
        with self._lock:
            self._snapshots[version] = snapshot
            while len(self._snapshots) > _VERSIONS_KEPT:
                self._snapshots.popitem(last=False)
        return snapshot

    def _live_snapshot(self) -> Optional[_Snapshot]:
        version = self.live_version()
        return None if version is None else self._snapshot(version)

    # ------------------------------------------------------------------ advice
    def advice_for_strand(
        self,
        strand: str,
        topic: Optional[str] = None,
        audience: Optional[str] = None,
        district: Optional[str] = None,
    ) -> List[ServedAdvice]:
        """Approved advice of the live version for `strand`, best first.

        - topic: keeps items whose topics or title match it (see `topic_score`).
        - audience: keeps items written for that audience or for 'everyone'.
        - district: keeps items for that district or for all of Essex (no districts), and puts the
          district's own items first.
        Returns [] when nothing matches or nothing is published; the caller decides the fallback.
        """
        snapshot = self._live_snapshot()
        if snapshot is None:
            return []
        ranked = []
        for item in snapshot.items:
            if item.strand != strand:
                continue
            if audience and audience != EVERYONE and audience not in item.audience and EVERYONE not in item.audience:
                continue
            if district and item.districts and district not in item.districts:
                continue
            score = topic_score(topic, item) if topic else 0
            if topic and score == 0:
                continue
            local_first = 0 if (district and district in item.districts) else 1
            ranked.append(((local_first, -score, item.position), item))
        return [item for _, item in sorted(ranked, key=lambda pair: pair[0])]

    def live_index(self) -> Optional[ItemIndex]:
        """The retriever's index of the live version's approved items (None: nothing published)."""
        snapshot = self._live_snapshot()
        return None if snapshot is None else snapshot.index

    def encode_message(self, text: str):
        """The message's sentence vector for the retriever (None without an encoder)."""
        if self._encode is None or not (text or "").strip():
            return None
        encode = getattr(self._encode, "uncached", self._encode)  # a resident's words are not cached
        return encode([text])[0]

    def item(self, item_id: str) -> Optional[ServedAdvice]:
        """An approved item of the live version, or None (unknown, draft or retired)."""
        snapshot = self._live_snapshot()
        return None if snapshot is None else snapshot.items_by_id.get(item_id)

    # ------------------------------------------------------------------ referrals
    def referral(self, referral_id: str) -> Optional[ServedReferral]:
        snapshot = self._live_snapshot()
        return None if snapshot is None else snapshot.referrals.get(referral_id)

    def referrals_for(self, item: ServedAdvice, district: Optional[str] = None) -> List[ServedReferral]:
        """The item's referrals from the SAME version as the item, local services first.

        Order: the district's own services, then Essex-wide, then national; within each group, the
        order the editor wrote. With a district, services for other districts are left out."""
        referrals = self._snapshot(item.version).referrals
        chosen = [referrals[rid] for rid in item.referral_ids if rid in referrals]
        return [r for _, r in sorted(_with_locality(chosen, district), key=lambda pair: pair[0])]


def _with_locality(referrals: Iterable[ServedReferral], district: Optional[str]) -> List[Tuple[Tuple[int, int], ServedReferral]]:
    ranked = []
    for written_order, referral in enumerate(referrals):
        if referral.area == "national":
            rank = 2
        elif referral.area == "essex":
            rank = 1
        elif district is None or referral.area == district:
            rank = 0
        else:
            continue  # a service for a different district
        ranked.append(((rank, written_order), referral))
    return ranked
