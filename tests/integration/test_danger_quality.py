"""Danger now on the frozen blind sets (tests/nlu/blind/): CI fails below the committed gates.

The sets were written by helpers that never saw the training data, the patterns or earlier sets.
Once their misses have been read they are no longer blind, but they stay here as regression gates
(tests/nlu_thresholds.yml, `danger_now`); figures for a closing note come from a fresh set.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.danger.evaluation import blind_versions
from bot.evaluation import danger_reports


@pytest.fixture(scope="module")
def gates(project_root: Path):
    return yaml.safe_load((project_root / "tests" / "nlu_thresholds.yml").read_text())["danger_now"]


@pytest.fixture(scope="module")
def reports(model_parser, strands, project_root: Path):
    versions = blind_versions(project_root / "tests" / "nlu" / "blind")
    assert versions, "no frozen blind set in tests/nlu/blind/"
    return danger_reports(model_parser.parse, strands, project_root, project_root / "data", versions, echo=False)


def test_danger_now_recall_tier_1_or_2(reports, gates) -> None:
    for report in reports:
        both = report.judges["both"]
        assert both.recall.rate >= gates["recall_min"], (report.version, str(both.recall), both.missed)


def test_tier_1_recall(reports, gates) -> None:
    for report in reports:
        assert report.judges["both"].recall_certain.rate >= gates["recall_certain_min"], report.version


def test_false_alarms(reports, gates) -> None:
    for report in reports:
        both = report.judges["both"]
        assert both.near_miss_alarms.rate <= gates["near_miss_false_alarm_max"], (report.version, both.false_alarms)
        assert both.ordinary_alarms.rate <= gates["ordinary_false_alarm_max"], (report.version, both.false_alarms)


def test_patterns_and_detector_together_beat_each_alone_and_the_baseline(reports) -> None:
    for report in reports:
        both = report.judges["both"].recall.rate
        assert both >= report.judges["patterns"].recall.rate
        assert both >= report.judges["detector"].recall.rate
        assert both > report.judges["baseline"].recall.rate


def test_strand_accuracy_on_the_blind_questions(reports, gates) -> None:
    for report in reports:
        served = report.strand_accuracy["trained model (served)"].rate
        assert served >= gates["strand_accuracy_min"], report.version
        assert served >= report.strand_accuracy["baseline TF-IDF"].rate


def test_blind_messages_found_in_the_training_data_are_not_scored(reports, project_root: Path) -> None:
    from bot.danger.evaluation import load_blind_set

    for report in reports:
        blind = load_blind_set(project_root / "tests" / "nlu" / "blind", report.version)
        assert len(blind) >= 600
        # A chance collision of short sentences, not a leak: at most 1% of a set.
        assert len(report.excluded) <= len(blind) // 100, report.excluded
        scored = report.judges["both"].recall.total + report.judges["both"].near_miss_alarms.total \
            + report.judges["both"].ordinary_alarms.total
        assert scored == len(blind) - len(report.excluded)
