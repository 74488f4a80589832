"""The checks of the residents' questions beside each item (bot/content/question_checks.py), run
through `check_content` on small content folders: each problem names the file, the line and the field."""
from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from bot.content.checks import check_content
from bot.content.problems import Problem
from tests.integration.content.conftest import TODAY, item, write_content
from tests.retrieval_support import real_encoder

BURGLARY = "content/advice/burglary_robbery.yml"


def questions(n: int, about: str) -> List[str]:
    return [f"question number {k} about {about}?" for k in range(n)]


def check(tmp_path: Path, items, encode=None):
    root = write_content(tmp_path / "content", items)
    return check_content(root, today=TODAY, encode=encode), (root / "advice" / "burglary_robbery.yml").read_text()


def line_after(text: str, anchor: str, needle: str) -> int:
    """1-based line of the first `needle` after `anchor`."""
    return text[: text.index(needle, text.index(anchor))].count("\n") + 1


def at(problems: List[Problem], field: str) -> List[Problem]:
    return [p for p in problems if p.file == BURGLARY and p.field == field]


@pytest.fixture(scope="module")
def encoder():
    return real_encoder()


# ------------------------------------------------------------------------------------------ counts
def test_approved_item_with_too_few_questions_is_an_error_naming_file_line_and_field(tmp_path: Path):
    report, text = check(tmp_path, [item("burglary-shed", questions=["How do I lock my shed?", "Is my shed safe?"])])
    [error] = at(report.errors, "items[1].questions")  # items[0] is the strand's general item
    assert error.line == line_after(text, "- id: burglary-shed", "questions:")
    assert str(error).startswith(f"{BURGLARY}:{error.line}: items[1].questions: ")
    assert "2 question(s)" in error.message and "at least 3" in error.message
    assert not report.ok


def test_item_without_questions_is_named_by_its_id_and_only_approved_items_need_them(tmp_path: Path):
    report, text = check(tmp_path, [
        item("burglary-none", questions=[]),
        item("burglary-draft", questions=[], status="draft"),
        item("burglary-retired", questions=["one?"], status="retired"),
    ])
    [error] = [p for p in report.errors if "question(s) under questions" in p.message]
    assert (error.file, error.field) == (BURGLARY, "items[1].id")
    assert error.line == line_after(text, "- id: burglary-none", "- id: burglary-none")
    assert "0 question(s)" in error.message
    assert at(report.warnings, "items[2].questions") == [] and at(report.warnings, "items[3].questions") == []


@pytest.mark.parametrize("n, warned", [(3, True), (4, True), (5, False), (10, False), (11, True)])
def test_a_few_or_too_many_questions_are_warnings(tmp_path: Path, n: int, warned: bool):
    report, text = check(tmp_path, [item("burglary-shed", questions=questions(n, "the shed"))])
    assert at(report.errors, "items[1].questions") == []
    found = at(report.warnings, "items[1].questions")
    assert bool(found) is warned, found
    if warned:
        assert found[0].line == line_after(text, "- id: burglary-shed", "questions:")
        assert (f"Only {n} questions" if n < 5 else f"{n} questions; keep the best 10") in found[0].message


def test_the_same_question_on_two_items_is_a_warning_naming_the_other_place(tmp_path: Path):
    first = ["How do I lock my shed?", *questions(4, "sheds")]
    second = [*questions(2, "bikes"), "how do i LOCK my shed", *questions(2, "bicycles")]
    report, text = check(tmp_path, [item("burglary-shed", questions=first), item("burglary-bike", questions=second)])
    [warning] = at(report.warnings, "items[2].questions[2]")
    assert warning.line == line_after(text, "- id: burglary-bike", "how do i LOCK my shed")
    first_line = line_after(text, "- id: burglary-shed", "How do I lock my shed?")
    assert f"also at {BURGLARY}:{first_line}" in warning.message
    assert at(report.warnings, "items[1].questions[0]") == []  # the first place is where it belongs
    assert report.ok  # a warning does not stop publishing


def test_an_empty_question_is_an_error(tmp_path: Path):
    report, text = check(tmp_path, [item("burglary-shed", questions=[*questions(3, "sheds"), "???", *questions(2, "locks")])])
    [error] = at(report.errors, "items[1].questions[3]")
    assert error.line == line_after(text, "- id: burglary-shed", "???")
    assert "This question is empty" in error.message


# -------------------------------------------------------------------------------- near-duplicates
def near_duplicates(report) -> List[Problem]:
    return [p for p in report.warnings if "means nearly the same" in p.message]


def test_paraphrased_questions_on_two_items_are_flagged(tmp_path: Path, encoder):
    shed = ["How do I stop thieves breaking into my garden shed?", *questions(4, "sheds")]
    bike = [*questions(3, "bikes"), "How can I keep thieves out of my garden shed?", "where should I park my bike"]
    report, text = check(tmp_path, [item("burglary-shed", questions=shed), item("burglary-bike", questions=bike)], encoder)
    [warning] = near_duplicates(report)
    assert (warning.file, warning.field) == (BURGLARY, "items[1].questions[0]")
    assert warning.line == line_after(text, "- id: burglary-shed", "How do I stop thieves")
    other_line = line_after(text, "- id: burglary-bike", "How can I keep thieves")
    assert "'burglary-bike'" in warning.message and f"{BURGLARY}:{other_line}" in warning.message
    assert "similarity 0.9" in warning.message
    assert report.question_note is None


def test_clearly_different_questions_and_paraphrases_within_one_item_are_not_flagged(tmp_path: Path, encoder):
    shed = ["How do I stop thieves breaking into my garden shed?", "How can I keep thieves out of my garden shed?",
            "what padlock is best for a shed", "should I mark my garden tools", "is a shed alarm worth it"]
    bike = ["what is the best lock for my bicycle", "should I register my bike frame number",
            "where is it safe to leave my bike in town", "my bike was stolen what now", "do bike marking kits work"]
    report, _ = check(tmp_path, [item("burglary-shed", questions=shed), item("burglary-bike", questions=bike)], encoder)
    assert near_duplicates(report) == []
    assert report.question_note is None


def test_without_an_encoder_the_report_says_the_check_was_skipped(tmp_path: Path):
    report, _ = check(tmp_path, [item("burglary-shed")])
    assert report.question_note and "were not checked" in report.question_note
    assert "not installed" in report.question_note
    assert report.question_note in report.as_text()
    assert near_duplicates(report) == []
