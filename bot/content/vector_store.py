"""Item vectors stored with each published version (table advice_item_vectors, migration 0004).

Written by `store.publish` in the same transaction as the version's items; read by the content
service when it first serves a version. Rows are immutable like the rest of a version.
"""
from __future__ import annotations

from typing import Any, Dict

from sqlalchemy import JSON, Column, ForeignKey, Integer, LargeBinary, String, insert, select
from sqlalchemy.orm import Session

from bot.content import vectors as item_vectors
from bot.content.store import Base


class StoredItemVectors(Base):
    """The sentence embeddings of one item of one version (see bot/content/vectors.py)."""

    __tablename__ = "advice_item_vectors"

    version_id = Column(Integer, ForeignKey("content_versions.id"), primary_key=True)
    item_id = Column(String(100), primary_key=True)
    encoder = Column(String(100), primary_key=True)
    kinds = Column(JSON, nullable=False)  # one kind per row of `vectors`
    vectors = Column(LargeBinary, nullable=False)  # float32, little-endian, rows x dim


def store_vectors(session: Session, version_id: int, bundle: Any, encode: Any) -> None:
    records = {b.item.id: b.record for b in bundle.items if b.item.status == "approved"}
    computed = item_vectors.embed_items(records, encode)
    if computed:
        session.execute(insert(StoredItemVectors), [
            {"version_id": version_id, "item_id": item_id, "encoder": item_vectors.ENCODER_ID,
             "kinds": list(v.kinds), "vectors": item_vectors.pack(v.matrix)}
            for item_id, v in computed.items()
        ])


def stored_vectors(session: Session, version_id: int, encoder: str = item_vectors.ENCODER_ID) -> Dict[str, "item_vectors.ItemVectors"]:
    rows = session.execute(
        select(StoredItemVectors.item_id, StoredItemVectors.kinds, StoredItemVectors.vectors)
        .where(StoredItemVectors.version_id == version_id, StoredItemVectors.encoder == encoder)
    ).all()
    return {item_id: item_vectors.ItemVectors(tuple(kinds), item_vectors.unpack(blob, len(kinds))) for item_id, kinds, blob in rows}
