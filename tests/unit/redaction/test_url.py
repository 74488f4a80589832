"""URL: links to a person's page on a social site; public service sites and other links kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import found, red


@pytest.mark.parametrize("value", [
    "facebook.com/jane.doe.1990",
    "https://www.instagram.com/kyle_b.2008/",
    "www.facebook.com/profile.php?id=100089234567812",
    "https://www.tiktok.com/@kayden.official2",
    "snapchat.com/add/marcus_b04",
    "linkedin.com/in/gary-thompson-4b2a91",
    "m.facebook.com/sam.okafor.77",
    "wa.me/447700900123",
    "facebook.com/marketplace/profile/100045678901234",
    "https://www.facebook.com/people/Jane-Doe/100083456789012/",
])
def test_profile_links_found(r, value):
    assert found(r, f"this is him {value} please help", "URL") == [value]


def test_trailing_punctuation_is_not_part_of_the_link(r):
    assert found(r, "his page (twitter.com/dannyw_88).", "URL") == ["twitter.com/dannyw_88"]


@pytest.mark.parametrize("text", [
    "i reported it on https://www.essex.police.uk/ro/report/ocr/af/how-to-report-a-crime/",
    "reportfraud.police.uk/report said to call 159",
    "is gov.uk/report-suspicious-emails-websites-phishing right?",
    "www.citizensadvice.org.uk/consumer/scams/ helped",
    "https://www.womensaid.org.uk/information-support/",
    "https://www.victimsupport.org.uk/help-and-support/",  # a referral site, read from referrals.yml
    "the fake site was amaz0n-refunds.com/login",
    "https://www.bbc.co.uk/news/uk-england-essex-12345678",
    "facebook.com/help/contact is useless",
    "facebook.com/groups/123 shared it",
    "the page facebook.com/EssexPoliceUK posted the appeal",
    "https://www.instagram.com/p/C4xYz12/",
    "www.facebook.com",
])
def test_public_and_non_personal_links_kept(r, text):
    assert red(r, text) == text


def test_public_domains_include_referral_sites(resources):
    assert resources.is_public_domain("www.essexcompass.org.uk")
    assert resources.is_public_domain("reportfraud.police.uk")
    assert resources.is_public_domain("anything.gov.uk")
    assert not resources.is_public_domain("facebook.com")
    assert not resources.is_public_domain("notgov.uk.example.com")


@pytest.mark.parametrize("text, value", [
    ("he posted a video of me https://youtu.be/Xb7Lm2QpZr8", "https://youtu.be/Xb7Lm2QpZr8"),
    ("my photos are on this post instagram.com/p/Dx4Lm9QpZr2/", "instagram.com/p/Dx4Lm9QpZr2/"),
    ("join link https://chat.whatsapp.com/AbCdEf123456 they share pics there", "https://chat.whatsapp.com/AbCdEf123456"),
    ("he uploaded it to https://streamable.com/x7k2pq", "https://streamable.com/x7k2pq"),
])
def test_posts_about_the_resident_and_private_uploads(r, text, value):
    assert found(r, text, "URL") == [value]


def test_a_post_without_a_cue_about_the_resident_is_kept(r):
    text = "the appeal is at https://www.youtube.com/watch?v=AbC123xyz9Q please share"
    assert red(r, text) == text
