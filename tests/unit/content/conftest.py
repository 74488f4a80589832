"""Fixtures for the content checks: a fresh copy of the real content/ per test, to break on purpose."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]
REAL_CONTENT = PROJECT_ROOT / "content"
# Checks that depend on dates use this day, so the tests do not change meaning as time passes.
TODAY = date(2026, 11, 26)


class ContentCopy:
    def __init__(self, root: Path):
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def text(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> int:
        """Replace the first `count` occurrences of `old`; returns the 1-based line of the first change."""
        text = self.text(relative)
        assert old in text, f"{old!r} not found in {relative}"
        line = text[: text.index(old)].count("\n") + 1
        self.path(relative).write_text(text.replace(old, new, count), encoding="utf-8")
        return line

    def line_of(self, relative: str, needle: str, occurrence: int = 1) -> int:
        text = self.text(relative)
        position = -1
        for _ in range(occurrence):
            position = text.index(needle, position + 1)
        return text[:position].count("\n") + 1

    def write(self, relative: str, text: str) -> None:
        self.path(relative).parent.mkdir(parents=True, exist_ok=True)
        self.path(relative).write_text(text, encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> ContentCopy:
    shutil.copytree(REAL_CONTENT, tmp_path / "content")
    return ContentCopy(tmp_path / "content")
