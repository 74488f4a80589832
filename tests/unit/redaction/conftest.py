"""Fixtures for the redaction tests: one loaded redactor and one corpus report per session."""
from __future__ import annotations

from typing import List

import pytest

from bot.redaction import Redactor
from bot.redaction.resources import Resources
from bot.redaction_eval import EvalReport, evaluate, load_corpus


@pytest.fixture(scope="session")
def r() -> Redactor:
    return Redactor().load()


@pytest.fixture(scope="session")
def resources(r: Redactor) -> Resources:
    return r.resources


@pytest.fixture(scope="session")
def corpus() -> List[dict]:
    return load_corpus()


@pytest.fixture(scope="session")
def report(r: Redactor, corpus: List[dict]) -> EvalReport:
    return evaluate(corpus, redactor=r, timing_rounds=1)
