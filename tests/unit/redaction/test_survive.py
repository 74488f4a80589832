"""What must SURVIVE redaction: months and festivals, pubs and venues, organisations, service
numbers (every phone number in content/referrals.yml, read from the file here), money, times,
crime reference numbers and ages. Each message must come back unchanged."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import red, referral_numbers

SERVICE_NUMBERS = ["999", "101", "111", "116 123", "0808 802 9999", "18000", "159", "7726"]


@pytest.mark.parametrize("text", [
    # months and festivals
    "it happened in June", "Christmas Eve was when it started", "every Diwali the fireworks start",
    "last August my car was keyed", "during Eid in April", "on New Year's Eve", "Easter Monday about 2pm",
    "on Bonfire Night kids threw bangers", "in May and again in June",
    # pubs and venues
    "outside the Rose and Crown", "at the Chelmsford City FC game", "the Red Lion in Maldon",
    "the White Hart in Witham", "the Prince of Wales pub car park", "the Kings Arms on saturday",
    "Southend United fans near Roots Hall", "the Harvester in Basildon",
    # organisations
    "Barclays said it was a scam", "Citizens Advice helped me", "Women's Aid told me to call",
    "NatWest and Lloyds froze my card", "Age UK and the Salvation Army", "Victim Support rang me",
    # money, times, crime references, ages
    "they took £1,250 and £40", "at 10.30pm", "at 07:30", "around 10 30", "crime ref 42/123456/24",
    "ref NFRC240512345678", "my 14 year old son", "she's 82 and lives alone", "a 16yo girl",
])
def test_survives(r, text):
    assert red(r, text) == text


@pytest.mark.parametrize("number", sorted(set(SERVICE_NUMBERS + referral_numbers())))
def test_service_and_referral_numbers_survive(r, number):
    for text in (f"call {number}", f"ring {number} now", f"my number is {number}", f"text {number}."):
        assert red(r, text) == text


def test_referral_numbers_are_read_from_the_file():
    numbers = referral_numbers()
    assert len(numbers) >= 20
    assert {"999", "112", "18000", "116 000", "7726", "159"} <= set(numbers)


def test_survivors_next_to_personal_data(r):
    text = "Christmas Eve at the Rose and Crown, ring 101 or my mobile 07700 900123"
    assert red(r, text) == "Christmas Eve at the Rose and Crown, ring 101 or my mobile [PHONE]"
