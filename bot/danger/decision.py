"""Combine the patterns' verdict and the detector's probability into one danger-now verdict.

Tiers:
- CERTAIN: a pattern fired, or the detector is very sure (probability >= the `certain` threshold).
  The 999 message comes first, as it always has.
- POSSIBLE: the detector is above the lower `possible` threshold. The reply starts with one line
  ("If this is happening now, call 999 ...") and then continues with the strand's advice.
The patterns are a floor: they can only add an alarm, never remove one the detector raised.
What is kept (and stored) is whether it fired, the tier, the rule and where it came from - never
the resident's words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

CERTAIN = "certain"
POSSIBLE = "possible"

PATTERNS = "patterns"
DETECTOR = "detector"


@dataclass(frozen=True)
class Thresholds:
    possible: float
    certain: float

    def __post_init__(self) -> None:
        if not 0.0 < self.possible <= self.certain <= 1.0:
            raise ValueError(f"thresholds must satisfy 0 < possible <= certain <= 1, got {self}")


@dataclass(frozen=True)
class DangerVerdict:
    fired: bool
    tier: Optional[str] = None
    rule: Optional[str] = None
    # "patterns", "detector" or "patterns+detector": which judge raised the alarm.
    source: Optional[str] = None
    probability: Optional[float] = None
    # Why a pattern that matched did not fire (past, conditional, ...), for reviewers.
    suppressed_by: Optional[str] = None
    # The detector's own tier, whatever the patterns said (for `make eval`: detector alone).
    detector_tier: Optional[str] = None

    def as_dict(self) -> Dict[str, object]:
        return {"fired": self.fired, "tier": self.tier, "rule": self.rule, "source": self.source,
                "probability": None if self.probability is None else round(float(self.probability), 4),
                "suppressed_by": self.suppressed_by, "detector_tier": self.detector_tier}


def decide(pattern_fired: bool, pattern_rule: Optional[str], probability: Optional[float],
           thresholds: Optional[Thresholds], suppressed_by: Optional[str] = None) -> DangerVerdict:
    """One verdict from the two judges. With no detector (probability None) the patterns decide alone."""
    detector_tier = None
    if probability is not None and thresholds is not None:
        if probability >= thresholds.certain:
            detector_tier = CERTAIN
        elif probability >= thresholds.possible:
            detector_tier = POSSIBLE
    if pattern_fired:
        source = PATTERNS + ("+" + DETECTOR if detector_tier else "")
        return DangerVerdict(True, CERTAIN, pattern_rule, source, probability, detector_tier=detector_tier)
    if detector_tier:
        return DangerVerdict(True, detector_tier, f"detector_{detector_tier}", DETECTOR, probability,
                             suppressed_by=suppressed_by, detector_tier=detector_tier)
    return DangerVerdict(False, None, pattern_rule if suppressed_by else None, None, probability, suppressed_by)
