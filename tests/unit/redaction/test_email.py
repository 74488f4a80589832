"""EMAIL: plain addresses and the obfuscated forms; service addresses kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import found, red


@pytest.mark.parametrize("text, value", [
    ("email sarah.jones85@gmail.com ok", "sarah.jones85@gmail.com"),
    ("ANNA.K@GMAIL.COM", "ANNA.K@GMAIL.COM"),
    ("<dave.r@gmail.com>", "dave.r@gmail.com"),
    ("it's kelly.x@yahoo.co.uk.", "kelly.x@yahoo.co.uk"),
    ("garyb at gmail dot com", "garyb at gmail dot com"),
    ("tom [at] outlook [dot] com", "tom [at] outlook [dot] com"),
])
def test_email(r, text, value):
    res = r.redact(text)
    assert [text[s:e] for s, e, k in res.spans if k == "EMAIL"] == [value]


def test_service_emails_kept(r):
    for text in ("forward it to report@phishing.gov.uk", "email jo@samaritans.org"):
        assert red(r, text) == text


# ------------------------------------------------------------------ obfuscated forms

@pytest.mark.parametrize("text, value", [
    ("email me at jo dot smith at gmail dot com please", "jo dot smith at gmail dot com"),
    ("his email is sam[at]example.co.uk", "sam[at]example.co.uk"),
    ("write to name (at) domain (dot) com", "name (at) domain (dot) com"),
    ("dave at hotmail dot co dot uk is his", "dave at hotmail dot co dot uk"),
    ("reach me on jenny.m AT outlook DOT com", "jenny.m AT outlook DOT com"),
    ("contact: t.okafor{at}protonmail{dot}com", "t.okafor{at}protonmail{dot}com"),
    ("old one was chris_p at aol.com", "chris_p at aol.com"),
    ("write to me at p.nowak (at) wp (dot) pl", "p.nowak (at) wp (dot) pl"),
    ("send it to karen.w @ btinternet.com", "karen.w @ btinternet.com"),
    ("sophie<at>hotmail<dot>co<dot>uk", "sophie<at>hotmail<dot>co<dot>uk"),
])
def test_obfuscated_email(r, text, value):
    assert found(r, text, "EMAIL") == [value]


@pytest.mark.parametrize("text", [
    "i ordered at tesco.com and never got it",
    "he's at work at Amazon.co.uk in the warehouse",
    "we were at the station at 5",
    "look at this dot com scam",
    "she is at uni dot she said",
])
def test_at_as_an_ordinary_word_is_kept(r, text):
    assert red(r, text) == text
