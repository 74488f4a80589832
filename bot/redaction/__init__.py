"""Personal-data redaction for conversation logs.

Residents type personal data even when asked not to. Everything the tracker store keeps or shows
goes through :func:`redact` / :func:`redact_event_data` first. Each piece of personal data is
replaced by a typed placeholder ([NAME], [PHONE], [EMAIL], [POSTCODE], [ADDRESS], [VEHICLE_REG],
[DOB], [CARD], [NI_NUMBER], [BANK_ACCOUNT], [SOCIAL_HANDLE], [IP_ADDRESS], [URL]).

Layout (the shape Microsoft Presidio uses):

* :mod:`~bot.redaction.recognizers` - one recognizer per kind (patterns, context words,
  validation); each module's docstring gives its rules and what it deliberately keeps;
* :mod:`~bot.redaction.registry` - runs them and resolves overlaps by rank;
* :mod:`~bot.redaction.resources` - allow lists and gazetteers from ``data/redaction/`` and the
  referral directory, read once;
* :mod:`~bot.redaction.redactor` - the :class:`Redactor` and the shared default instance;
* :mod:`~bot.redaction.events` - redaction of Rasa event dicts.

Kept on purpose (tests pin them): service and helpline numbers (``service_numbers.txt`` plus
every number in ``content/referrals.yml``), months and festivals, pubs, venues and organisations
(``allow_list.txt``), public service web sites (``public_domains.txt``), crime reference numbers,
times, prices, ages, outward postcodes, roads, incident dates, a card's last four digits.

``python -m bot.redaction_eval`` scores it on ``tests/redaction/corpus.yml``.
"""
from __future__ import annotations

from bot.redaction.base import PLACEHOLDERS, TYPES, Recognizer, RedactionResult, Span, luhn_valid
from bot.redaction.events import redact_event_data, redact_strings
from bot.redaction.redactor import Redactor, default_redactor, redact
from bot.redaction.registry import RecognizerRegistry, resolve

__all__ = [
    "PLACEHOLDERS",
    "TYPES",
    "Recognizer",
    "RecognizerRegistry",
    "RedactionResult",
    "Redactor",
    "Span",
    "default_redactor",
    "redact_strings",
    "luhn_valid",
    "redact",
    "redact_event_data",
    "resolve",
]
