"""VEHICLE_REG: current, prefix, suffix and cued registrations; roads kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red


@pytest.mark.parametrize("text, value", [
    ("car reg AB12 CDE", "AB12 CDE"),
    ("a van ab12cde", "ab12cde"),
    ("old car P123 ABC", "P123 ABC"),
    ("the car k456 fgh", "k456 fgh"),
    ("classic ABC 123D", "ABC 123D"),
    ("registration number is R7 JKL", "R7 JKL"),
    ("EX65 KLM was seen", "EX65 KLM"),
])
def test_vehicle(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "VEHICLE_REG"] == [value]


@pytest.mark.parametrize("text", [
    "crash on the A12 and the a127 and the M25", "the a12 and then the m25", "i run 5k every day",
    "my car was on the a13 near grays", "is 12 men a lot", "junction 28",
])
def test_vehicle_lookalikes_kept(r, text):
    assert red(r, text) == text
