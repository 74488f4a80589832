"""Every check, each with a deliberately broken copy of the real content: the problem must name the
file, the line and the field, in words an editor understands."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pytest

from bot.content.checks import check_content, load_and_check
from bot.content.problems import Problem
from tests.unit.content.conftest import REAL_CONTENT, TODAY, ContentCopy

BURGLARY = "advice/burglary_robbery.yml"
REFERRALS = "referrals.yml"


def run(content: ContentCopy, today: date = TODAY):
    return check_content(content.root, today=today)


def the_problem(problems: Iterable[Problem], file: str, line, field: str, *words: str) -> Problem:
    problems = list(problems)
    matches = [p for p in problems if p.file == f"content/{file}" and p.line == line and p.field == field]
    assert matches, f"no problem at content/{file}:{line} {field}; got:\n" + "\n".join(map(str, problems))
    problem = matches[0]
    where = f"content/{file}:{line}: " if line else f"content/{file}: "
    assert str(problem).startswith(where + (f"{field}: " if field else ""))
    for word in words:
        assert word.lower() in problem.message.lower(), problem.message
    # Plain words for editors, not pydantic's vocabulary.
    for jargon in ("value_error", "type_error", "regex", "none is not an allowed value", "extra fields not permitted"):
        assert jargon not in problem.message
    return problem


# ---------------------------------------------------------------------------------- the real content
def test_the_real_content_has_no_errors():
    report = check_content(REAL_CONTENT)  # today's date: an overdue review here is a real problem
    assert report.errors == [], report.as_text()
    assert report.files_checked >= 18


def test_the_real_content_mostly_reads_easily():
    report = check_content(REAL_CONTENT, today=TODAY)
    hard = [w for w in report.warnings if "hard to read" in w.message]
    assert len(hard) <= 6, "\n".join(map(str, hard))


def test_clean_copy_gives_a_bundle_ready_to_publish(content: ContentCopy):
    report, bundle = load_and_check(content.root, today=TODAY)
    assert report.ok and bundle is not None
    assert len(bundle.items) > 100 and len(bundle.referrals) > 40
    assert {b.strand for b in bundle.items} >= {"burglary_robbery", "emergency", "reporting", "out_of_scope"}


# ---------------------------------------------------------------------------------- YAML and schema
def test_yaml_syntax_error_names_file_and_line_without_a_traceback(content: ContentCopy):
    line = content.replace(BURGLARY, "    title: Secure your doors, windows and shed", "    title: Secure: your doors: now")
    report = run(content)
    problem = the_problem(report.errors, BURGLARY, line, "", "not valid YAML", "quotes")
    assert "Traceback" not in str(problem)


def test_tab_indentation_is_explained(content: ContentCopy):
    line = content.replace(BURGLARY, "    audience: [everyone]", "\taudience: [everyone]")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "", "not valid YAML", "spaces")


def test_missing_field(content: ContentCopy):
    content.replace(BURGLARY, "    owner: Essex Police Crime Prevention Team\n", "")
    item_line = content.line_of(BURGLARY, "- id: burglary-secure-doors-windows-sheds")
    report = run(content)
    the_problem(report.errors, BURGLARY, item_line, "items[0].owner", "'owner' is missing", "owner: Essex Police")


def test_unknown_field_suggests_the_right_spelling(content: ContentCopy):
    line = content.replace(BURGLARY, "    review_due: 2027-05-20", "    reveiw_due: 2027-05-20")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].reveiw_due", "not a field we know", "did you mean 'review_due'")
    the_problem(report.errors, BURGLARY, content.line_of(BURGLARY, "- id: burglary-secure"), "items[0].review_due", "missing")


def test_unquoted_number_in_a_text_field(content: ContentCopy):
    line = content.replace(REFERRALS, 'phone: "101"', "phone: 101")
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[4].phone", "must be text", "quotes")


def test_wrong_type_for_a_number_field(content: ContentCopy):
    line = content.replace(REFERRALS, "min_age: 11", "min_age: eleven")
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[9].min_age", "whole number")


def test_wrong_type_for_true_or_false(content: ContentCopy):
    line = content.replace(REFERRALS, "confirmed: true", "confirmed: maybe")
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[0].confirmed", "true or false")


def test_empty_value(content: ContentCopy):
    line = content.replace(BURGLARY, "    title: Secure your doors, windows and shed", "    title:")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].title", "empty")


def test_unknown_strand(content: ContentCopy):
    line = content.replace(BURGLARY, "strand: burglary_robbery", "strand: burglary")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "strand", "not a known strand", "did you mean 'burglary_robbery'")


def test_unknown_audience_value(content: ContentCopy):
    line = content.replace(BURGLARY, "    audience: [victim]", "    audience: [victims]")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[1].audience[0]", "'victims' is not allowed", "did you mean 'victim'")


def test_unknown_district(content: ContentCopy):
    line = content.replace("advice/child_abuse_cse.yml", "districts: [southend, thurrock]", "districts: [southend, thurock]")
    report = run(content)
    the_problem(report.errors, "advice/child_abuse_cse.yml", line, "items[1].districts[1]", "did you mean 'thurrock'")


def test_badly_formed_item_id(content: ContentCopy):
    line = content.replace(BURGLARY, "- id: burglary-after-a-burglary", "- id: Burglary_After")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[1].id", "'Burglary_After'", "lower-case letters, numbers and hyphens")


def test_badly_formed_date(content: ContentCopy):
    line = content.replace(BURGLARY, "    review_due: 2027-05-20", "    review_due: 20/05/2027")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].review_due", "YYYY-MM-DD")


def test_impossible_date_is_reported_not_a_crash(content: ContentCopy):
    line = content.replace(BURGLARY, "    review_due: 2027-05-20", "    review_due: 2027-02-30")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].review_due", "'2027-02-30' is not a real date")


def test_misspelt_nested_field(content: ContentCopy):
    knife = "advice/knife_crime.yml"
    line = content.replace(knife, "      emergency: Call 999 if someone has a knife and you or others", "      emergncy: Call 999 if someone has a knife and you or others")
    report = run(content)
    the_problem(report.errors, knife, line, "items[0].when_to_call.emergncy", "did you mean 'emergency'")
    the_problem(report.errors, knife, line - 1, "items[0].when_to_call.emergency", "missing")


def test_key_written_twice_in_one_entry(content: ContentCopy):
    line = content.replace(BURGLARY, "    status: approved\n", "    status: approved\n    status: draft\n") + 1
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].status", "written twice", f"line {line - 1}")


def test_file_that_is_a_list_not_fields(content: ContentCopy):
    content.write("advice/broken.yml", "- just\n- a list\n")
    report = run(content)
    the_problem(report.errors, "advice/broken.yml", 1, "", "set of fields")


def test_empty_file(content: ContentCopy):
    content.write("advice/empty.yml", "# nothing yet\n")
    report = run(content)
    the_problem(report.errors, "advice/empty.yml", 1, "", "empty")


def test_yaml_extension_is_reported_not_silently_ignored(content: ContentCopy):
    content.write("advice/new.yaml", "strand: knife_crime\n")
    report = run(content)
    assert any(p.file == "content/advice/new.yaml" and ".yml" in p.message for p in report.errors)


# ---------------------------------------------------------------------------------- ids and references
def test_duplicate_item_id_across_files(content: ContentCopy):
    first = content.line_of(BURGLARY, "- id: burglary-after-a-burglary")
    line = content.replace("advice/hate_crime.yml", "- id: hate-online-abuse", "- id: burglary-after-a-burglary")
    report = run(content)
    the_problem(
        report.errors, "advice/hate_crime.yml", line, "items[1].id", "already used", f"content/{BURGLARY}:{first}"
    )


def test_duplicate_referral_id(content: ContentCopy):
    first = content.line_of(REFERRALS, "- id: compass")
    line = content.replace(REFERRALS, "- id: galop", "- id: compass")
    report = run(content)
    problem = the_problem(report.errors, REFERRALS, line, content_field(content, line), "already used", f"content/{REFERRALS}:{first}")
    assert problem.field.endswith(".id")


def content_field(content: ContentCopy, line: int) -> str:
    """The referrals[N].id field for the referral whose id is on `line`."""
    before = content.text(REFERRALS).splitlines()[:line]
    return f"referrals[{sum(1 for l in before if l.startswith('  - id:')) - 1}].id"


def test_referral_that_does_not_exist(content: ContentCopy):
    line = content.replace(BURGLARY, "referrals: [essex_police_online, police_101, crimestoppers]", "referrals: [essex_police_online, police_101, crimestopers]")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].referrals[2]", "'crimestopers' is not a referral", "did you mean 'crimestoppers'")


def test_a_broken_referral_does_not_also_break_every_item_pointing_to_it(content: ContentCopy):
    content.replace(REFERRALS, 'phone: "0800 555 111"', "phone: 0800 555 111 (free)")
    report = run(content)
    assert not [p for p in report.errors if "'crimestoppers' is not a referral" in p.message]


def test_approved_item_using_an_unconfirmed_referral(content: ContentCopy):
    text = content.text(BURGLARY)
    start = text.index("- id: burglary-choosing-security-products")
    content.path(BURGLARY).write_text(text[:start] + text[start:].replace("status: draft", "status: approved"), encoding="utf-8")
    line = content.line_of(BURGLARY, "referrals: [secured_by_design, essex_police_online]")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[7].referrals[0]", "secured_by_design", "not confirmed", "status: draft")


def test_draft_item_may_use_an_unconfirmed_referral(content: ContentCopy):
    report = run(content)
    assert not [p for p in report.errors if "secured_by_design" in p.message]


# ---------------------------------------------------------------------------------- formats
@pytest.mark.parametrize(
    "bad, words",
    [
        ("0800 555 11", ["has 9 digits"]),
        ("0800-555-111", ["only digits and single spaces"]),
        ("+44 800 555 111", ["+44"]),
        ("555 111", ["not a UK phone number"]),
    ],
)
def test_malformed_phone_number(content: ContentCopy, bad: str, words):
    line = content.replace(REFERRALS, 'phone: "0800 555 111"', f'phone: "{bad}"')
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[8].phone", f"'{bad}'", *words)


def test_malformed_textphone_number(content: ContentCopy):
    line = content.replace(REFERRALS, 'textphone: "18001 101"', 'textphone: "18001101"')
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[4].textphone", "space after 18001")


@pytest.mark.parametrize(
    "bad, words",
    [
        ("http://www.essex.police.uk", ["https://"]),
        ("www.essex.police.uk", ["starting with https://"]),
        ("https://localhost/page", ["real-looking site name"]),
        ("https://essex police.uk", ["spaces"]),
        ("https://192.168.0.1/x", ["ending we know"]),
    ],
)
def test_malformed_url(content: ContentCopy, bad: str, words):
    line = content.replace(BURGLARY, "    source: https://www.essex.police.uk", f"    source: {bad}")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].source", *words)


def test_malformed_referral_url(content: ContentCopy):
    line = content.replace(REFERRALS, "url: https://www.fearless.org", "url: https://www.fearless")
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[9].url", "'.fearless'", "ending we know")


def test_min_age_above_max_age(content: ContentCopy):
    line = content.replace(REFERRALS, "min_age: 11", "min_age: 17")
    report = run(content)
    the_problem(report.errors, REFERRALS, line, "referrals[9].min_age", "more than max_age")


# ---------------------------------------------------------------------------------- dates and status
def test_review_overdue_for_an_approved_item(content: ContentCopy):
    content.replace(BURGLARY, "    reviewed_on: 2026-11-20", "    reviewed_on: 2026-05-01")
    line = content.replace(BURGLARY, "    review_due: 2027-05-20", "    review_due: 2026-11-01")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].review_due", "2026-11-01", "has passed", "status: draft")


def test_review_overdue_is_not_an_error_for_a_draft(content: ContentCopy):
    text = content.text(BURGLARY)
    start = text.index("- id: burglary-choosing-security-products")
    content.path(BURGLARY).write_text(text[:start] + text[start:].replace("review_due: 2027-05-20", "review_due: 2026-01-01").replace("reviewed_on: 2026-11-20", "reviewed_on: 2025-11-20"), encoding="utf-8")
    assert run(content).ok


def test_reviewed_on_after_review_due(content: ContentCopy):
    line = content.replace(BURGLARY, "    reviewed_on: 2026-11-20", "    reviewed_on: 2027-06-01")
    report = run(content)
    the_problem(report.errors, BURGLARY, line, "items[0].reviewed_on", "after", "2027-05-20")


def test_strand_with_no_approved_advice(content: ContentCopy):
    knife = "advice/knife_crime.yml"
    content.path(knife).write_text(content.text(knife).replace("status: approved", "status: draft"), encoding="utf-8")
    report = run(content)
    problem = the_problem(report.errors, "advice", None, "strand knife_crime", "no approved advice")
    assert str(problem) .startswith("content/advice: strand knife_crime: ")


# ---------------------------------------------------------------------------------- warnings
def test_review_due_soon_is_a_warning(content: ContentCopy):
    line = content.replace(BURGLARY, "    review_due: 2027-05-20", "    review_due: 2026-12-10")
    report = run(content)
    assert report.ok
    the_problem(report.warnings, BURGLARY, line, "items[0].review_due", "in 14 days", "Essex Police Crime Prevention Team")


def test_hard_summary_is_a_warning(content: ContentCopy):
    hard = (
        "Notwithstanding the aforementioned considerations, householders contemplating comprehensive "
        "improvements to residential security infrastructure should systematically evaluate "
        "manufacturers' certification documentation prior to procurement."
    )
    line = content.replace(
        BURGLARY,
        "      An empty home can look easy to burgle. Make it look like someone is in.",
        f"      {hard}",
    )
    report = run(content)
    assert report.ok
    summary_line = line - 1  # the problem points at `summary: >-`
    the_problem(report.warnings, BURGLARY, summary_line, "items[4].summary", "hard to read", "reading age", "shorter sentences")


def test_unused_referral_is_a_warning(content: ContentCopy):
    extra = """
  - id: unused_service
    name: A service nobody points to
    hours: Check the website
    for_whom: Anyone
    area: essex
    confirmed: true
    source: https://www.essex.gov.uk
"""
    content.path(REFERRALS).write_text(content.text(REFERRALS) + extra, encoding="utf-8")
    line = content.line_of(REFERRALS, "- id: unused_service")
    report = run(content)
    assert report.ok
    problem = next(p for p in report.warnings if "unused_service" in p.message)
    assert problem.line == line and problem.field.endswith(".id") and "No approved or draft advice" in problem.message


def test_report_text_separates_errors_and_warnings(content: ContentCopy):
    content.replace(BURGLARY, "    review_due: 2027-05-20", "    review_due: 2026-12-10")
    content.replace(REFERRALS, 'phone: "0800 555 111"', 'phone: "0800 555 11"')
    text = run(content).as_text()
    assert text.index("ERRORS (1)") < text.index("WARNINGS") < text.index("1 error(s)")
    assert "Fix the errors" in text
