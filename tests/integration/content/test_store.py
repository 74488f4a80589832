"""Publishing, versions, diff and rollback against a real database (SQLite; PostgreSQL if configured)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import List

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.content import store
from bot.content.store import (
    ContentCheckFailed,
    ContentVersion,
    LiveChange,
    LiveVersion,
    StoredAdviceItem,
    StoredReferral,
    VersionNotFound,
)
from bot.db import session_scope
from tests.integration.content.conftest import TODAY, item, replace_in, write_content


def count(engine, model, *where) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_publish_makes_a_live_version(engine, real_content: Path):
    result = store.publish(engine, real_content, "Jo Editor", note="first load", today=TODAY)
    assert result.created and result.version == 1 and result.previous_version is None
    assert "Published version 1" in result.message
    assert store.live_version_id(engine) == 1
    [version] = store.list_versions(engine)
    assert version.is_live and version.published_by == "Jo Editor" and version.note == "first load"
    assert version.item_count == count(engine, StoredAdviceItem, StoredAdviceItem.version_id == 1) > 100
    assert version.referral_count == count(engine, StoredReferral, StoredReferral.version_id == 1) > 40
    assert version.published_at.tzinfo is not None
    with session_scope(engine) as session:
        row = session.get(StoredAdviceItem, (1, "burglary-after-a-burglary"))
        assert row.strand == "burglary_robbery" and row.status == "approved"
        assert row.source_file == "advice/burglary_robbery.yml"
        assert row.data["review_due"] == "2027-05-20" and row.data["referrals"][0] == "emergency_999"


def test_publishing_identical_content_makes_no_new_version(engine, real_content: Path):
    store.publish(engine, real_content, "Jo", today=TODAY)
    # Comments and spacing are not content.
    replace_in(real_content / "advice" / "burglary_robbery.yml", "strand: burglary_robbery", "strand: burglary_robbery   # edited comment")
    again = store.publish(engine, real_content, "Sam", today=TODAY)
    assert not again.created and again.version == 1
    assert "same as the live version 1" in again.message
    assert [v.id for v in store.list_versions(engine)] == [1]
    assert count(engine, LiveChange) == 1


def test_publish_refuses_content_with_errors_and_keeps_the_live_version(engine, real_content: Path):
    store.publish(engine, real_content, "Jo", today=TODAY)
    replace_in(real_content / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 11"')
    with pytest.raises(ContentCheckFailed) as failed:
        store.publish(engine, real_content, "Jo", today=TODAY)
    assert any("has 9 digits" in p.message for p in failed.value.report.errors)
    assert store.live_version_id(engine) == 1
    assert count(engine, ContentVersion) == 1


def test_a_failure_inside_the_transaction_leaves_the_previous_version_live(engine, real_content: Path, monkeypatch):
    store.publish(engine, real_content, "Jo", today=TODAY)
    replace_in(real_content / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 112"')

    def fail(*args, **kwargs):  # fails after the new version's rows were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_point_live_at", fail)
    with pytest.raises(RuntimeError):
        store.publish(engine, real_content, "Jo", today=TODAY)
    monkeypatch.undo()

    assert store.live_version_id(engine) == 1
    assert count(engine, ContentVersion) == 1
    assert count(engine, StoredAdviceItem, StoredAdviceItem.version_id != 1) == 0
    assert count(engine, StoredReferral, StoredReferral.version_id != 1) == 0
    # And the store still works afterwards. (PostgreSQL does not reuse the failed attempt's id.)
    retried = store.publish(engine, real_content, "Jo", today=TODAY)
    assert retried.created and retried.version > 1 and store.live_version_id(engine) == retried.version


def test_a_failing_insert_leaves_the_previous_version_live(engine, real_content: Path, monkeypatch):
    store.publish(engine, real_content, "Jo", today=TODAY)
    replace_in(real_content / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 112"')
    original = store._item_row
    calls = {"n": 0}

    def duplicate_key_on_fifth_item(version_id, bundled):
        calls["n"] += 1
        row = original(version_id, bundled)
        if calls["n"] == 5:
            row["item_id"] = "burglary-secure-doors-windows-sheds"  # same primary key as an earlier row
        return row

    monkeypatch.setattr(store, "_item_row", duplicate_key_on_fifth_item)
    with pytest.raises(IntegrityError):
        store.publish(engine, real_content, "Jo", today=TODAY)
    assert store.live_version_id(engine) == 1
    assert count(engine, ContentVersion) == 1


def test_concurrent_publishes_leave_a_consistent_store(engine, small_content: Path, tmp_path: Path):
    other = write_content(tmp_path / "other", burglary_items=[item("burglary-only-one", topics=["doors"])])
    folders = [small_content, other, small_content, other]
    start = threading.Barrier(len(folders))
    errors: List[BaseException] = []

    def publish(folder: Path) -> None:
        try:
            start.wait()
            store.publish(engine, folder, f"editor-{threading.get_ident()}", today=TODAY)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(f,)) for f in folders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []

    versions = sorted(store.list_versions(engine), key=lambda v: v.id)
    assert 2 <= len(versions) <= 4
    assert sum(v.is_live for v in versions) == 1
    assert count(engine, LiveVersion) == 1
    with session_scope(engine) as session:
        hashes = [v.content_hash for v in versions]
        live_id = session.execute(select(LiveVersion.version_id)).scalar_one()
        assert live_id == versions[-1].id  # the last publish is what is live
    assert all(a != b for a, b in zip(hashes, hashes[1:])), "an identical publish made a new version"
    for v in versions:  # every version is complete: no half-written publish
        assert count(engine, StoredAdviceItem, StoredAdviceItem.version_id == v.id) == v.item_count
        assert count(engine, StoredReferral, StoredReferral.version_id == v.id) == v.referral_count
    assert count(engine, LiveChange) == len(versions)


def test_concurrent_identical_publishes_make_one_version(engine, small_content: Path):
    start = threading.Barrier(3)
    results = []

    def publish() -> None:
        start.wait()
        results.append(store.publish(engine, small_content, "editor", today=TODAY))

    threads = [threading.Thread(target=publish) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.created for r in results) == [False, False, True]
    assert [v.id for v in store.list_versions(engine)] == [1]


def test_rollback_makes_an_older_version_live_and_is_recorded(engine, real_content: Path):
    store.publish(engine, real_content, "Jo", today=TODAY)
    replace_in(real_content / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 112"')
    store.publish(engine, real_content, "Jo", note="new Crimestoppers number", today=TODAY)
    assert store.live_version_id(engine) == 2

    result = store.rollback(engine, 1, "Sam Approver", note="number was wrong", today=TODAY)
    assert result.changed and result.version == 1 and result.previous_version == 2
    assert store.live_version_id(engine) == 1
    assert [v.is_live for v in store.list_versions(engine)] == [False, True]
    latest = store.live_history(engine)[0]
    assert (latest.action, latest.version_id, latest.previous_version_id, latest.changed_by, latest.note) == (
        "rollback", 1, 2, "Sam Approver", "number was wrong"
    )
    # Versions are not copied or changed by a rollback.
    assert count(engine, ContentVersion) == 2

    again = store.rollback(engine, 1, "Sam", today=TODAY)
    assert not again.changed and "already live" in again.message
    with pytest.raises(VersionNotFound):
        store.rollback(engine, 99, "Sam")


def test_rollback_warns_about_overdue_reviews(engine, small_content: Path):
    store.publish(engine, small_content, "Jo", today=TODAY)
    replace_in(small_content / "advice" / "knife_crime.yml", "title: General advice on knife_crime", "title: Knife advice")
    store.publish(engine, small_content, "Jo", today=TODAY)
    result = store.rollback(engine, 1, "Sam", today=TODAY.replace(year=2027, month=6))
    assert result.changed and result.warnings and "past their review date" in result.warnings[0]


def test_publish_after_rollback_of_same_content_makes_a_new_version(engine, small_content: Path):
    store.publish(engine, small_content, "Jo", today=TODAY)
    replace_in(small_content / "advice" / "knife_crime.yml", "title: General advice on knife_crime", "title: Knife advice")
    store.publish(engine, small_content, "Jo", today=TODAY)
    store.rollback(engine, 1, "Sam")
    result = store.publish(engine, small_content, "Jo", today=TODAY)
    assert result.created and result.version == 3 and result.previous_version == 1


def test_diff_text_for_an_approver(engine, real_content: Path):
    store.publish(engine, real_content, "Jo", today=TODAY)
    replace_in(real_content / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 112"')
    burglary = real_content / "advice" / "burglary_robbery.yml"
    text_before = burglary.read_text(encoding="utf-8")
    start = text_before.index("- id: burglary-going-on-holiday")
    end = text_before.index("- id: burglary-car-keys-at-home")
    burglary.write_text(text_before[:start] + text_before[end:], encoding="utf-8")  # remove one item
    replace_in(burglary, "      - Put tools away. Burglars can use them to break in.\n", "")
    store.publish(engine, real_content, "Jo", today=TODAY)

    diff = store.diff(engine, 1, 2)
    assert [r["id"] for r in diff.items_removed] == ["burglary-going-on-holiday"]
    assert [c.id for c in diff.referrals_changed] == ["crimestoppers"]
    text_out = diff.as_text()
    assert "Changes from version 1 to version 2:" in text_out
    assert '  - burglary-going-on-holiday (burglary_robbery, approved): "Keeping your home safe while you are away"' in text_out
    assert '  * burglary-secure-doors-windows-sheds: "Secure your doors, windows and shed"' in text_out
    assert '      steps: removed "Put tools away. Burglars can use them to break in."' in text_out
    assert '  * crimestoppers: "Crimestoppers"\n      phone: "0800 555 111" -> "0800 555 112"' in text_out
    assert "added" not in text_out.split("Advice items removed")[0]  # nothing added
    with pytest.raises(VersionNotFound):
        store.diff(engine, 1, 42)


def test_published_versions_cannot_be_changed(engine, small_content: Path):
    store.publish(engine, small_content, "Jo", today=TODAY)
    for statement in (
        "UPDATE advice_items SET status = 'draft'",
        "DELETE FROM referrals",
        "UPDATE content_versions SET published_by = 'someone else'",
    ):
        with pytest.raises(DBAPIError):
            with engine.begin() as connection:
                connection.execute(text(statement))
    assert count(engine, StoredAdviceItem, StoredAdviceItem.status == "draft") == 2  # only the two real drafts


def test_publish_needs_a_name(engine, small_content: Path):
    with pytest.raises(ValueError):
        store.publish(engine, small_content, "  ", today=TODAY)


def test_versions_listed_newest_first(engine, small_content: Path, tmp_path: Path):
    store.publish(engine, small_content, "Jo", today=TODAY)
    other = write_content(tmp_path / "other", burglary_items=[])
    store.publish(engine, other, "Sam", note="smaller", today=TODAY)
    versions = store.list_versions(engine)
    assert [(v.id, v.is_live, v.published_by) for v in versions] == [(2, True, "Sam"), (1, False, "Jo")]
