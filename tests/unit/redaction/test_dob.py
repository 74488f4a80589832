"""DOB: dates after a birth cue; incident dates kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red


@pytest.mark.parametrize("text, value", [
    ("born 12/03/1985", "12/03/1985"),
    ("dob 1.2.90", "1.2.90"),
    ("date of birth 3rd March 1990", "3rd March 1990"),
    ("D.O.B. 02/02/2002", "02/02/2002"),
    ("born on the 5th of June 2008", "5th of June 2008"),
    ("i was born in 1985", "1985"),
    ("her birthday is 9th april 2011", "9th april 2011"),
    ("12/06/1979 (dob)", "12/06/1979"),
    ("DOB 2004-06-30", "2004-06-30"),
])
def test_dob(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "DOB"] == [value]


def test_two_dobs_after_one_cue(r):
    assert red(r, "dobs 12/03/85 and 4/5/90") == "dobs [DOB] and [DOB]"


@pytest.mark.parametrize("text", [
    "on 12/03 my car was broken into", "it happened on 12/03/2023", "on the 3rd of march",
    "bought it on 14 march 2024", "my son was born in Colchester", "in 2019 it happened again",
])
def test_plain_dates_are_not_dob(r, text):
    assert red(r, text) == text
