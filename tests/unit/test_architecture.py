"""Import direction: actions/ may import bot/, bot/ never imports actions/; only adapters import Rasa."""
from __future__ import annotations

import ast
from pathlib import Path

RASA_ADAPTERS = ("bot/rasa_components/", "bot/triage.py", "bot/evaluation.py")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_bot_never_imports_actions(project_root: Path) -> None:
    offenders = [str(p.relative_to(project_root)) for p in (project_root / "bot").rglob("*.py")
                 if any(name == "actions" or name.startswith("actions.") for name in _imports(p))]
    assert offenders == []


def test_only_the_adapters_import_rasa(project_root: Path) -> None:
    offenders = []
    for path in (project_root / "bot").rglob("*.py"):
        relative = str(path.relative_to(project_root))
        if relative.startswith(RASA_ADAPTERS):
            continue
        if any(name == "rasa" or name.startswith("rasa.") for name in _imports(path)):
            offenders.append(relative)
    assert offenders == []
