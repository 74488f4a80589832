"""What the actions get from the store: only approved items of the live version, narrowed and ordered."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import store
from bot.content.service import ContentService, ServedAdvice, topic_score
from tests.integration.content.conftest import TODAY, replace_in

STRAND = "burglary_robbery"


@pytest.fixture
def service(engine, small_content: Path) -> ContentService:
    store.publish(engine, small_content, "Jo", today=TODAY)
    return ContentService(engine, cache_seconds=0)


def ids(items) -> list:
    return [i.id for i in items]


def test_nothing_published_yet(engine):
    service = ContentService(engine, cache_seconds=0)
    assert service.live_version() is None
    assert service.advice_for_strand(STRAND) == []
    assert service.item("burglary-doors") is None and service.referral("police_101") is None


def test_draft_and_retired_items_are_never_served(service: ContentService):
    served = ids(service.advice_for_strand(STRAND))
    assert "burglary-draft" not in served and "burglary-retired" not in served
    assert service.item("burglary-draft") is None
    assert service.item("burglary-retired") is None
    assert ids(service.advice_for_strand(STRAND, topic="doors")) == ["burglary-doors", "burglary-southend-scheme"]
    assert ids(service.advice_for_strand("reporting")) == ["reporting-misc"]


def test_every_item_carries_the_version_it_came_from(service: ContentService):
    items = service.advice_for_strand(STRAND)
    assert items and all(isinstance(i, ServedAdvice) and i.version == 1 for i in items)
    doors = service.item("burglary-doors")
    assert doors.title == "Secure your doors and windows" and doors.review_due.isoformat() == "2027-05-20"
    assert all(r.version == 1 for r in service.referrals_for(doors))


def test_all_approved_items_of_a_strand_in_the_order_written(service: ContentService):
    assert ids(service.advice_for_strand(STRAND)) == [
        "burglary-robbery-general",
        "burglary-doors",
        "burglary-doorstep",
        "burglary-shop",
        "burglary-southend-scheme",
        "burglary-colchester-scheme",
    ]
    assert ids(service.advice_for_strand("knife_crime")) == ["knife-crime-general"]
    assert service.advice_for_strand("no_such_strand") == []


def test_topic_matches_topics_and_title_words(service: ContentService):
    assert ids(service.advice_for_strand(STRAND, topic="rogue trader")) == ["burglary-doorstep"]
    assert ids(service.advice_for_strand(STRAND, topic="Rogue Traders")) == ["burglary-doorstep"]  # case, plural
    assert ids(service.advice_for_strand(STRAND, topic="callers")) == ["burglary-doorstep"]  # title word
    assert ids(service.advice_for_strand(STRAND, topic="cctv")) == ["burglary-shop"]
    assert service.advice_for_strand(STRAND, topic="fraud") == []


def test_exact_topic_ranks_above_a_phrase_above_a_shared_word(service: ContentService):
    doors = service.item("burglary-doors")
    exact = topic_score("locks", doors)
    phrase = topic_score("window locks", doors)  # contains the topic "locks"
    word = topic_score("broken window", doors)  # shares the word "window(s)"
    assert exact > phrase > word > 0
    assert topic_score("bank", doors) == 0
    assert topic_score("the", doors) == 0  # only little words


def test_a_longer_question_ranks_the_item_matching_more_of_it(service: ContentService):
    found = ids(service.advice_for_strand(STRAND, topic="cold caller at the door, a rogue trader"))
    assert found[0] == "burglary-doorstep"


def test_audience_narrows_but_everyone_always_matches(service: ContentService):
    business = ids(service.advice_for_strand(STRAND, audience="business"))
    assert "burglary-shop" in business and "burglary-doors" in business  # everyone
    assert "burglary-doorstep" not in business
    older = ids(service.advice_for_strand(STRAND, audience="older_person"))
    assert "burglary-doorstep" in older and "burglary-shop" not in older
    assert ids(service.advice_for_strand(STRAND, audience="everyone")) == ids(service.advice_for_strand(STRAND))


def test_district_narrows_and_puts_local_advice_first(service: ContentService):
    southend = ids(service.advice_for_strand(STRAND, district="southend"))
    assert southend[0] == "burglary-southend-scheme"
    assert "burglary-colchester-scheme" not in southend
    assert "burglary-doors" in southend  # no districts = all of Essex
    combined = ids(service.advice_for_strand(STRAND, topic="locks", district="southend"))
    assert combined == ["burglary-southend-scheme", "burglary-doors"]


def test_referrals_for_an_item_local_first(service: ContentService):
    local = service.item("burglary-southend-scheme")  # written as [southend_council, police_101, essex_helpline]
    assert ids(service.referrals_for(local)) == ["southend_council", "essex_helpline", "police_101"]
    assert ids(service.referrals_for(local, district="southend")) == ["southend_council", "essex_helpline", "police_101"]
    assert ids(service.referrals_for(local, district="basildon")) == ["essex_helpline", "police_101"]
    helpline = service.referral("essex_helpline")
    assert helpline.area == "essex" and helpline.phone == "0800 555 111"


def test_a_new_publish_is_served_without_a_restart(engine, service: ContentService, small_content: Path):
    assert service.item("burglary-doors").title == "Secure your doors and windows"
    replace_in(small_content / "advice" / "burglary_robbery.yml", "title: Secure your doors and windows", "title: Lock your doors and windows")
    store.publish(engine, small_content, "Jo", today=TODAY)
    changed = service.item("burglary-doors")
    assert changed.title == "Lock your doors and windows" and changed.version == 2
    store.rollback(engine, 1, "Sam")
    assert service.item("burglary-doors").version == 1


def test_live_version_cache_is_short_and_optional(engine, small_content: Path):
    now = [100.0]
    store.publish(engine, small_content, "Jo", today=TODAY)
    cached = ContentService(engine, cache_seconds=2.0, clock=lambda: now[0])
    assert cached.live_version() == 1
    replace_in(small_content / "advice" / "knife_crime.yml", "title: General advice on knife_crime", "title: Knife advice")
    store.publish(engine, small_content, "Jo", today=TODAY)
    assert cached.live_version() == 1  # within the cache time
    now[0] += 2.5
    assert cached.live_version() == 2
