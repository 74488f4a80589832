"""POSTCODE: full postcodes redacted, outward codes kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red


@pytest.mark.parametrize("pc", ["CM1 1AA", "co4 3sq", "SS0 7AB", "RM17 6TT", "rm176tt", "CM20 1AW", "IG10 4AB", "ss12ab"])
def test_postcode(r, pc):
    assert red(r, f"postcode {pc} thanks") == "postcode [POSTCODE] thanks"


@pytest.mark.parametrize("text", ["is CM1 safe", "we live in SS9", "moved from SS14 to CM3", "the SS0 area",
                                  "at 4pm", "from 3am", "the m1 1st exit"])
def test_outward_code_and_lookalikes_kept(r, text):
    assert red(r, text) == text
