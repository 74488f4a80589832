"""CARD: Luhn-valid card numbers; last four digits and IMEIs kept."""
from __future__ import annotations

import pytest

from bot.redaction import luhn_valid
from tests.unit.redaction.helpers import red


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("")
    assert not luhn_valid("4111-1111")
    assert not luhn_valid("abc")


@pytest.mark.parametrize("number", [
    "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "3782 822463 10005",
    "5555 5555 5555 4444", "4862527601891", "4555 9797 1147 1049 740",
])
def test_card(r, number):
    assert red(r, f"my card {number} was used") == "my card [CARD] was used"


@pytest.mark.parametrize("text", [
    "my card 4111 1111 1111 1112 was used",  # fails Luhn
    "card ending 1234",
    "the number 1234 5678 9012 3456",  # fails Luhn
    "0000 0000 0000 0000",
    "imei 356938035643809",  # Luhn-valid, but a phone's IMEI is not a card
])
def test_card_lookalikes_kept(r, text):
    assert red(r, text) == text
