"""`bot logs purge`: old conversations go, with their feedback, reviews and flags; recent ones stay."""
from __future__ import annotations

import sqlite3

from sqlalchemy import select

from bot.db import session_scope
from bot.feedback import Feedback
from bot.review.models import FlaggedTurn, Review
from bot.review.retention import purge
from bot.review.reviews import flag_turn, mark_reviewed
from bot.review.tracker import tracker_engine
from tests.integration.review.conftest import audit_rows


def senders(dbs):
    path = dbs.tracker_url.replace("sqlite:///", "")
    with sqlite3.connect(path) as con:
        return {row[0] for row in con.execute("SELECT DISTINCT sender_id FROM events")}


def product_rows(product, model):
    with session_scope(product) as session:
        return sorted(session.execute(select(model.conversation_id)).scalars())


def test_purge_deletes_only_old_conversations(dbs, product):
    for conversation in ("conv-old", "conv-burglary"):
        mark_reviewed(product, conversation, "rex", None)
        flag_turn(product, conversation, 1, "some text", "greet", None, "rex")
    before = senders(dbs)
    assert "conv-old" in before and len(before) == 7

    tracker = tracker_engine(dbs.tracker_url, writable=True)
    dry = purge(tracker, dbs.tracker_url, product, 90, dry_run=True)
    assert dry.conversations == 1 and dry.events > 0 and senders(dbs) == before
    result = purge(tracker, dbs.tracker_url, product, 90)
    tracker.dispose()

    assert result.conversations == 1 and result.events == dry.events
    assert (result.feedback, result.reviews, result.flagged_turns) == (1, 1, 1)
    assert senders(dbs) == before - {"conv-old"}
    assert product_rows(product, Feedback) == ["conv-burglary"]
    assert product_rows(product, Review) == ["conv-burglary"]
    assert product_rows(product, FlaggedTurn) == ["conv-burglary"]
    purges = audit_rows(dbs, "purge")
    assert len(purges) == 1 and purges[0][0] == "retention" and "1 conversation(s)" in purges[0][3]

    again = purge(tracker_engine(dbs.tracker_url, writable=True), dbs.tracker_url, product, 90)
    assert again.conversations == 0 and again.events == 0 and len(senders(dbs)) == 6


def test_purge_with_a_short_limit(dbs, product):
    tracker = tracker_engine(dbs.tracker_url, writable=True)
    result = purge(tracker, dbs.tracker_url, product, 3)  # older than 3 days: handoff (4), trampoline (5), domestic (10), old
    tracker.dispose()
    assert senders(dbs) == {"conv-burglary", "conv-emergency", "conv-fallback"}
    assert result.conversations == 4


def _wait(schedule, now):
    schedule.process.wait(timeout=120)
    return schedule.poll(now=now)


def test_bot_run_purges_on_its_schedule(dbs, product):
    import dataclasses

    from bot.launcher import RetentionSchedule

    schedule = RetentionSchedule(dataclasses.replace(dbs.settings(), purge_interval_hours=24), first_delay_seconds=60)
    assert schedule.poll(now=0.0) is None and schedule.process is None  # not yet: a minute after start
    schedule.poll(now=61.0)
    assert schedule.process is not None
    assert _wait(schedule, now=62.0) is None  # finished cleanly, nothing to warn about
    assert "conv-old" not in senders(dbs) and len(senders(dbs)) == 6
    assert "Deleted 1 conversation(s)" in schedule.log_path.read_text()
    schedule.poll(now=3600.0)
    assert schedule.process is None  # the next run is a day later
    schedule.poll(now=61.0 + 24 * 3600)
    assert schedule.process is not None
    _wait(schedule, now=61.0 + 24 * 3600 + 1)
    assert schedule.log_path.read_text().count("Deleted ") == 2


def test_a_failed_scheduled_purge_is_reported_and_off_means_off(dbs, product, tmp_path):
    import dataclasses

    from bot.launcher import RetentionSchedule

    broken = dataclasses.replace(dbs.settings(), purge_interval_hours=24, content_db_url=f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    schedule = RetentionSchedule(broken, first_delay_seconds=0)
    schedule.poll(now=0.0)
    warning = _wait(schedule, now=1.0)
    assert warning is not None and "failed" in warning and "retention.log" in warning

    off = RetentionSchedule(dataclasses.replace(dbs.settings(), purge_interval_hours=0), first_delay_seconds=0)
    assert off.poll(now=10**9) is None and off.process is None
