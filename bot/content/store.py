"""The versioned content store: immutable published versions and a pointer to the live one.

- `publish` checks the files, then writes a whole new version and moves the live pointer in ONE
  transaction, so residents see either all of the old version or all of the new one. Identical
  content (same fingerprint as the live version) creates nothing.
- Publishes and rollbacks are serialised by locking the single live-pointer row first (a write in
  both SQLite and PostgreSQL), so two editors publishing at once cannot interleave.
- Versions are never changed or deleted (the migration adds triggers that refuse it); `rollback`
  only moves the pointer, and every move is recorded in `live_changes`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base

from bot.content.bundle import BundledItem, referral_record
from bot.content.checks import load_and_check
from bot.content.diffing import VersionDiff, diff_records
from bot.content.problems import CheckReport
from bot.content import vectors as item_vectors
from bot.db import session_scope

LIVE_ROW_ID = 1

# Stable constraint names, so later migrations can refer to them on SQLite and PostgreSQL alike.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base = declarative_base(metadata=metadata)


class ContentVersion(Base):
    __tablename__ = "content_versions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    content_hash = Column(String(64), nullable=False, index=True)
    published_by = Column(String(200), nullable=False)
    published_at = Column(DateTime(timezone=True), nullable=False)
    note = Column(Text, nullable=True)
    item_count = Column(Integer, nullable=False)
    referral_count = Column(Integer, nullable=False)


class LiveVersion(Base):
    """Exactly one row (id 1): which version residents are shown. Also the publish lock."""

    __tablename__ = "live_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id = Column(Integer, primary_key=True, autoincrement=False)
    version_id = Column(Integer, ForeignKey("content_versions.id"), nullable=True)
    changed_at = Column(DateTime(timezone=True), nullable=True)
    changed_by = Column(String(200), nullable=True)


class LiveChange(Base):
    """Audit trail: every time the live version changed, who did it and why."""

    __tablename__ = "live_changes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    version_id = Column(Integer, ForeignKey("content_versions.id"), nullable=False)
    previous_version_id = Column(Integer, ForeignKey("content_versions.id"), nullable=True)
    action = Column(String(20), nullable=False)  # publish | rollback
    changed_by = Column(String(200), nullable=False)
    changed_at = Column(DateTime(timezone=True), nullable=False)
    note = Column(Text, nullable=True)


class StoredReferral(Base):
    __tablename__ = "referrals"

    version_id = Column(Integer, ForeignKey("content_versions.id"), primary_key=True)
    referral_id = Column(String(100), primary_key=True)
    area = Column(String(40), nullable=False)
    confirmed = Column(Boolean, nullable=False)
    data = Column(JSON, nullable=False)  # the whole referral, as in referrals.yml


class StoredAdviceItem(Base):
    __tablename__ = "advice_items"
    __table_args__ = (Index("ix_advice_items_version_strand_status", "version_id", "strand", "status"),)

    version_id = Column(Integer, ForeignKey("content_versions.id"), primary_key=True)
    item_id = Column(String(100), primary_key=True)
    strand = Column(String(40), nullable=False)
    status = Column(String(20), nullable=False)
    position = Column(Integer, nullable=False)  # the order editors wrote, across all files
    source_file = Column(String(200), nullable=False)
    data = Column(JSON, nullable=False)  # the whole item, including its strand


class StoreError(Exception):
    """Something an operator must act on; the message says what."""


class StoreNotReady(StoreError):
    pass


class VersionNotFound(StoreError):
    pass


class ContentCheckFailed(StoreError):
    def __init__(self, report: CheckReport):
        super().__init__(f"The content has {len(report.errors)} error(s); nothing was published.")
        self.report = report


@dataclass(frozen=True)
class VersionInfo:
    id: int
    content_hash: str
    published_by: str
    published_at: datetime
    note: Optional[str]
    item_count: int
    referral_count: int
    is_live: bool


@dataclass(frozen=True)
class LiveChangeInfo:
    version_id: int
    previous_version_id: Optional[int]
    action: str
    changed_by: str
    changed_at: datetime
    note: Optional[str]


@dataclass(frozen=True)
class PublishResult:
    version: int  # the live version afterwards
    created: bool  # False when the content was identical to the live version
    previous_version: Optional[int]
    message: str
    warnings: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RollbackResult:
    version: int
    previous_version: Optional[int]
    changed: bool
    message: str
    warnings: Tuple[str, ...] = ()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _take_live_lock(session: Session) -> Optional[int]:
    """Lock the live pointer for the rest of the transaction and return the live version id.

    The first statement is a write on purpose: SQLite then takes its write lock (waiting up to the
    busy timeout for another publish), and PostgreSQL locks the row until commit."""
    result = session.execute(
        update(LiveVersion)
        .where(LiveVersion.id == LIVE_ROW_ID)
        .values(version_id=LiveVersion.version_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StoreNotReady("The content database is not set up. Run: bot db upgrade")
    return session.execute(select(LiveVersion.version_id).where(LiveVersion.id == LIVE_ROW_ID)).scalar_one()


def _point_live_at(session: Session, version_id: int, previous: Optional[int], action: str, by: str, note: Optional[str]) -> None:
    now = _now()
    session.execute(
        update(LiveVersion)
        .where(LiveVersion.id == LIVE_ROW_ID)
        .values(version_id=version_id, changed_at=now, changed_by=by)
        .execution_options(synchronize_session=False)
    )
    session.add(
        LiveChange(version_id=version_id, previous_version_id=previous, action=action, changed_by=by, changed_at=now, note=note)
    )


def _require_name(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValueError(f"Say who is {what} (--by NAME); it is recorded.")
    return name


_DEFAULT_ENCODER = object()


def publish(
    engine: Engine, content_dir: Path, published_by: str, note: Optional[str] = None, today: Optional[date] = None,
    encode: Any = _DEFAULT_ENCODER,
) -> PublishResult:
    """Check the files in `content_dir` and make them the live version, with its item vectors.

    Raises ContentCheckFailed (with the report) if the checks find errors; nothing is written then.
    `encode` embeds texts (default: the product's sentence encoder; None: store no vectors, and the
    service computes them when it first serves the version).
    """
    published_by = _require_name(published_by, "publishing")
    report, bundle = load_and_check(Path(content_dir), today=today)
    if bundle is None:
        raise ContentCheckFailed(report)
    content_hash = bundle.content_hash()
    warnings = tuple(str(p) for p in report.warnings)
    if encode is _DEFAULT_ENCODER:
        encode = item_vectors.default_encoder()
    if encode is None:
        warnings += ("The item vectors were not computed here (the sentence model is not installed): the assistant "
                     "computes them when it first serves this version.",)

    with session_scope(engine) as session:
        live_id = _take_live_lock(session)
        if live_id is not None:
            live_hash = session.execute(select(ContentVersion.content_hash).where(ContentVersion.id == live_id)).scalar_one()
            if live_hash == content_hash:
                return PublishResult(
                    version=live_id,
                    created=False,
                    previous_version=live_id,
                    message=f"Nothing to publish: the content is the same as the live version {live_id}. No new version was made.",
                    warnings=warnings,
                )
        version = ContentVersion(
            content_hash=content_hash,
            published_by=published_by,
            published_at=_now(),
            note=note,
            item_count=len(bundle.items),
            referral_count=len(bundle.referrals),
        )
        session.add(version)
        session.flush()  # assigns version.id
        session.execute(
            insert(StoredReferral),
            [
                {"version_id": version.id, "referral_id": r.id, "area": r.area, "confirmed": r.confirmed, "data": referral_record(r)}
                for r in bundle.referrals
            ],
        )
        session.execute(insert(StoredAdviceItem), [_item_row(version.id, bundled) for bundled in bundle.items])
        if encode is not None:
            from bot.content.vector_store import store_vectors

            store_vectors(session, version.id, bundle, encode)
        _point_live_at(session, version.id, live_id, "publish", published_by, note)
        new_id = version.id

    previous = f" (was version {live_id})" if live_id is not None else ""
    return PublishResult(
        version=new_id,
        created=True,
        previous_version=live_id,
        message=f"Published version {new_id}: {len(bundle.items)} advice items, {len(bundle.referrals)} referrals. It is now live{previous}.",
        warnings=warnings,
    )


def _item_row(version_id: int, bundled: BundledItem) -> Dict[str, Any]:
    return {
        "version_id": version_id,
        "item_id": bundled.item.id,
        "strand": bundled.strand,
        "status": bundled.item.status,
        "position": bundled.position,
        "source_file": bundled.source_file,
        "data": bundled.record,
    }


def live_version_id(engine: Engine) -> Optional[int]:
    with session_scope(engine) as session:
        return session.execute(select(LiveVersion.version_id).where(LiveVersion.id == LIVE_ROW_ID)).scalar_one_or_none()


def list_versions(engine: Engine) -> List[VersionInfo]:
    """Every published version, newest first."""
    with session_scope(engine) as session:
        live_id = session.execute(select(LiveVersion.version_id).where(LiveVersion.id == LIVE_ROW_ID)).scalar_one_or_none()
        rows = session.execute(select(ContentVersion).order_by(ContentVersion.id.desc())).scalars().all()
        return [
            VersionInfo(
                id=row.id,
                content_hash=row.content_hash,
                published_by=row.published_by,
                published_at=_as_utc(row.published_at),
                note=row.note,
                item_count=row.item_count,
                referral_count=row.referral_count,
                is_live=row.id == live_id,
            )
            for row in rows
        ]


def live_history(engine: Engine) -> List[LiveChangeInfo]:
    """Every change of the live version (publishes and rollbacks), newest first."""
    with session_scope(engine) as session:
        rows = session.execute(select(LiveChange).order_by(LiveChange.id.desc())).scalars().all()
        return [
            LiveChangeInfo(r.version_id, r.previous_version_id, r.action, r.changed_by, _as_utc(r.changed_at), r.note) for r in rows
        ]


def _version_records(session: Session, version_id: int) -> Tuple[Dict[str, Dict[str, Any]], Dict[str, Dict[str, Any]]]:
    if session.get(ContentVersion, version_id) is None:
        raise VersionNotFound(f"There is no version {version_id}. See the list with: bot content versions")
    items = session.execute(
        select(StoredAdviceItem.item_id, StoredAdviceItem.data)
        .where(StoredAdviceItem.version_id == version_id)
        .order_by(StoredAdviceItem.position)
    ).all()
    referrals = session.execute(
        select(StoredReferral.referral_id, StoredReferral.data).where(StoredReferral.version_id == version_id)
    ).all()
    return {i: d for i, d in items}, {r: d for r, d in referrals}


def diff(engine: Engine, a: int, b: int) -> VersionDiff:
    """What changed from version `a` to version `b` (see `VersionDiff.as_text()` for approvers)."""
    with session_scope(engine) as session:
        old_items, old_referrals = _version_records(session, a)
        new_items, new_referrals = _version_records(session, b)
    return diff_records(a, b, old_items, new_items, old_referrals, new_referrals)


def _overdue_items(session: Session, version_id: int, today: date) -> List[str]:
    rows = session.execute(
        select(StoredAdviceItem.item_id, StoredAdviceItem.data).where(
            StoredAdviceItem.version_id == version_id, StoredAdviceItem.status == "approved"
        )
    ).all()
    return sorted(item_id for item_id, data in rows if date.fromisoformat(data["review_due"]) < today)


def rollback(
    engine: Engine, version_id: int, rolled_back_by: str = "unknown", note: Optional[str] = None, today: Optional[date] = None
) -> RollbackResult:
    """Make an older (or any other) published version live again. Recorded in the live history."""
    rolled_back_by = _require_name(rolled_back_by, "rolling back")
    with session_scope(engine) as session:
        live_id = _take_live_lock(session)
        if session.get(ContentVersion, version_id) is None:
            raise VersionNotFound(f"There is no version {version_id}. See the list with: bot content versions")
        if live_id == version_id:
            return RollbackResult(version_id, live_id, False, f"Version {version_id} is already live. Nothing changed.")
        overdue = _overdue_items(session, version_id, today or date.today())
        _point_live_at(session, version_id, live_id, "rollback", rolled_back_by, note)
    warnings: Tuple[str, ...] = ()
    if overdue:
        warnings = (
            f"{len(overdue)} approved item(s) in version {version_id} are past their review date and are being shown again: "
            + ", ".join(overdue)
            + ". Review them and publish a fixed version soon.",
        )
    return RollbackResult(
        version=version_id,
        previous_version=live_id,
        changed=True,
        message=f"Version {version_id} is live again (was version {live_id}).",
        warnings=warnings,
    )
