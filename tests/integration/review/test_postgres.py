"""The read model, charts and purge on PostgreSQL (tracker store and product database), on
TEST_DATABASE_URL or a PostgreSQL server the test session starts (tests/conftest.py)."""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.review.conversations import ConversationFilters
from tests.conftest import PROJECT_ROOT
from tests.review_support import build_product_db, build_tracker_db, standard_conversations

pytestmark = pytest.mark.postgres


def _drop_everything(url: str) -> None:
    from sqlalchemy import inspect, text

    from bot.db import make_engine

    engine = make_engine(url, timeout_seconds=10)
    try:
        with engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
            connection.execute(text("DROP SEQUENCE IF EXISTS events_seq CASCADE"))
            connection.execute(text("DROP FUNCTION IF EXISTS content_versions_are_immutable() CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def pg_url(test_database_url: str) -> Iterator[str]:
    url = test_database_url
    _drop_everything(url)
    yield url
    _drop_everything(url)


def test_everything_on_postgresql(pg_url):
    from bot.db import make_engine
    from bot.review.conversations import ConversationReader
    from bot.review.insights import weekly_insights
    from bot.review.retention import purge
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map

    conversations = standard_conversations()
    build_tracker_db(pg_url, conversations)
    build_product_db(pg_url, conversations)
    product = make_engine(pg_url, timeout_seconds=10)
    tracker = tracker_engine(pg_url)
    reader = ConversationReader(tracker, pg_url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
    try:
        def ids(**filters):
            return {c.sender_id for c in reader.list(ConversationFilters(**filters)).items}

        assert reader.list(ConversationFilters()).total == 7
        assert ids(emergency=True) == {"conv-emergency"}
        assert ids(fallback=True) == {"conv-fallback"}
        assert ids(hand_off=True) == {"conv-handoff"}
        assert ids(negative_feedback=True) == {"conv-burglary"}
        assert ids(strand="domestic_abuse") == {"conv-domestic"}
        assert ids(search="TRAMPOLINE") == {"conv-trampoline"}
        assert ids(search="100%") == set()
        assert reader.detail("conv-emergency").summary.emergency
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        with pytest.raises(DBAPIError, match="read-only"):  # the dashboard cannot write to the tracker store
            with tracker.begin() as connection:
                connection.execute(text("DELETE FROM events"))
        data = weekly_insights(reader, product, weeks=4)
        assert sum(data.safety_net_fired) == 1 and sum(data.user_messages) == 7
        writable = tracker_engine(pg_url, writable=True)
        assert purge(writable, pg_url, product, 90).conversations == 1
        writable.dispose()
        assert reader.list(ConversationFilters()).total == 6
    finally:
        tracker.dispose()
        product.dispose()
