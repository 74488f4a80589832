"""The registry: overlap resolution by rank and length, protected placeholders, the two phases."""
from __future__ import annotations

from typing import List, Sequence, Tuple

import pytest

from bot.redaction import Recognizer, RecognizerRegistry, Redactor, Span, TYPES, resolve
from bot.redaction.recognizers import EmailRecognizer, NameRecognizer, PhoneRecognizer, default_recognizers
from bot.redaction.registry import RANK


class Fixed(Recognizer):
    """A recognizer that returns fixed spans and records what it was given."""

    def __init__(self, kind: str, spans: List[Tuple[int, int]], after: bool = False) -> None:
        self.kind = kind
        self.after_structured = after
        self._spans = spans
        self.seen_taken: List[Tuple[int, int]] = []

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        self.seen_taken = list(taken)
        return [(s, e, self.kind) for s, e in self._spans]


def test_rank_covers_every_kind_once():
    assert sorted(RANK) == sorted(TYPES)
    assert {type(r).kind for r in default_recognizers()} == set(TYPES)


def test_better_rank_wins_an_overlap():
    assert resolve([(0, 10, "NAME"), (2, 8, "EMAIL")]) == [(2, 8, "EMAIL")]
    assert resolve([(0, 19, "CARD"), (0, 11, "PHONE")]) == [(0, 19, "CARD")]
    assert resolve([(5, 30, "URL"), (10, 20, "SOCIAL_HANDLE")]) == [(5, 30, "URL")]


def test_longer_wins_within_a_rank_and_disjoint_spans_all_stay():
    assert resolve([(0, 4, "NAME"), (0, 9, "NAME")]) == [(0, 9, "NAME")]
    assert sorted(resolve([(0, 4, "NAME"), (5, 9, "PHONE"), (10, 12, "NAME")])) == [
        (0, 4, "NAME"), (5, 9, "PHONE"), (10, 12, "NAME")]


def test_protected_ranges_win_over_everything():
    assert resolve([(0, 10, "EMAIL"), (12, 15, "NAME")], protected=[(5, 8)]) == [(12, 15, "NAME")]


def test_second_phase_sees_first_phase_spans_and_placeholders():
    first = Fixed("PHONE", [(20, 30)])
    names = Fixed("NAME", [(0, 4), (22, 25)], after=True)
    registry = RecognizerRegistry([names, first])
    text = "dave [EMAIL] called 0770090012 today"
    spans = registry.analyze(text)
    assert names.seen_taken == [(5, 12), (20, 30)]
    assert spans == [(0, 4, "NAME"), (20, 30, "PHONE")]  # the NAME inside the PHONE is dropped


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        RecognizerRegistry([Fixed("PASSPORT", [])])


def test_a_redactor_with_chosen_recognizers_finds_only_their_kinds():
    r = Redactor(recognizers=[EmailRecognizer(), PhoneRecognizer()])
    res = r.redact("my name is Sarah, a.b@example.com, 07700 900123, CM1 1AA")
    assert res.text == "my name is Sarah, [EMAIL], [PHONE], CM1 1AA"


def test_names_never_take_a_word_inside_a_structured_span():
    r = Redactor(recognizers=[EmailRecognizer(), NameRecognizer()])
    assert r.redact("write to sarah.jones@gmail.com, Sarah").text == "write to [EMAIL], [NAME]"


def test_unicode_spaces_and_dashes_do_not_shift_offsets(r):
    text = "call 07700\u00a0900123 or 07700\u2013900124"
    res = r.redact(text)
    assert [text[s:e] for s, e, _ in res.spans] == ["07700\u00a0900123", "07700\u2013900124"]
