from __future__ import annotations

from pathlib import Path

import yaml

from bot.conversation import context


def test_every_lookup_place_maps_to_a_district(project_root: Path) -> None:
    raw = yaml.safe_load((project_root / "data" / "lookups" / "locations.yml").read_text())
    places = [line.strip()[2:] for line in raw["nlu"][0]["examples"].splitlines() if line.strip().startswith("- ")]
    districts_file = project_root / "data" / "districts.yml"
    unmapped = [p for p in places if p != "Essex" and context.district_for_place(p, districts_file) is None]
    assert unmapped == []


def test_district_in_free_text(project_root: Path) -> None:
    f = project_root / "data" / "districts.yml"
    assert context.district_in_text("we live in canvey island", f) == "castle_point"
    assert context.district_in_text("near Saffron Walden", f) == "uttlesford"
    assert context.district_in_text("no place here", f) is None


def test_audience_cues() -> None:
    assert context.audience_in_text("and if it's my mum?") == "older_person"
    assert context.audience_in_text("my son is 15") == "parent"
    assert context.audience_in_text("i run a corner shop") == "business"
    assert context.audience_in_text("my friend told me") == "family_friend"
    assert context.audience_in_text("how do i lock my door") is None


def test_topic_words_drop_filler() -> None:
    assert context.topic_words("what about my shed?") == "shed"
    assert context.says_already_done("I already did that")
    assert not context.says_already_done("what else")
