"""The conversations read model (bot/review/conversations.py) on a real Rasa tracker store."""
from __future__ import annotations

from datetime import timedelta

from bot.review.conversations import ConversationFilters, local_day_start, to_local
from bot.review.reviews import mark_reviewed
from tests.review_support import DAY, Conversation, bot, build_tracker_db, session_start, standard_conversations, user

ALL = {"conv-burglary", "conv-emergency", "conv-fallback", "conv-handoff", "conv-old", "conv-domestic", "conv-trampoline"}


def ids(reader, **filters):
    return {c.sender_id for c in reader.list(ConversationFilters(**filters), per_page=100).items}


def test_list_has_every_conversation_newest_first(reader):
    page = reader.list(ConversationFilters())
    assert page.total == 7 and {c.sender_id for c in page.items} == ALL
    assert [c.sender_id for c in page.items][:2] == ["conv-emergency", "conv-burglary"]
    burglary = next(c for c in page.items if c.sender_id == "conv-burglary")
    assert burglary.turns == 2 and burglary.strands == ("burglary_robbery",)
    assert burglary.negative_feedback and not burglary.emergency and not burglary.reviewed
    assert burglary.first_at < burglary.last_at


def test_each_filter_narrows_the_list(reader):
    assert ids(reader, emergency=True) == {"conv-emergency"}
    assert ids(reader, fallback=True) == {"conv-fallback"}
    assert ids(reader, hand_off=True) == {"conv-handoff"}
    assert ids(reader, negative_feedback=True) == {"conv-burglary"}
    assert ids(reader, strand="domestic_abuse") == {"conv-domestic"}
    assert ids(reader, strand="cybercrime_fraud") == {"conv-old"}
    assert ids(reader, strand="knife_crime") == set()
    assert ids(reader, not_reviewed=True) == ALL
    assert ids(reader, emergency=True, fallback=True) == set()  # filters combine (AND)


def test_not_yet_reviewed(reader, product):
    mark_reviewed(product, "conv-handoff", "rex", "ok")
    assert ids(reader, not_reviewed=True) == ALL - {"conv-handoff"}
    assert ids(reader, hand_off=True, not_reviewed=True) == set()
    assert next(c for c in reader.list(ConversationFilters()).items if c.sender_id == "conv-handoff").reviewed


def test_personal_details_in_a_reviewers_note_are_redacted(product):
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.review.models import Review

    mark_reviewed(product, "conv-domestic", "rex", "Resident Dave Smith (07700 900123) asked for a call back")
    with session_scope(product) as session:
        note = session.execute(select(Review.note).where(Review.conversation_id == "conv-domestic")).scalar_one()
    assert "07700 900123" not in note and "Dave Smith" not in note
    assert note == "Resident [NAME] ([PHONE]) asked for a call back"


def test_search_in_resident_and_assistant_text(reader):
    assert ids(reader, search="trampoline") == {"conv-trampoline"}
    assert ids(reader, search="TRAMPOLINE") == {"conv-trampoline"}  # any case
    assert ids(reader, search="closed-shackle") == {"conv-burglary"}  # the assistant's words
    assert ids(reader, search="call 999") == {"conv-emergency"}
    assert ids(reader, search="100%") == set()  # % and _ are literal, not wildcards
    assert ids(reader, search="burglary_robbery") == set()  # intent names and JSON keys are not text


def test_date_range(reader):
    domestic = next(c for c in reader.list(ConversationFilters()).items if c.sender_id == "conv-domestic")
    day = domestic.last_at.date()
    assert ids(reader, date_from=day, date_to=day) == {"conv-domestic"}
    assert ids(reader, date_from=day - timedelta(days=1), date_to=day + timedelta(days=1)) == {"conv-domestic"}
    assert "conv-old" not in ids(reader, date_from=day)
    assert ids(reader, date_to=day - timedelta(days=1)) == {"conv-old"}


def test_strand_from_the_strand_slot(tmp_path, product):
    """A conversation whose strand is only known from the `strand` slot (e.g. a topic button)."""
    from bot.review.conversations import ConversationReader
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map
    from tests.conftest import PROJECT_ROOT
    from tests.review_support import slot

    import time

    t = time.time() - DAY
    url = build_tracker_db(tmp_path / "t2.db", [Conversation("conv-slot", session_start(t) + [
        user('/choose_topic{"item_id": "hate-online"}', "choose_topic", 1.0, t + 1),
        slot("strand", "hate_crime", t + 2),
        bot("Report hate crime online.", t + 2),
    ])])
    engine = tracker_engine(url)
    reader = ConversationReader(engine, url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
    assert [c.strands for c in reader.list(ConversationFilters()).items] == [("hate_crime",)]
    assert ids(reader, strand="hate_crime") == {"conv-slot"}
    engine.dispose()


def test_pagination(tmp_path, product):
    from bot.review.conversations import ConversationReader
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map
    from tests.conftest import PROJECT_ROOT

    import time

    now = time.time()
    conversations = [Conversation(f"c{i:03d}", [user("hello", "greet", 0.99, now - i * 60), bot("Hello!", now - i * 60 + 1)])
                     for i in range(120)]
    url = build_tracker_db(tmp_path / "many.db", conversations)
    engine = tracker_engine(url)
    reader = ConversationReader(engine, url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
    page = reader.list(ConversationFilters(), page=3, per_page=50)
    assert page.total == 120 and page.pages == 3 and page.page == 3
    assert [c.sender_id for c in page.items] == [f"c{i:03d}" for i in range(100, 120)]
    assert reader.list(ConversationFilters(), page=99, per_page=50).page == 3
    engine.dispose()


def test_detail_turns(reader):
    detail = reader.detail("conv-burglary")
    turns = [t for t in detail.turns if t.number > 0]
    first, second = turns
    assert first.user_text == "how do I stop my shed being broken into"
    assert first.intent == "burglary_robbery" and first.confidence == 0.91 and first.strand == "burglary_robbery"
    assert first.alternatives[0] == ("places_asb", 0.04)
    assert first.safety_net is not None and not first.safety_net.fired
    assert [m.text for m in first.messages] == ["Lock your shed with a closed-shackle padlock and mark your tools.",
                                                "Was this helpful?"]
    assert first.messages[1].buttons == ["Yes", "No"]
    assert [(c.item_id, c.version) for c in first.content] == [("burglary-shed-security", 3)]
    assert first.actions == ["action_give_advice"] and first.event_id
    assert [f.helpful for f in second.feedback] == [False] and not first.feedback
    assert detail.summary.turns == 2 and detail.summary.negative_feedback

    emergency = [t for t in reader.detail("conv-emergency").turns if t.number == 1][0]
    assert emergency.safety_net.fired and emergency.safety_net.rule == "break_in_now"
    assert emergency.safety_net.model_intent == "burglary_robbery" and emergency.emergency
    assert emergency.messages[0].kind == "emergency" and emergency.strand is None
    assert reader.detail("nobody") is None


def test_no_tracker_database_yet(tmp_path, product):
    from bot.review.conversations import ConversationReader
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map
    from tests.conftest import PROJECT_ROOT

    url = f"sqlite:///{tmp_path / 'none' / 'tracker.db'}"
    reader = ConversationReader(tracker_engine(url), url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
    page = reader.list(ConversationFilters())
    assert page.total == 0 and not page.tracker_ready and reader.detail("x") is None
    assert not (tmp_path / "none").exists()  # reading never creates the database


def test_dashboard_never_writes_to_the_tracker_store(reader):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError):
        with reader.tracker.begin() as connection:
            connection.execute(text("DELETE FROM events"))
    assert reader.list(ConversationFilters()).total == 7


def test_weekly_insights(reader, product):
    from bot.review.insights import weekly_insights

    data = weekly_insights(reader, product, weeks=4)
    assert len(data.weeks) == 4 and all(w.weekday() == 0 for w in data.weeks)
    assert sum(data.emergency_messages) == 1 and sum(data.safety_net_fired) == 1
    assert sum(data.fallback_messages) == 1 and sum(data.user_messages) == 7  # all but the 200-day-old one
    assert sum(data.per_strand["burglary_robbery"]) == 1 and sum(data.per_strand["cybercrime_fraud"]) == 0  # 200 days ago
    assert data.feedback == [("burglary-shed-security", 0, 1)]
    assert 0 < sum(r for r in data.fallback_rate if r) < 1


def test_local_dates():
    from datetime import date

    start = local_day_start(date(2026, 7, 1))  # British Summer Time: midnight is 23:00 UTC the day before
    assert to_local(start).hour == 0 and (start % DAY) == 23 * 3600
    assert standard_conversations()  # the data builder works without a database
