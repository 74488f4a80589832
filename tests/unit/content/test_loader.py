from __future__ import annotations

from pathlib import Path

from bot.content.loader import field_label, load_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content" / "advice" / "x.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_value_keeps_its_line(tmp_path: Path):
    path = write(
        tmp_path,
        "strand: knife_crime\n"
        "items:\n"
        "  - id: a\n"
        "    topics: [x, \"999\"]\n"
        "    summary: >-\n"
        "      two\n"
        "      lines\n"
        "    steps:\n"
        "      - one\n"
        "      - two\n",
    )
    loaded, problems = load_file(path, tmp_path / "content")
    assert problems == [] and loaded is not None
    lines = loaded.lines
    assert lines.line(("strand",)) == 1
    assert lines.line(("items", 0)) == 3
    assert lines.line(("items", 0, "topics", 1)) == 4
    assert lines.raw_text[("items", 0, "topics", 1)] == "999"
    assert lines.line(("items", 0, "summary")) == 5
    assert lines.line(("items", 0, "steps", 1)) == 10
    # A field that is not there points at its parent entry.
    assert lines.line(("items", 0, "owner")) == 3
    assert loaded.data["items"][0]["summary"] == "two lines"
    assert loaded.display_name == "content/advice/x.yml"


def test_yaml_error_is_a_problem_not_an_exception(tmp_path: Path):
    path = write(tmp_path, "strand: knife_crime\nitems:\n  - id: a\n   title: wrong indent\n")
    loaded, problems = load_file(path, tmp_path / "content")
    assert loaded is None
    assert len(problems) == 1 and problems[0].line == 4 and "not valid YAML" in problems[0].message


def test_file_that_is_not_utf8(tmp_path: Path):
    path = tmp_path / "content" / "advice" / "x.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes("strand: caf\xe9\n".encode("latin-1"))
    loaded, problems = load_file(path, tmp_path / "content")
    assert loaded is None and "UTF-8" in problems[0].message


def test_field_label():
    assert field_label(("items", 3, "review_due")) == "items[3].review_due"
    assert field_label(("items", 0, "when_to_call", "emergency")) == "items[0].when_to_call.emergency"
    assert field_label(()) == ""
