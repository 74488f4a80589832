"""Split a message into the sentences the danger-now judges look at one by one.

A long message can bury one sentence of danger now in an older, unrelated story ("we moved here
in 2019 ... he's outside now with a bat ... anyway what are the bin days"). Judged whole, the past
cues and the story's words drown it; judged sentence by sentence, it stands out. Bounded: at most
`max_chars` characters are read and at most `max_sentences` sentences returned, so a huge message
costs the same as a long one.
"""
from __future__ import annotations

import re
from typing import List

# Sentence ends: . ! ? and line breaks, also runs of them ("!!!", "?!"), and " - " dashes.
_SPLIT = re.compile(r"(?:[.!?]+(?=\s|$)|\n+|\s[-\u2013\u2014]\s|;)")
_WORD = re.compile(r"\w+")

MAX_CHARS = 4000
MAX_SENTENCES = 16


def split_sentences(text: str, max_chars: int = MAX_CHARS, max_sentences: int = MAX_SENTENCES,
                    min_words: int = 2) -> List[str]:
    """The message's sentences with at least `min_words` words, in order (the whole text if it has one)."""
    text = (text or "")[:max_chars]
    pieces = [p.strip() for p in _SPLIT.split(text)]
    sentences = [p for p in pieces if len(_WORD.findall(p)) >= min_words]
    if len(sentences) > max_sentences:
        # Keep the first ones, and merge the tail into the last so nothing is silently dropped.
        sentences = sentences[:max_sentences - 1] + [" ".join(sentences[max_sentences - 1:])]
    return sentences
