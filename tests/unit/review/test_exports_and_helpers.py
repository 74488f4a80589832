"""Pure pieces of the dashboard: NLU YAML export, CSV cells, filters, redirects, charts."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import yaml

from bot.review.app import conversations_csv, csv_cell, page_items, parse_filters, safe_next
from bot.review.charts import bar_chart, nice_max, paired_bars
from bot.review.conversations import ConversationSummary
from bot.review.reviews import FlagRecord, nlu_yaml

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def flag(text, predicted, suggested=None, event_id=1):
    return FlagRecord("c1", event_id, text, predicted, suggested, "rex", NOW)


def test_nlu_yaml_groups_examples_under_the_right_intent():
    flags = [
        flag("my shed got done over", "places_asb", "burglary_robbery"),
        flag("someone nicked my bike   from the shed\nlast night", "burglary_robbery"),
        flag("my shed got done over", "places_asb", "burglary_robbery", event_id=2),  # duplicate text
        flag("asdf [NAME] said: 'hi' # not a comment", "nlu_fallback"),  # no usable intent: left out
        flag("is [NAME] allowed to: text me \"all\" the time?", "nlu_fallback", "domestic_abuse"),
    ]
    text = nlu_yaml(flags, generated_at=NOW)
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    blocks = {b["intent"]: b["examples"].splitlines() for b in data["nlu"]}
    assert blocks["burglary_robbery"] == ["- my shed got done over", "- someone nicked my bike from the shed last night"]
    assert blocks["domestic_abuse"] == ["- is [NAME] allowed to: text me \"all\" the time?"]
    assert "places_asb" not in blocks and "nlu_fallback" not in blocks
    assert "1 flagged message(s) had no intent" in text


def test_nlu_yaml_with_nothing_flagged():
    data = yaml.safe_load(nlu_yaml([], generated_at=NOW))
    assert data == {"version": "3.1", "nlu": []}


def test_csv_cells_cannot_become_formulas():
    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell("+1") == "'+1" and csv_cell("@x") == "'@x" and csv_cell("-2") == "'-2"
    assert csv_cell("conv-1") == "conv-1" and csv_cell(None) == ""
    summary = ConversationSummary("=cmd", NOW, NOW, 3, True, False, False, True, False, ("knife_crime",))
    text = conversations_csv([summary], lambda s: "Knife crime")
    assert text.splitlines()[1].startswith("'=cmd,") and ",yes,no,no,yes,no" in text


def test_parse_filters():
    filters, form, errors = parse_filters({"from": "2026-11-01", "to": "2026-11-30", "strand": "knife_crime",
                                           "emergency": "1", "unreviewed": "1", "q": " shed "})
    assert not errors and filters.date_from == date(2026, 11, 1) and filters.date_to == date(2026, 11, 30)
    assert filters.strand == "knife_crime" and filters.emergency and filters.not_reviewed and not filters.fallback
    assert filters.search == "shed" and form["q"] == "shed"
    assert "strand knife_crime" in filters.describe()
    filters, form, errors = parse_filters({"from": "2026-02-30", "to": "2026-01-01"})
    assert set(errors) == {"from"} and filters.date_from is None
    _, _, errors = parse_filters({"from": "2026-02-03", "to": "2026-01-01"})
    assert set(errors) == {"to"}
    _, _, errors = parse_filters({"q": "x" * 101})
    assert set(errors) == {"q"}


def test_only_local_redirects():
    assert safe_next("/conversations?x=1") == "/conversations?x=1"
    for bad in (None, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\nx"):
        assert safe_next(bad) == "/conversations"


def test_page_items():
    assert page_items(1, 1) == [1]
    assert page_items(5, 20) == [1, None, 4, 5, 6, None, 20]
    assert page_items(2, 3) == [1, 2, 3]


def test_charts_are_accessible_svg():
    svg = str(bar_chart("c1", "Fallback <rate>", "From 0% to 25%.", ["7 Sep", "14 Sep"], [0.25, None],
                        fmt=lambda v: f"{v * 100:.0f}%", max_value=0.4))
    root = ET.fromstring(svg)  # well-formed XML, names escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{ns}title").text == "Fallback <rate>" and root.find(f"{ns}desc").text == "From 0% to 25%."
    assert "style=" not in svg and "<script" not in svg and len(root.findall(f"{ns}rect")) == 1
    pairs = str(paired_bars("c2", "Helpful", "Two items.", [("item-a", 3, 1), ("item-<b>", 0, 2)]))
    root = ET.fromstring(pairs)
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "3 helpful" in texts and "2 not helpful" in texts and "item-<b>" in texts


def test_nice_axis_tops():
    assert nice_max(0) == 4 and nice_max(3) == 4 and nice_max(5) == 8 and nice_max(37) == 40 and nice_max(101) == 200
    assert nice_max(0.23, whole=False) == 0.4 and nice_max(0.9, whole=False) == 1.0
