from __future__ import annotations

import pytest

from bot.content.formats import phone_problem, url_problem


@pytest.mark.parametrize(
    "number",
    [
        "0800 555 111",  # 10 digits
        "01375 380609",  # 11 digits
        "08 08 16 89 111",  # any spacing of single spaces
        "08000 121 700",
        "0330 223 0099",
        "0800 1111",  # Childline's short freephone number
        "999", "112", "101", "111", "159", "55", "7726", "85258", "18000",
        "116 123", "116 000", "116123",
        "18001 101", "18001 0800 555 111",
    ],
)
def test_numbers_the_content_uses_are_accepted(number: str):
    assert phone_problem(number) is None


@pytest.mark.parametrize(
    "number, words",
    [
        ("0800 555 11", "has 9 digits"),
        ("0800 555 11111", "has 12 digits"),
        ("0800-555-111", "only digits and single spaces"),
        ("0800  555 111", "only digits and single spaces"),
        (" 101", "only digits and single spaces"),
        ("(01375) 380609", "only digits and single spaces"),
        ("+44 800 555 111", "+44"),
        ("0044 800 555 111", "international"),
        ("123", "not a UK phone number"),
        ("1160", "not a UK phone number"),
        ("10 1", "without spaces"),
        ("1 16 123", "116 123"),
        ("18001101", "space after 18001"),
        ("18001 12", "18001 followed by a number"),
        ("call 101", "only digits"),
    ],
)
def test_malformed_numbers_are_explained(number: str, words: str):
    problem = phone_problem(number)
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    "url",
    [
        "https://www.essex.police.uk",
        "https://www.essex.police.uk/advice/anti-social-behaviour",
        "https://reportfraud.police.uk",
        "https://www.gov.uk/ACT",
        "https://www.nhs.uk/nhs-services/mental-health-services/where-to-get-urgent-help-for-mental-health/",
        "https://giveusashout.org",
        "https://www.247sexualabusesupport.org.uk",
    ],
)
def test_good_urls(url: str):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://www.essex.police.uk", "https://"),
        ("www.essex.police.uk", "starting with https://"),
        ("https://", "real-looking site name"),
        ("https://essex", "real-looking site name"),
        ("https://-bad-.org", "real-looking site name"),
        ("https://www.fearless", "ending we know"),
        ("https://10.0.0.1", "ending we know"),
        ("https://user:pw@www.essex.police.uk", "user name"),
        ("https://www.essex.police.uk:8443/x", "port"),
        ("https://www.essex .police.uk", "spaces"),
    ],
)
def test_bad_urls_are_explained(url: str, words: str):
    problem = url_problem(url)
    assert problem is not None and words in problem
