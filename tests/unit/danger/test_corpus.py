from pathlib import Path

import pytest

from bot.danger.corpus import CorpusError, load_corpus, read_file


def test_the_shipped_corpus_covers_30_situations_and_every_kind_of_writer(project_root: Path) -> None:
    examples = load_corpus(project_root / "data" / "safety" / "detector")
    danger = [e for e in examples if e.danger]
    near = [e for e in examples if not e.danger]
    situations = {e.situation for e in danger}
    assert len(situations) >= 30
    assert {"victim", "child", "witness", "neighbour", "parent", "older_person", "esl"} <= {e.who for e in danger}
    assert {"past", "hypothetical", "general_question", "news", "training", "worry"} <= {e.kind for e in near}
    lengths = [len(e.text.split()) for e in danger]
    assert min(lengths) <= 3 and max(lengths) >= 100


def test_a_wrong_file_names_the_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "danger_now.yml"
    bad.write_text("examples:\n- {situation: x, text: ok}\n- {situation: y}\n")
    with pytest.raises(CorpusError, match=r"examples\[1\]: 'text'"):
        read_file(bad, danger=True)
    bad.write_text("examples: [oops")
    with pytest.raises(CorpusError, match="not valid YAML"):
        read_file(bad, danger=True)
