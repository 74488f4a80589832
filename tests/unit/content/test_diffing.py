from __future__ import annotations

from bot.content.diffing import diff_records


def item(item_id: str, **changes):
    record = {
        "id": item_id,
        "strand": "burglary_robbery",
        "status": "approved",
        "title": f"Title {item_id}",
        "summary": "Lock your door.",
        "steps": ["Lock it.", "Hide keys."],
        "topics": ["doors"],
        "when_to_call": {"emergency": "Call 999.", "non_emergency": "Call 101."},
    }
    record.update(changes)
    return record


def referral(referral_id: str, **changes):
    record = {"id": referral_id, "name": referral_id.title(), "phone": "0800 555 111", "confirmed": True}
    record.update(changes)
    return record


def test_added_removed_and_changed_fields_read_plainly():
    old_items = {"a": item("a"), "b": item("b")}
    new_items = {
        "a": item("a", status="draft", steps=["Lock it.", "Hide your keys."], when_to_call={"emergency": "Call 999 now.", "non_emergency": "Call 101."}),
        "c": item("c"),
    }
    old_refs = {"crimestoppers": referral("crimestoppers")}
    new_refs = {"crimestoppers": referral("crimestoppers", phone="0800 555 112"), "galop": referral("galop", confirmed=False)}
    diff = diff_records(1, 2, old_items, new_items, old_refs, new_refs)

    assert [r["id"] for r in diff.items_added] == ["c"]
    assert [r["id"] for r in diff.items_removed] == ["b"]
    changed = {c.field: (c.old, c.new) for c in diff.items_changed[0].changes}
    assert changed["status"] == ("approved", "draft")
    assert changed["when_to_call.emergency"] == ("Call 999.", "Call 999 now.")
    text = diff.as_text()
    assert "Changes from version 1 to version 2:" in text
    assert "Advice items added (1):\n  + c (burglary_robbery, approved): \"Title c\"" in text
    assert "Advice items removed (1):\n  - b" in text
    assert '      status: "approved" -> "draft"' in text
    assert '      steps: removed "Hide keys."' in text
    assert '      steps: added "Hide your keys."' in text
    assert '      when_to_call.emergency: "Call 999." -> "Call 999 now."' in text
    assert "Referrals added (1):\n  + galop" in text
    assert '  * crimestoppers: "Crimestoppers"\n      phone: "0800 555 111" -> "0800 555 112"' in text
    assert not diff.is_empty


def test_long_text_changes_are_shown_on_their_own_lines():
    long_old = "If you come home to a break-in, do not go in. The burglar may still be there."
    diff = diff_records(3, 4, {"a": item("a", summary=long_old)}, {"a": item("a", summary=long_old + " Call 999.")}, {}, {})
    text = diff.as_text()
    assert "      summary:\n          was: \"If you come home" in text
    assert "          now: \"If you come home" in text


def test_identical_versions_say_so():
    diff = diff_records(1, 1, {"a": item("a")}, {"a": item("a")}, {}, {})
    assert diff.is_empty and "No changes" in diff.as_text()


def test_order_only_change_is_reported():
    diff = diff_records(1, 2, {"a": item("a"), "b": item("b")}, {"b": item("b"), "a": item("a")}, {}, {})
    assert diff.item_order_changed and "order of advice items changed" in diff.as_text()
