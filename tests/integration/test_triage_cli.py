"""`bot triage`, the contract other tools rely on, run as the installed console script."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.strands import STRAND_IDS


def _run_triage(lines, project_root: Path):
    bot = Path(sys.executable).with_name("bot")
    return subprocess.run([str(bot), "triage"], input="\n".join(lines) + "\n", capture_output=True, text=True,
                          cwd=project_root, timeout=600)


def test_triage_contract_bad_lines_and_500_messages(project_root: Path, trained_model: Path) -> None:
    messages = [
        "how do i stop my shed getting broken into",
        "someone is breaking in right now",
        "where do i pay a parking fine",
        "hello",
        "my ex keeps turning up outside my flat",
    ]
    lines = [json.dumps({"text": m}) for m in messages]
    lines.insert(2, "this is not json")
    lines.insert(4, json.dumps({"message": "wrong key"}))
    lines += [json.dumps({"text": f"scam text about my parcel number {i}"}) for i in range(495)]
    result = _run_triage(lines, project_root)
    assert result.returncode == 0, result.stderr[-2000:]
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 500
    assert "line 3" in result.stderr and "line 5" in result.stderr
    allowed = set(STRAND_IDS) | {"out_of_scope", None}
    for record in out:
        assert set(record) >= {"text", "intent", "confidence", "strand", "emergency"}
        assert record["strand"] in allowed
        assert isinstance(record["emergency"], bool)
        assert 0.0 <= record["confidence"] <= 1.0
    by_text = {r["text"]: r for r in out}
    assert by_text["how do i stop my shed getting broken into"]["strand"] == "burglary_robbery"
    assert by_text["someone is breaking in right now"]["emergency"] is True
    assert by_text["where do i pay a parking fine"]["strand"] == "out_of_scope"
    assert by_text["hello"]["strand"] is None and by_text["hello"]["emergency"] is False
    assert by_text["my ex keeps turning up outside my flat"]["strand"] == "domestic_abuse"
    assert by_text["my ex keeps turning up outside my flat"]["emergency"] is False
