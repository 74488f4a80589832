from __future__ import annotations

import pytest

from bot.content.readability import count_syllables, measure, reading_age, reading_ease


@pytest.mark.parametrize(
    "word, syllables",
    [("the", 1), ("make", 1), ("used", 1), ("needed", 2), ("worried", 2), ("people", 2), ("period", 3),
     ("radicalisation", 6), ("exploitation", 4), ("information", 4), ("violence", 3), ("999", 1)],
)
def test_syllable_estimates(word: str, syllables: int):
    assert count_syllables(word) == syllables


def test_plain_text_reads_easily():
    text = "Lock your door. Keep your keys safe. Call 999 if you are in danger."
    assert reading_age(text) < 9
    assert reading_ease(text) > 80


def test_hard_text_reads_hard():
    text = (
        "Notwithstanding the aforementioned considerations, householders contemplating comprehensive "
        "improvements to residential security infrastructure should systematically evaluate certification."
    )
    assert reading_age(text) > 18
    assert reading_ease(text) < 10


def test_phone_numbers_and_addresses_count_as_one_short_word():
    with_number = measure("Call Crimestoppers on 0800 555 111 or go to essex.police.uk today.")
    assert with_number.sentences == 1  # the dots inside the address do not end a sentence
    assert with_number.words == 9  # call crimestoppers on NUMBER or go to ADDRESS today


def test_current_summaries_sit_around_reading_age_ten():
    samples = [
        "Most burglars look for an easy way in, like an open window or unlocked door. Lock up every time, even when you are at home.",
        "If someone is in danger now, or a crime is happening now, call 999 straight away. Your safety comes first.",
    ]
    for text in samples:
        assert 6 <= reading_age(text) <= 11
