"""Every rule the content must pass before it can be published (`bot content check`).

Errors stop a publish; warnings are for the editor's attention. Each problem names the file, the
line and the field, in words an editor can act on. See content/README.md for the full list.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import requests

from bot.content import links
from bot.content.bundle import BundledItem, ContentBundle
from bot.content.formats import phone_problem, url_problem
from bot.content.loader import ADVICE_DIR, LoadedFile, PathKey, display_name, load_content
from bot.content.problems import LINKS, CheckReport, Problem
from bot.content.question_checks import Encode, count_problems, near_duplicate_problems
from bot.content.readability import READING_AGE_LIMIT, measure
from bot.content.validation import ValidatedContent, validate_content
from bot.strands import STRAND_IDS

REVIEW_SOON_DAYS = 30
PHONE_FIELDS = ("phone", "text_number", "textphone")


@dataclass
class _Found:
    errors: List[Problem]
    warnings: List[Problem]


def _where(file: LoadedFile, path: PathKey) -> str:
    return f"{file.display_name}:{file.lines.line(path)}"


def _check_referrals(content: ValidatedContent, found: _Found) -> None:
    first_seen: Dict[str, Tuple[LoadedFile, PathKey]] = {}
    for entry in content.referrals:
        referral, file, path = entry.referral, entry.file, entry.path
        if referral.id in first_seen:
            other_file, other_path = first_seen[referral.id]
            found.errors.append(
                file.problem(
                    path + ("id",),
                    f"The referral id '{referral.id}' is already used at {_where(other_file, other_path + ('id',))}. "
                    "Each service must appear once; merge the two entries or give this one a different id.",
                )
            )
        else:
            first_seen[referral.id] = (file, path)
        for name in PHONE_FIELDS:
            value = getattr(referral, name)
            if value is not None and (problem := phone_problem(value)):
                found.errors.append(file.problem(path + (name,), f"'{value}' {problem}"))
        for name in ("url", "source"):
            value = getattr(referral, name)
            if value is not None and (problem := url_problem(value)):
                found.errors.append(file.problem(path + (name,), f"'{value}' {problem}"))
        if referral.min_age is not None and referral.max_age is not None and referral.min_age > referral.max_age:
            found.errors.append(
                file.problem(path + ("min_age",), f"min_age ({referral.min_age}) is more than max_age ({referral.max_age}). Swap them or fix one.")
            )


def _check_items(content: ValidatedContent, found: _Found, today: date) -> None:
    confirmed = {entry.referral.id: entry.referral.confirmed for entry in content.referrals}
    known_ids = list(content.referral_ids_written)
    first_seen: Dict[str, Tuple[LoadedFile, PathKey]] = {}
    for entry in content.items:
        item, file, path = entry.item, entry.file, entry.path
        if item.id in first_seen:
            other_file, other_path = first_seen[item.id]
            found.errors.append(
                file.problem(
                    path + ("id",),
                    f"The id '{item.id}' is already used at {_where(other_file, other_path + ('id',))}. "
                    "Every advice item needs its own id; change one of them.",
                )
            )
        else:
            first_seen[item.id] = (file, path)

        for position, referral_id in enumerate(item.referrals):
            at = path + ("referrals", position)
            if referral_id not in content.referral_ids_written:
                close = difflib.get_close_matches(referral_id, known_ids, n=1)
                guess = f" Did you mean '{close[0]}'?" if close else ""
                found.errors.append(
                    file.problem(at, f"'{referral_id}' is not a referral in referrals.yml.{guess} Check the spelling, or add the service to referrals.yml first.")
                )
            elif item.status == "approved" and confirmed.get(referral_id) is False:
                found.errors.append(
                    file.problem(
                        at,
                        f"This approved item points to '{referral_id}', whose details are not confirmed (confirmed: false in referrals.yml). "
                        "Set this item to status: draft, or confirm the service's details first.",
                    )
                )

        if problem := url_problem(item.source):
            found.errors.append(file.problem(path + ("source",), f"'{item.source}' {problem}"))

        if item.reviewed_on > item.review_due:
            found.errors.append(
                file.problem(
                    path + ("reviewed_on",),
                    f"The last review ({item.reviewed_on}) is after the date the next review is due ({item.review_due}). "
                    "Check both dates; review_due must come later.",
                )
            )
        if item.reviewed_on > today:
            found.warnings.append(file.problem(path + ("reviewed_on",), f"The review date {item.reviewed_on} is in the future. Is it a typing mistake?"))
        if item.status == "approved":
            days_left = (item.review_due - today).days
            if days_left < 0:
                found.errors.append(
                    file.problem(
                        path + ("review_due",),
                        f"The review of this approved item was due on {item.review_due}, which has passed, so it must not be shown. "
                        "Ask the owner to review it and set new reviewed_on and review_due dates, or set status: draft.",
                    )
                )
            elif days_left <= REVIEW_SOON_DAYS:
                found.warnings.append(
                    file.problem(
                        path + ("review_due",),
                        f"Review due on {item.review_due} (in {days_left} days). Ask {item.owner} to review it before then.",
                    )
                )


def _check_strand_coverage(content: ValidatedContent, advice_dir: str, found: _Found) -> None:
    approved = {entry.strand for entry in content.items if entry.item.status == "approved"}
    for strand in STRAND_IDS:
        if strand not in approved:
            found.errors.append(
                Problem(
                    advice_dir,
                    None,
                    f"strand {strand}",
                    f"There is no approved advice for '{strand}', so the assistant would have nothing to say about it. "
                    f"Approve at least one item in a file with strand: {strand}.",
                )
            )


def _check_unused_referrals(content: ValidatedContent, found: _Found) -> None:
    used = {rid for entry in content.items if entry.item.status != "retired" for rid in entry.item.referrals}
    for entry in content.referrals:
        if entry.referral.id not in used:
            found.warnings.append(
                entry.file.problem(
                    entry.path + ("id",),
                    f"No approved or draft advice points to '{entry.referral.id}'. Point advice to it, or remove it if it is no longer needed.",
                )
            )


def _check_readability(content: ValidatedContent, found: _Found) -> None:
    for entry in content.items:
        if entry.item.status == "retired":
            continue
        score = measure(entry.item.summary)
        if round(score.reading_age) > READING_AGE_LIMIT:  # compare what the editor is shown
            long_sentences = " Some sentences are long; split them." if score.words_per_sentence > 18 else ""
            found.warnings.append(
                entry.file.problem(
                    entry.path + ("summary",),
                    f"This summary may be hard to read: reading age about {score.reading_age:.0f} "
                    f"(aim for {READING_AGE_LIMIT:.0f} or under).{long_sentences} Use shorter sentences and everyday words.",
                )
            )


def _bundle(content: ValidatedContent, content_dir: Path) -> ContentBundle:
    items = []
    for position, entry in enumerate(content.items):
        try:
            source_file = entry.file.path.resolve().relative_to(content_dir.resolve()).as_posix()
        except ValueError:
            source_file = entry.file.path.name
        items.append(BundledItem(strand=entry.strand or "", item=entry.item, source_file=source_file, position=position))
    return ContentBundle(referrals=tuple(e.referral for e in content.referrals), items=tuple(items))


def _sort_key(problem: Problem) -> Tuple[str, int]:
    return (problem.file, problem.line or 0)


def _run_checks(content_dir: Path, today: Optional[date]) -> Tuple[CheckReport, ValidatedContent]:
    content_dir = Path(content_dir)
    today = today or date.today()
    loaded = load_content(content_dir)
    content = validate_content(loaded)
    found = _Found(errors=list(content.problems), warnings=[])
    _check_referrals(content, found)
    _check_items(content, found, today)
    question_errors, question_warnings = count_problems(content.items)
    found.errors += question_errors
    found.warnings += question_warnings
    # Whole-content checks only make sense when every file could be read and placed in a strand;
    # otherwise they would repeat the real problem as "no advice for ..." or "unused referral".
    if not loaded.unreadable and not content.advice_files_without_strand and (content.referrals or content.items):
        _check_strand_coverage(content, display_name(content_dir / ADVICE_DIR, content_dir), found)
        _check_unused_referrals(content, found)
    _check_readability(content, found)
    report = CheckReport(
        errors=sorted(found.errors, key=_sort_key),
        warnings=sorted(found.warnings, key=_sort_key),
        files_checked=loaded.files_checked,
    )
    return report, content


def load_and_check(content_dir: Path, today: Optional[date] = None) -> Tuple[CheckReport, Optional[ContentBundle]]:
    """The report, and the checked content ready to publish (None when there are errors)."""
    report, content = _run_checks(content_dir, today)
    return report, (_bundle(content, Path(content_dir)) if report.ok else None)


def _link_locations(content: ValidatedContent) -> Dict[str, List[Tuple[LoadedFile, PathKey]]]:
    where: Dict[str, List[Tuple[LoadedFile, PathKey]]] = {}
    for entry in content.referrals:
        for name in ("url", "source"):
            value = getattr(entry.referral, name)
            if value and url_problem(value) is None:
                where.setdefault(value, []).append((entry.file, entry.path + (name,)))
    for item_entry in content.items:
        if url_problem(item_entry.item.source) is None:
            where.setdefault(item_entry.item.source, []).append((item_entry.file, item_entry.path + ("source",)))
    return where


def check_content(
    content_dir: Path,
    today: Optional[date] = None,
    online: bool = False,
    session_factory: Callable[[], requests.Session] = requests.Session,
    encode: Optional[Encode] = None,
) -> CheckReport:
    """Run every check. With `online`, also fetch every web address and report dead links as
    errors in their own section (`Problem.section == "links"`)."""
    report, content = _run_checks(content_dir, today)
    near, skipped = near_duplicate_problems(content.items, encode)
    report.warnings = sorted(report.warnings + near, key=_sort_key)
    report.question_note = skipped
    if online:
        report.online = True
        locations = _link_locations(content)
        results = links.check_urls(locations, session_factory=session_factory)
        dead = []
        for url, result in results.items():
            if result.ok:
                continue
            file, path = locations[url][0]
            others = len(locations[url]) - 1
            also = f" The same address is used in {others} other place(s)." if others else ""
            problem = file.problem(path, f"'{url}' does not work: {result.detail}.{also} Check the address in a browser and correct it.")
            dead.append(replace(problem, section=LINKS))
        report.errors += sorted(dead, key=_sort_key)
        if results and all(not r.ok and r.status is None for r in results.values()):
            report.link_note = (
                f"None of the {len(results)} web addresses could be reached at all. "
                "Is this computer connected to the internet (or behind a proxy)? Try again when it is."
            )
    return report
