"""The deterministic emergency net: fires on danger now, never on the past or the hypothetical."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.training_data import read_examples
from bot.safety_net import SafetyNet, SafetyPatternError

DANGER_NOW = [
    "someone is breaking in right now",
    "theres a man in my house",
    "hes kicking the door in and says hes going to kill me",
    "my boyfriend is hitting me",
    "he's got a knife",
    "man with a gun outside the school",
    "my mate has taken loads of pills and wont wake up",
    "she's not breathing",
    "im going to kill myself tonight",
    "i have the pills in front of me",
    "a man is trying to get a little girl into his car",
    "i cant find my son anywhere, hes 4",
    "im being followed and im on my own",
    "i think my drink has been spiked i feel really dizzy",
    "the flat next door is on fire",
    "help",
    "please help me",
    "HELP HES HERE",
    "two men are climbing in through my back window",
    "i'm locked in the bathroom and he won't let me out",
]

NOT_NOW = [
    "I was burgled last week, what should I do now?",
    "my ex hit me last year and now he is texting again",
    "someone pulled a knife on my son on saturday",
    "what should I do if someone breaks into my house",
    "how do I know if my drink has been spiked",
    "how do i stop my son carrying a knife",
    "i took an overdose years ago and still struggle",
    "how to avoid being mugged",
    "my ex keeps turning up outside my flat",
    "can you help me with home security",
    "is it illegal to carry a knife for self defence",
    "i'm safe now but he hit me earlier",
    "got a text saying my parcel is being held, is it a scam",
]


@pytest.mark.parametrize("text", DANGER_NOW)
def test_fires_on_danger_now(safety_net: SafetyNet, text: str) -> None:
    verdict = safety_net.check(text)
    assert verdict.fired, f"missed: {text!r} ({verdict})"
    assert verdict.rule


@pytest.mark.parametrize("text", NOT_NOW)
def test_does_not_fire_on_past_or_general_questions(safety_net: SafetyNet, text: str) -> None:
    verdict = safety_net.check(text)
    assert not verdict.fired, f"false emergency: {text!r} ({verdict})"


def test_records_why_a_match_was_suppressed(safety_net: SafetyNet) -> None:
    verdict = safety_net.check("there is someone in our garden every night")
    assert not verdict.fired
    assert verdict.suppressed_by == "past"


def test_every_emergency_training_example_fires(safety_net: SafetyNet, project_root: Path) -> None:
    examples = [t for t, _ in read_examples([project_root / "data" / "nlu" / "emergency.yml"])]
    missed = [t for t in examples if not safety_net.check(t).fired]
    assert len(examples) > 150
    assert missed == []


def test_no_strand_training_example_fires(safety_net: SafetyNet, project_root: Path) -> None:
    examples = [(t, i) for t, i in read_examples([project_root / "data" / "nlu"]) if i != "emergency"]
    fired = [(t, i, safety_net.check(t).rule) for t, i in examples if safety_net.check(t).fired]
    assert len(examples) > 2000
    # A handful of borderline strand examples may fire (safety first); more means the net drifted.
    assert len(fired) <= len(examples) * 0.005, fired


def test_empty_and_odd_input_never_crashes(safety_net: SafetyNet) -> None:
    for text in ["", "   ", "\x00\x01", "🙂🙂🙂", "مرحبا", "<script>alert(1)</script>", "a" * 100_000]:
        assert safety_net.check(text).fired in (True, False)


def test_bad_patterns_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "danger_now.yml"
    path.write_text("rules:\n  - id: broken\n    patterns: ['(unclosed']\n")
    with pytest.raises(SafetyPatternError) as error:
        SafetyNet.from_file(path)
    assert "rules.broken.patterns[0]" in str(error.value)
    assert str(path) in str(error.value)


def test_duplicate_rule_ids_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "danger_now.yml"
    path.write_text("rules:\n  - id: a\n    patterns: ['x']\n  - id: a\n    patterns: ['y']\n")
    with pytest.raises(SafetyPatternError, match="used twice"):
        SafetyNet.from_file(path)
