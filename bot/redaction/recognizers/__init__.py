"""One recognizer per kind of personal data; :func:`default_recognizers` is the standard set."""
from __future__ import annotations

from typing import List

from bot.redaction.base import Recognizer
from bot.redaction.recognizers.address import AddressRecognizer
from bot.redaction.recognizers.bank_account import BankAccountRecognizer
from bot.redaction.recognizers.card import CardRecognizer
from bot.redaction.recognizers.dob import DobRecognizer
from bot.redaction.recognizers.email import EmailRecognizer
from bot.redaction.recognizers.ip_address import IpAddressRecognizer
from bot.redaction.recognizers.names import NameRecognizer
from bot.redaction.recognizers.ni_number import NiNumberRecognizer
from bot.redaction.recognizers.phone import PhoneRecognizer
from bot.redaction.recognizers.postcode import PostcodeRecognizer
from bot.redaction.recognizers.social_handle import SocialHandleRecognizer
from bot.redaction.recognizers.url import UrlRecognizer
from bot.redaction.recognizers.vehicle import VehicleRecognizer

__all__ = [
    "AddressRecognizer", "BankAccountRecognizer", "CardRecognizer", "DobRecognizer", "EmailRecognizer",
    "IpAddressRecognizer", "NameRecognizer", "NiNumberRecognizer", "PhoneRecognizer", "PostcodeRecognizer",
    "SocialHandleRecognizer", "UrlRecognizer", "VehicleRecognizer", "default_recognizers",
]


def default_recognizers() -> List[Recognizer]:
    """A fresh instance of every recognizer (each redactor loads its own)."""
    return [
        EmailRecognizer(), UrlRecognizer(), CardRecognizer(), BankAccountRecognizer(), NiNumberRecognizer(),
        PhoneRecognizer(), IpAddressRecognizer(), PostcodeRecognizer(), VehicleRecognizer(), DobRecognizer(),
        AddressRecognizer(), SocialHandleRecognizer(), NameRecognizer(),
    ]
