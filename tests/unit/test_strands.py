from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.strands import STRAND_IDS, load_strand_map


def test_the_fourteen_strand_ids_are_exact(strands) -> None:
    assert set(strands.titles) == set(STRAND_IDS)
    assert len(STRAND_IDS) == 14


def test_every_domain_intent_is_mapped_and_every_mapped_intent_exists(strands, project_root: Path) -> None:
    domain = yaml.safe_load((project_root / "domain.yml").read_text())
    assert set(domain["intents"]) == set(strands.intents)


def test_every_training_intent_is_in_the_domain(strands, project_root: Path) -> None:
    from bot.nlu.training_data import read_examples

    trained = {intent for _, intent in read_examples([project_root / "data" / "nlu"])}
    assert trained == set(strands.intents)


def test_intent_to_strand(strands) -> None:
    assert strands.strand_for_intent("domestic_abuse") == "domestic_abuse"
    assert strands.strand_for_intent("out_of_scope") == "out_of_scope"
    assert strands.strand_for_intent("greet") is None
    assert strands.strand_for_intent("emergency") is None
    assert strands.label_for_intent("emergency") == "emergency"
    assert strands.strand_for_intent("no_such_intent") is None


def test_an_intent_mapped_twice_is_rejected(tmp_path: Path, project_root: Path) -> None:
    raw = yaml.safe_load((project_root / "data" / "strands.yml").read_text())
    raw["strands"]["knife_crime"]["intents"].append("hate_crime")
    path = tmp_path / "strands.yml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValueError, match="mapped twice"):
        load_strand_map(path)


def test_one_nlu_file_and_one_rules_file_per_strand(project_root: Path) -> None:
    for strand in STRAND_IDS:
        assert (project_root / "data" / "nlu" / f"{strand}.yml").is_file()
        assert (project_root / "data" / "rules" / f"{strand}.yml").is_file()
