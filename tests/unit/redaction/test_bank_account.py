"""BANK_ACCOUNT: sort codes and account numbers given as bank details, and IBANs."""
from __future__ import annotations

import pytest

from bot.redaction.recognizers.bank_account import BankAccountRecognizer, iban_valid
from tests.unit.redaction.helpers import found, red


@pytest.mark.parametrize("text, values", [
    ("sort code 20-45-77 account number 41223344", ["20-45-77", "41223344"]),
    ("acc 87654321 sort 04-00-04", ["87654321", "04-00-04"]),
    ("my bank details are 30-94-12 / 55667788", ["30-94-12", "55667788"]),
    ("account no. 10293847", ["10293847"]),
    ("sortcode: 08 92 99", ["08 92 99"]),
    ("a/c 3344 5566", ["3344 5566"]),
    ("paid the deposit into 60-83-71 12345670", ["60-83-71", "12345670"]),
    ("account ending 4821, full number 90817263", ["90817263"]),
    ("the text said my payee 83920173 had been added", ["83920173"]),
    ("IBAN GB82 WEST 1234 5698 7654 32 please", ["GB82 WEST 1234 5698 7654 32"]),
    ("PL61 1090 1014 0000 0712 1981 2874", ["PL61 1090 1014 0000 0712 1981 2874"]),
    ("iban gb33bukb20201555555555", ["gb33bukb20201555555555"]),
    ("iban NO9386011117947", ["NO9386011117947"]),  # a country outside the table needs the cue
])
def test_bank_details_found(r, text, values):
    assert found(r, text, "BANK_ACCOUNT") == values


@pytest.mark.parametrize("text", [
    "order number 12345678 never arrived",
    "it happened on 12-03-24 outside the bank",
    "my bank gave me case number 20240312",
    "parcel ref 88112233",
    "the code they texted was 482913",
    "my account was hacked last week and the reference is 12345678",
    "GB82 WEST 1234 5698 7654 33",  # one check digit wrong
    "NO9386011117947",  # valid check digits, but no IBAN cue and not a country in the table
    "crime ref 42/12345678/24",
    "it cost £12345678",
])
def test_bank_lookalikes_kept(r, text):
    assert red(r, text) == text


def test_card_number_is_not_split_into_account_numbers(r):
    assert red(r, "bank card 4111 1111 1111 1111") == "bank card [CARD]"


def test_iban_check_digits_and_country_length():
    assert iban_valid("GB82WEST12345698765432")
    assert iban_valid("gb82west12345698765432")
    assert not iban_valid("GB82WEST12345698765433")  # check digits
    assert not iban_valid("GB82WEST123456987654")  # GB is 22 characters
    assert not iban_valid("NO9386011117947")
    assert iban_valid("NO9386011117947", any_country=True)


def test_recognizer_alone_needs_no_data():
    rec = BankAccountRecognizer()
    text = "sort code 20-45-77"
    assert rec.analyze(text) == [(10, 18, "BANK_ACCOUNT")]


@pytest.mark.parametrize("text, values", [
    ("paid Barclays 20-32-06 for the van", ["20-32-06"]),
    ("sort code 40.47.21 acc 61823304", ["40.47.21", "61823304"]),
    ("send it on to AT611904300234573201 tonight", ["AT611904300234573201"]),
    ("transfer it to NO9386011117947 now", ["NO9386011117947"]),  # a payment cue is an IBAN cue
])
def test_bank_names_dotted_sort_codes_and_payment_cues(r, text, values):
    assert found(r, text, "BANK_ACCOUNT") == values


@pytest.mark.parametrize("text", [
    "we met on 12.03.24 at the bank",
    "Lloyds case number 302211",
])
def test_dates_and_bank_references_kept(r, text):
    assert red(r, text) == text
