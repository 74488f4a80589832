"""NI_NUMBER: HMRC prefix rules and the suffix-less cued form."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red


@pytest.mark.parametrize("ni", ["QQ 12 34 56 C", "AB 12 34 56 C", "AB123456C", "nx 12 34 56 b", "JG103759A", "ZA 12 12 12 A"])
def test_ni_number(r, ni):
    assert red(r, f"my ni is {ni} ok") == "my ni is [NI_NUMBER] ok"


def test_ni_without_suffix_needs_cue(r):
    assert red(r, "national insurance number AB 12 34 56") == "national insurance number [NI_NUMBER]"


@pytest.mark.parametrize("ni", [
    "BG 12 34 56 A", "GB 12 34 56 A", "NK 12 34 56 A", "KN 12 34 56 A", "TN 12 34 56 A", "NT 12 34 56 A",
    "ZZ 12 34 56 A", "DA 12 34 56 A", "FA 12 34 56 A", "IA 12 34 56 A", "UA 12 34 56 A", "VA 12 34 56 A",
    "AD 12 34 56 A", "AO 12 34 56 A", "AB 12 34 56 E",
])
def test_ni_prefix_rules(r, ni):
    assert "[NI_NUMBER]" not in red(r, f"ref {ni}")
