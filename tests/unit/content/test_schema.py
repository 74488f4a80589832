from __future__ import annotations

import json
from pathlib import Path

from bot.content.models import AdviceItem
from bot.content.schema import SCHEMAS, render, stale_schemas, write_schemas
from tests.unit.content.conftest import REAL_CONTENT


def test_committed_schema_files_are_up_to_date():
    assert stale_schemas(REAL_CONTENT) == [], "run: bot content schema"


def test_schema_gives_editors_choices_and_help():
    advice = json.loads(render(SCHEMAS["advice.schema.json"]))
    item = advice["definitions"]["AdviceItem"]
    assert item["additionalProperties"] is False
    assert "knife_crime" in advice["properties"]["strand"]["enum"]
    assert item["properties"]["status"]["enum"] == ["approved", "draft", "retired"]
    assert "southend" in item["properties"]["districts"]["items"]["enum"]
    assert all(prop.get("description") for prop in item["properties"].values())
    referral = json.loads(render(SCHEMAS["referrals.schema.json"]))["definitions"]["Referral"]
    assert referral["properties"]["phone"]["type"] == ["string", "null"]  # the files write `phone: null`
    assert referral["properties"]["min_age"]["type"] == ["integer", "null"]


def test_write_and_check(tmp_path: Path):
    assert len(stale_schemas(tmp_path)) == 2
    written = write_schemas(tmp_path)
    assert {p.name for p in written} == set(SCHEMAS)
    assert stale_schemas(tmp_path) == []


def test_every_content_file_points_editors_at_its_schema():
    for path in sorted((REAL_CONTENT / "advice").glob("*.yml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/advice.schema.json"), path
    assert (REAL_CONTENT / "referrals.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=schema/referrals.schema.json"
    )


def test_models_refuse_unknown_fields():
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        AdviceItem.parse_obj({"id": "a", "colour": "red"})


def test_the_editor_schema_accepts_the_real_content_and_flags_mistakes():
    """What VS Code underlines must agree with the files: no red marks on good content."""
    jsonschema = __import__("pytest").importorskip("jsonschema")
    import yaml

    def as_editor_sees(path: Path):
        # The YAML extension reads dates as text (YAML 1.2), so compare like with like.
        return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))

    advice_schema = json.loads((REAL_CONTENT / "schema" / "advice.schema.json").read_text(encoding="utf-8"))
    referrals_schema = json.loads((REAL_CONTENT / "schema" / "referrals.schema.json").read_text(encoding="utf-8"))
    for path in sorted((REAL_CONTENT / "advice").glob("*.yml")):
        jsonschema.validate(as_editor_sees(path), advice_schema)
    jsonschema.validate(as_editor_sees(REAL_CONTENT / "referrals.yml"), referrals_schema)

    broken = as_editor_sees(REAL_CONTENT / "advice" / "burglary_robbery.yml")
    broken["items"][0]["reveiw_due"] = broken["items"][0].pop("review_due")
    errors = list(jsonschema.Draft7Validator(advice_schema).iter_errors(broken))
    assert errors, "a misspelt field must be underlined"
