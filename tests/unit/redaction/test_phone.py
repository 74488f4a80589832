"""PHONE: UK and international numbers, checked with phonenumbers; service numbers kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red, referral_numbers


@pytest.mark.parametrize("number", [
    "07700 900123", "07700900123", "07700-900-123", "07700.900.123", "+44 7700 900123",
    "+447700900123", "+44 (0)7700 900123", "0044 7700 900123", "01245 123456", "(01206) 123 456",
    "020 7946 0000", "0207 946 0000", "0161 496 0555", "01632 960123", "0 7 7 0 0 9 0 0 1 2 3",
])
def test_phone_formats(r, number):
    res = r.redact(f"call me on {number} please")
    assert res.text == "call me on [PHONE] please", res.spans


BRIEF_SERVICE_NUMBERS = [
    "999", "112", "101", "111", "116 123", "116 000", "18000", "18001 101", "159", "7726", "85258",
    "0800 555 111", "0808 2000 247", "0330 333 7444", "0800 1111", "0808 800 5000", "0300 123 2040",
    "0800 011 3764", "0800 789 321", "08000 121 700", "0330 223 0099", "01375 380609",
    "0808 16 89 111", "0345 603 7627", "0345 606 1212", "0808 1000 900", "0808 802 9999",
]


@pytest.mark.parametrize("number", BRIEF_SERVICE_NUMBERS + referral_numbers())
def test_service_numbers_never_redacted(r, number):
    for text in (f"call {number}", f"ring {number} now", f"{number}", f"the number is {number}.",
                 f"my number is {number}", f"call me on {number}"):
        assert red(r, text) == text
    squashed = number.replace(" ", "")
    assert red(r, f"ring {squashed} please") == f"ring {squashed} please"
    assert r.is_service_number(number)


@pytest.mark.parametrize("text", [
    "Crimestoppers +44 800 555 111", "crimestoppers 0800-555-111", "call 0800 555 111 or 101 or 999",
])
def test_service_number_other_spellings(r, text):
    assert red(r, text) == text


def test_service_list_includes_referrals(r):
    for number in referral_numbers():
        assert r.is_service_number(number), number


def test_personal_number_next_to_service_number(r):
    assert red(r, "call 999 then ring me 07700 900123") == "call 999 then ring me [PHONE]"
    assert red(r, "07700 900 999 not 999") == "[PHONE] not 999"


@pytest.mark.parametrize("text", [
    "at 10 30 last night", "it cost £1500", "in 2019", "my 14 year old", "crime ref 42/12345/23",
    "3 men and 2 women", "on 12/03 at 07:30", "order number 123456789",
    "about 7700 people", "ref NFRC230112345678", "0800 numbers are free", "a 0730 start",
])
def test_number_lookalikes_kept(r, text):
    assert red(r, text) == text


def test_bank_details_were_kept_before_and_are_bank_accounts_now(r):
    """Until BANK_ACCOUNT existed this message was a kept look-alike; it is a resident's bank details."""
    assert red(r, "account 12345678 sort code 20-00-00") == "account [BANK_ACCOUNT] sort code [BANK_ACCOUNT]"


# ------------------------------------------------------------------ phonenumbers (libphonenumber) validation

@pytest.mark.parametrize("number", ["+48 512 345 678", "0048 512 345 678", "+40 721 234 567", "+370 612 34567",
                                    "+1 212 555 0123", "+353 85 123 4567"])
def test_international_numbers_checked_by_phonenumbers(r, number):
    assert red(r, f"his other phone is {number} ok") == "his other phone is [PHONE] ok"


@pytest.mark.parametrize("text", ["+1500 more", "+48 123", "0048 99", "+44 1", "scored +3 points"])
def test_invalid_international_lookalikes_kept(r, text):
    assert red(r, text) == text


def test_phone_recognizer_validation(r):
    rec = next(x for x in r.registry.recognizers if x.kind == "PHONE")
    assert rec.is_phone("07911123456", plus=False)  # valid per libphonenumber
    assert rec.is_phone("07700900123", plus=False)  # Ofcom drama range: possible, kept as personal
    assert rec.is_phone("447700900123", plus=True)
    assert rec.is_phone("48512345678", plus=True)
    assert not rec.is_phone("09001234567", plus=False)  # premium rate, not a personal range
    assert not rec.is_phone("0770090012", plus=False)  # a mobile one digit short
    assert not rec.is_phone("12345678901", plus=False)
