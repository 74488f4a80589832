"""The goals on the development corpus (tests/redaction/corpus.yml) and the eval script."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bot.redaction import TYPES
from bot.redaction_eval import GOAL_LOOKALIKES_KEPT, GOAL_RECALL_ALL, expected_spans
from tests.unit.redaction.helpers import PROJECT_ROOT

NEW_KINDS = ("BANK_ACCOUNT", "SOCIAL_HANDLE", "IP_ADDRESS", "URL")


def test_corpus_is_big_enough_and_covers_every_type(corpus):
    assert len(corpus) >= 600
    counts = {t: 0 for t in TYPES}
    for e in corpus:
        for item in e.get("expect") or []:
            counts[item["type"]] += 1
    for t in TYPES:
        assert counts[t] >= (40 if t == "NAME" else 20 if t in NEW_KINDS else 25), (t, counts[t])
    assert sum(1 for e in corpus if e.get("keep")) >= 100  # plenty of look-alikes


def test_corpus_has_lookalikes_for_each_new_kind(corpus):
    """Each new kind has messages that look like it and must be kept whole."""
    cues = {"BANK_ACCOUNT": ("account", "bank", "order number", "ref"), "SOCIAL_HANDLE": ("@", "snap", "insta", "tiktok"),
            "IP_ADDRESS": ("version", "iOS", "127.0.0.1", "section"), "URL": ("police.uk", "gov.uk", ".org.uk", ".com/")}
    for kind, words in cues.items():
        lookalikes = [e for e in corpus if not e.get("expect") and any(w in e["text"] for w in words)]
        assert len(lookalikes) >= 4, kind


@pytest.mark.parametrize("kind", TYPES)
def test_corpus_recall_per_type(report, kind):
    s = report.scores[kind]
    missed = [(t, v) for t, k, v in report.misses if k == kind]
    assert s.recall >= 0.95, f"{kind} recall {s.recall:.1%}; missed: {missed}"


def test_corpus_recall_overall(report):
    assert report.total.recall >= GOAL_RECALL_ALL, report.misses


@pytest.mark.parametrize("kind", TYPES)
def test_corpus_precision_per_type(report, kind):
    s = report.scores[kind]
    fps = [(t, v) for t, k, v in report.false_positives if k == kind]
    assert s.precision >= 0.90, f"{kind} precision {s.precision:.1%}; false positives: {fps}"


def test_corpus_no_service_number_redacted(report):
    assert report.service_occurrences >= 50
    assert report.service_redacted == []


def test_corpus_lookalikes_kept(report):
    assert report.lookalikes_kept >= GOAL_LOOKALIKES_KEPT, report.lookalikes_redacted
    assert report.lookalikes_redacted == []


def test_speed_typical_message(r, corpus):
    texts = [e["text"] for e in corpus]
    for t in texts:
        r.redact(t)
    best = min(_timed(r, texts) for _ in range(3))  # best of 3 passes: the box may be busy
    assert best / len(texts) * 1000 < 2.0


def _timed(r, texts):
    a = time.perf_counter()
    for t in texts:
        r.redact(t)
    return time.perf_counter() - a


def test_expected_spans_handles_repeats():
    e = {"text": "paige and paige", "expect": [{"type": "NAME", "value": "paige"}, {"type": "NAME", "value": "paige"}]}
    assert expected_spans(e) == [(0, 5, "NAME"), (10, 15, "NAME")]


def test_goals_missed_names_each_missed_goal(report):
    """The eval's exit status rests on goals_missed(): it must name a goal that is missed."""
    import copy

    worse = copy.deepcopy(report)
    worse.scores["URL"].found = 0
    worse.lookalikes_redacted = [("x", "y")] * 10
    worse.ms_p99_median = 5.0
    missed = " | ".join(worse.goals_missed())
    assert "URL recall" in missed and "look-alikes kept" in missed and "p99" in missed
    assert report.goals_missed() == [] or all("p99" in m for m in report.goals_missed())


def test_eval_script_runs():
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    out = subprocess.run([sys.executable, "-m", "bot.redaction_eval", "--rounds", "1"], cwd=PROJECT_ROOT,
                         env=env, capture_output=True, text=True, timeout=300)
    assert "wrongly redacted: 0" in out.stdout, out.stdout + out.stderr[-2000:]
    for kind in ("NI_NUMBER", *NEW_KINDS):
        assert kind in out.stdout
    assert "p99" in out.stdout and "per message (median of rounds)" in out.stdout
    # exit status 1 only for a missed goal; on a busy box that can only be the timing one
    assert out.returncode == 0 or "MISSED: p99" in out.stdout, out.stdout
