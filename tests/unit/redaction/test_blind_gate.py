"""CI gate on the blind corpora (tests/redaction/blind/corpus_<version>_<part>.yml).

The blind sets are written by people who never saw the redactor. Files of one version
(corpus_v1_a.yml + corpus_v1_b.yml) are scored together, as one set, with the evaluation of
bot/redaction_eval.py, and must meet the goals: recall >= 0.97 overall and >= 0.93 for every kind,
look-alikes kept >= 0.99. Timing is not gated here (the dev-corpus tests cover it).

A version the redactor has been tuned on is no longer blind (v1 and v2 were used as development
sets); it stays here as a regression gate, and the figure that counts comes from the newest
version. A version never tuned on may fall short of the goals: `gates.yml` beside the corpora then
holds the floors measured on it (what it scored, so a change that makes it worse fails CI).
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from bot.redaction import TYPES
from bot.redaction_eval import (
    GOAL_LOOKALIKES_KEPT,
    GOAL_RECALL_ALL,
    GOAL_RECALL_KIND,
    EvalReport,
    evaluate,
    load_corpus,
)
from tests.unit.redaction.helpers import PROJECT_ROOT

BLIND_DIR = PROJECT_ROOT / "tests" / "redaction" / "blind"
# corpus_v1_a.yml -> "v1"; corpus_v2.yml -> "v2"
_FILE_RE = re.compile(r"^corpus_(?P<version>[^_.]+)(?:_[^.]*)?\.ya?ml$")


def blind_sets() -> Dict[str, List[Path]]:
    """The blind corpus files grouped by their version prefix."""
    sets: Dict[str, List[Path]] = defaultdict(list)
    if BLIND_DIR.is_dir():
        for path in sorted(BLIND_DIR.iterdir()):
            m = _FILE_RE.match(path.name)
            if m:
                sets[m.group("version")].append(path)
    return dict(sorted(sets.items()))


_SETS = blind_sets()
_REPORTS: Dict[str, EvalReport] = {}
_FLOORS: Dict[str, dict] = (yaml.safe_load((BLIND_DIR / "gates.yml").read_text()) or {}) \
    if (BLIND_DIR / "gates.yml").is_file() else {}


def floor(version: str, name: str, goal: float, kind: str = "") -> float:
    """The goal, or the measured floor of a version never tuned on (gates.yml), whichever is lower."""
    value = (_FLOORS.get(version) or {}).get(name, goal)
    if isinstance(value, dict):
        value = value.get(kind, goal)
    return min(float(value), goal)


def _report(version: str, r) -> EvalReport:
    if version not in _REPORTS:
        entries: List[dict] = []
        for path in _SETS[version]:
            entries += load_corpus(path)
        _REPORTS[version] = evaluate(entries, redactor=r, timing_rounds=1)
    return _REPORTS[version]


def _names(paths: List[Path]) -> str:
    return " + ".join(p.name for p in paths)


def test_blind_sets_found():
    assert _SETS, f"no blind corpus files in {BLIND_DIR}"


def test_grouping_by_version_prefix():
    names = ["corpus_v1_a.yml", "corpus_v1_b.yml", "corpus_v2.yml", "corpus_v10_x.yaml", "notes.yml"]
    versions = [m.group("version") for m in map(_FILE_RE.match, names) if m]
    assert versions == ["v1", "v1", "v2", "v10"]


@pytest.mark.parametrize("version", sorted(_SETS))
def test_blind_recall_overall(r, version):
    rep = _report(version, r)
    assert rep.total.expected > 0
    assert rep.total.recall >= floor(version, "recall_all", GOAL_RECALL_ALL), (
        f"{_names(_SETS[version])}: recall {rep.total.recall:.1%}; missed: {rep.misses}"
    )


@pytest.mark.parametrize("version", sorted(_SETS))
@pytest.mark.parametrize("kind", TYPES)
def test_blind_recall_per_kind(r, version, kind):
    s = _report(version, r).scores[kind]
    missed = [(t, v) for t, k, v in _report(version, r).misses if k == kind]
    assert s.recall >= floor(version, "recall_kind", GOAL_RECALL_KIND, kind), f"{_names(_SETS[version])}: {kind} recall {s.recall:.1%}; missed: {missed}"


@pytest.mark.parametrize("version", sorted(_SETS))
def test_blind_lookalikes_kept(r, version):
    rep = _report(version, r)
    assert rep.lookalikes_kept >= floor(version, "lookalikes_kept", GOAL_LOOKALIKES_KEPT), (
        f"{_names(_SETS[version])}: look-alikes kept {rep.lookalikes_kept:.1%}; broken: {rep.lookalikes_redacted}"
    )
