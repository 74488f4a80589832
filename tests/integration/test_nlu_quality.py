"""The trained model, scored on the independent test set in tests/nlu/: CI fails below the thresholds."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.evaluation import evaluate


@pytest.fixture(scope="module")
def scores(model_parser, strands, project_root: Path):
    return evaluate(model_parser.parse, strands, project_root / "tests" / "nlu", [project_root / "data" / "nlu"])


@pytest.fixture(scope="module")
def thresholds(project_root: Path):
    return yaml.safe_load((project_root / "tests" / "nlu_thresholds.yml").read_text())


def test_every_emergency_in_the_test_set_is_caught(scores) -> None:
    assert scores["model"].missed_emergencies == []
    assert scores["model"].emergency_recall == 1.0


def test_macro_f1_is_above_the_committed_threshold(scores, thresholds) -> None:
    assert scores["model"].macro_f1 >= thresholds["macro_f1_min"]


def test_false_emergencies_stay_rare(scores, thresholds) -> None:
    assert scores["model"].false_emergency_rate <= thresholds["false_emergency_rate_max"], scores["model"].false_emergencies


def test_out_of_scope_recall(scores, thresholds) -> None:
    assert scores["model"].out_of_scope_recall >= thresholds["out_of_scope_recall_min"]


def test_model_beats_the_plain_baseline(scores) -> None:
    assert scores["model"].macro_f1 > scores["baseline"].macro_f1
    assert scores["model"].strand_accuracy >= scores["baseline"].strand_accuracy


def test_test_set_is_never_in_the_training_data(project_root: Path) -> None:
    from bot.nlu.training_data import read_examples

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    train = {norm(t) for t, _ in read_examples([project_root / "data" / "nlu"])}
    test = [t for t, _ in read_examples([project_root / "tests" / "nlu"])]
    assert len(test) >= 14 * 15 + 80
    overlap = [t for t in test if norm(t) in train]
    assert overlap == []


@pytest.mark.parametrize("typed", [
    "/ there's a man with a knife outside my door right now",
    "/greet someone is stabbing me",
    "/help my husband is strangling me",
])
def test_a_typed_slash_does_not_skip_the_safety_net(model_parser, typed) -> None:
    # Rasa reads "/intent" as a button payload only when the whole text is a known intent; any other
    # text starting with "/" still goes through the NLU, the safety net included.
    assert model_parser.parse(typed)["intent"]["name"] == "emergency"
