"""ADDRESS: house number + street; streets and counts kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red


@pytest.mark.parametrize("text, value", [
    ("he lives at 12 High Street, Chelmsford", "12 High Street"),
    ("flat 3, 45 london road", "flat 3, 45 london road"),
    ("flat 2 rosewood court", "flat 2 rosewood court"),
    ("at number 12 acacia avenue", "number 12 acacia avenue"),
    ("no. 15 Coronation Drive", "no. 15 Coronation Drive"),
    ("4a Station Road", "4a Station Road"),
    ("14 The Drive", "14 The Drive"),
    ("7 St John's Road", "7 St John's Road"),
    ("flat 12b Marlborough House", "flat 12b Marlborough House"),
    ("101 London Road", "101 London Road"),  # a house number, not the police number
])
def test_address(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "ADDRESS"] == [value]


@pytest.mark.parametrize("text", [
    "3 men walked down the road", "a 40 mph road", "20 minutes walk from here", "2 bed flat",
    "a 3 bed house", "5 acre field", "20 youths in the park", "my neighbour at number 14",
    "the bus stop on Victoria Road", "2 police cars on the street",
])
def test_address_lookalikes_kept(r, text):
    assert red(r, text) == text
