"""Every custom action in domain.yml has exactly one implementation in actions/, and vice versa."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter
from pathlib import Path

import yaml
from rasa_sdk import Action
from rasa_sdk.forms import FormValidationAction

import actions


def _implemented_action_names() -> Counter:
    names: Counter = Counter()
    for module_info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, Action) or inspect.isabstract(cls):
                continue
            if cls in (Action, FormValidationAction):
                continue
            names[cls().name()] += 1
    return names


def test_domain_actions_match_implementations(project_root: Path) -> None:
    domain = yaml.safe_load((project_root / "domain.yml").read_text())
    declared = Counter(domain.get("actions") or [])
    implemented = _implemented_action_names()
    assert all(count == 1 for count in declared.values()), declared
    duplicates = [name for name, count in implemented.items() if count > 1]
    assert duplicates == [], f"actions implemented more than once: {duplicates}"
    assert set(declared) == set(implemented)
