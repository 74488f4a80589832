"""Helpers for the retriever's tests: hand-built advice items and an index over them."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Dict, Iterable

import pytest

from bot.content.retriever import ItemIndex
from bot.content.vectors import default_encoder, embed_items


def advice(item_id, strand, title, topics, questions, summary, steps, audience=("everyone",), districts=()) -> SimpleNamespace:
    """An item shaped like ServedAdvice (only what the retriever reads); position set by `by_id`."""
    return SimpleNamespace(id=item_id, strand=strand, title=title, topics=tuple(topics), questions=tuple(questions),
                           summary=summary, steps=tuple(steps), audience=tuple(audience), districts=tuple(districts))


def by_id(entries: Iterable[SimpleNamespace]) -> Dict[str, SimpleNamespace]:
    listed = list(entries)
    for position, entry in enumerate(listed):
        entry.position = position
    return {entry.id: entry for entry in listed}


def index_of(items: Dict[str, SimpleNamespace], encode) -> ItemIndex:
    return ItemIndex(items, embed_items({i: vars(entry) for i, entry in items.items()}, encode))


def real_encoder():
    """The product's sentence encoder, or skip the test when its files are not installed."""
    encode = default_encoder()
    if encode is None:
        pytest.skip("the sentence model is not installed (bot models fetch)")
    return encode
