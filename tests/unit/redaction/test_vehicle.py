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


@pytest.mark.parametrize("text, kept", [
    ("a black BMW X3 reg number LM17 KTP was outside", "BMW X3"),
    ("2015 Audi A4 reg EF15 TRW", "Audi A4"),
    ("my Mercedes C220 CDI was keyed", "Mercedes C220 CDI"),
    ("a silver Land Rover Discovery Sport parked on the verge", "Land Rover Discovery Sport"),
])
def test_makes_and_models_are_not_registrations(r, text, kept):
    res = r.redact(text)
    assert kept in res.text
    assert not any(k == "VEHICLE_REG" and text[s:e] in kept for s, e, k in res.spans)


def test_models_list_is_loaded(resources):
    assert "bmw" in resources.vehicle_makes
    assert "x5" in resources.vehicle_models["bmw"]
    assert "logan" in resources.all_vehicle_models
