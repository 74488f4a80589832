"""Item vectors in the content store (table advice_item_vectors, migration 0004): stored with each
published version, immutable like it, computed by the service when a version has none, and the
live version's own vectors served after a rollback."""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import List, Sequence

import numpy as np
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from bot.content import store
from bot.content.service import ContentService
from bot.content.store import StoredAdviceItem
from bot.content.vector_store import StoredItemVectors, stored_vectors
from bot.content.vectors import ENCODER_ID, QUESTION, default_encoder, item_texts
from bot.db import session_scope
from bot.nlu.embeddings import EMBEDDING_DIM
from tests.integration.content.conftest import BURGLARY_ITEMS, TODAY, item, write_content

DRAFT_OR_RETIRED = {"burglary-draft", "burglary-retired", "reporting-draft"}


class FakeEncoder:
    """Bag of words hashed into EMBEDDING_DIM buckets, L2-normalised; counts its calls."""

    def __init__(self) -> None:
        self.calls: List[int] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for row, text_ in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text_.lower()) or ["_"]:
                out[row, zlib.crc32(word.encode()) % EMBEDDING_DIM] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def count(engine, model, *where) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def approved_records(engine, version: int) -> dict:
    with session_scope(engine) as session:
        rows = session.execute(select(StoredAdviceItem.item_id, StoredAdviceItem.data).where(
            StoredAdviceItem.version_id == version, StoredAdviceItem.status == "approved")).all()
    return {item_id: data for item_id, data in rows}


def with_questions(questions: List[str]) -> List[dict]:
    return [item("burglary-doors", title="Secure your doors and windows", questions=questions), *BURGLARY_ITEMS[1:]]


def test_publish_stores_one_vectors_row_per_approved_item(engine, small_content: Path):
    fake = FakeEncoder()
    store.publish(engine, small_content, "Jo", today=TODAY, encode=fake)
    records = approved_records(engine, 1)
    with session_scope(engine) as session:
        rows = session.execute(select(StoredItemVectors.item_id, StoredItemVectors.encoder)).all()
        loaded = stored_vectors(session, 1)
        assert stored_vectors(session, 1, encoder="another-model") == {}
    assert sorted(item_id for item_id, _ in rows) == sorted(records)  # one row each, approved only
    assert not DRAFT_OR_RETIRED & set(loaded) and {encoder for _, encoder in rows} == {ENCODER_ID}
    for item_id, record in records.items():
        texts = item_texts(record)
        vectors = loaded[item_id]
        assert vectors.kinds == tuple(kind for kind, _ in texts)
        assert vectors.matrix.shape == (len(texts), EMBEDDING_DIM) and vectors.matrix.dtype == np.float32
        np.testing.assert_allclose(vectors.matrix, fake([t for _, t in texts]), atol=1e-6)
    assert loaded["burglary-doors"].rows(QUESTION).shape == (5, EMBEDDING_DIM)


def test_publish_uses_the_product_encoder_by_default(engine, small_content: Path):
    if default_encoder() is None:
        pytest.skip("the sentence model is not installed (bot models fetch)")
    result = store.publish(engine, small_content, "Jo", today=TODAY)
    assert not any("item vectors" in w for w in result.warnings)
    with session_scope(engine) as session:
        loaded = stored_vectors(session, 1)
    assert set(loaded) == set(approved_records(engine, 1))
    norms = np.linalg.norm(loaded["burglary-doors"].matrix, axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-3)


def test_vector_rows_cannot_be_changed(engine, small_content: Path):
    store.publish(engine, small_content, "Jo", today=TODAY, encode=FakeEncoder())
    before = count(engine, StoredItemVectors)
    for statement in ("UPDATE advice_item_vectors SET encoder = 'other'", "DELETE FROM advice_item_vectors",
                      "DELETE FROM advice_item_vectors WHERE item_id = 'burglary-doors'"):
        with pytest.raises(DBAPIError):
            with engine.begin() as connection:
                connection.execute(text(statement))
    assert count(engine, StoredItemVectors) == before > 0
    assert count(engine, StoredItemVectors, StoredItemVectors.encoder == ENCODER_ID) == before


def test_publish_without_an_encoder_stores_none_and_the_service_computes_them(engine, small_content: Path):
    result = store.publish(engine, small_content, "Jo", today=TODAY, encode=None)
    assert result.created and count(engine, StoredItemVectors) == 0
    assert any("item vectors were not computed" in w for w in result.warnings)

    lexical_only = ContentService(engine, cache_seconds=0).live_index()
    assert lexical_only is not None and not lexical_only.has_vectors()

    fake = FakeEncoder()
    service = ContentService(engine, cache_seconds=0, encode=fake)
    index = service.live_index()
    assert index.has_vectors()
    assert set(index.vectors) == set(index.items) == set(approved_records(engine, 1))
    for item_id, vectors in index.vectors.items():
        assert vectors.kinds == tuple(kind for kind, _ in item_texts(approved_records(engine, 1)[item_id]))
    calls = len(fake.calls)
    assert service.live_index() is index and len(fake.calls) == calls  # computed once per version
    message = service.encode_message("how do I lock my door")
    assert message.shape == (EMBEDDING_DIM,)
    assert service.encode_message("   ") is None and ContentService(engine).encode_message("hello") is None


def test_rollback_serves_the_earlier_versions_vectors(engine, tmp_path: Path):
    fake = FakeEncoder()
    content = tmp_path / "content"
    first = [f"How do I make my front door safer, part {k}?" for k in range(5)]
    second = first + ["Are window locks worth it?", "Which door chain should I fit?"]
    write_content(content, with_questions(first))
    assert store.publish(engine, content, "Jo", today=TODAY, encode=fake).version == 1
    write_content(content, with_questions(second))
    assert store.publish(engine, content, "Jo", today=TODAY, encode=fake).version == 2

    service = ContentService(engine, cache_seconds=0, encode=fake)
    doors = service.live_index().vectors["burglary-doors"]
    assert doors.kinds.count(QUESTION) == 7
    np.testing.assert_allclose(doors.rows(QUESTION), fake(second), atol=1e-6)

    store.rollback(engine, 1, "Sam")
    index = service.live_index()
    doors = index.vectors["burglary-doors"]
    assert doors.kinds.count(QUESTION) == 5
    np.testing.assert_allclose(doors.rows(QUESTION), fake(first), atol=1e-6)
    with session_scope(engine) as session:
        stored = stored_vectors(session, 1)
    assert set(index.vectors) == set(stored)
    assert doors.kinds == stored["burglary-doors"].kinds
    np.testing.assert_array_equal(doors.matrix, stored["burglary-doors"].matrix)
    assert index.items["burglary-doors"].questions == tuple(first)


def test_a_residents_message_is_embedded_but_never_cached(engine, tmp_path: Path):
    from bot.content.vectors import CachingEncoder

    fake = FakeEncoder()
    caching = CachingEncoder(fake)
    store.publish(engine, write_content(tmp_path / "content"), "test", today=TODAY, encode=caching)
    service = ContentService(engine, encode=caching)
    message = "my neighbour Sam Jones keeps shouting at me"
    vector = service.encode_message(message)
    assert vector is not None and vector.shape == (EMBEDDING_DIM,)
    assert caching(["some advice text"]) is not None
    assert message not in caching._cache and "some advice text" in caching._cache
