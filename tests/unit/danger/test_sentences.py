from bot.danger.sentences import MAX_CHARS, split_sentences


def test_splits_on_sentence_ends_and_line_breaks() -> None:
    text = "We moved here in 2019. He's outside now with a bat!\nAnyway what are the bin days?"
    assert split_sentences(text) == ["We moved here in 2019", "He's outside now with a bat", "Anyway what are the bin days"]


def test_one_word_fragments_are_dropped_but_a_single_sentence_stays_whole() -> None:
    assert split_sentences("help. ok. he has a knife") == ["he has a knife"]
    assert split_sentences("someone is in my house") == ["someone is in my house"]


def test_bounded_in_characters_and_sentences() -> None:
    text = "he is here now. " * 5000
    sentences = split_sentences(text)
    assert len(sentences) == 16
    assert sum(len(s) for s in sentences) <= MAX_CHARS


def test_decimal_points_and_times_do_not_split() -> None:
    assert split_sentences("it cost 2.50 at 10.30pm") == ["it cost 2.50 at 10.30pm"]
