import pytest

from bot.danger.decision import CERTAIN, POSSIBLE, Thresholds, decide

T = Thresholds(possible=0.2, certain=0.8)


def test_patterns_alone_are_certain_and_name_their_rule() -> None:
    verdict = decide(True, "intruder_now", 0.01, T)
    assert (verdict.fired, verdict.tier, verdict.rule, verdict.source) == (True, CERTAIN, "intruder_now", "patterns")


@pytest.mark.parametrize("probability, tier", [(0.9, CERTAIN), (0.8, CERTAIN), (0.5, POSSIBLE), (0.2, POSSIBLE)])
def test_detector_tiers(probability: float, tier: str) -> None:
    verdict = decide(False, None, probability, T)
    assert verdict.fired and verdict.tier == tier and verdict.source == "detector"


def test_below_both_thresholds_nothing_fires() -> None:
    verdict = decide(False, "violence_now", 0.19, T, suppressed_by="past")
    assert not verdict.fired and verdict.tier is None and verdict.suppressed_by == "past"


def test_the_patterns_are_a_floor_the_detector_cannot_lower() -> None:
    assert decide(True, "weapon_now", 0.0, T).tier == CERTAIN
    assert decide(True, "weapon_now", None, None).tier == CERTAIN
    assert decide(True, "weapon_now", 0.5, T).source == "patterns+detector"


def test_the_stored_verdict_never_holds_text() -> None:
    record = decide(True, "weapon_now", 0.5, T).as_dict()
    assert set(record) == {"fired", "tier", "rule", "source", "probability", "suppressed_by", "detector_tier"}
    assert all(not isinstance(v, str) or len(v) < 40 for v in record.values())


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError):
        Thresholds(possible=0.9, certain=0.5)
