"""Turn loaded YAML into models, and pydantic's errors into sentences an editor can act on.

Each item and referral is validated on its own as well as the whole file, so one broken item
does not hide the problems (or the good items) in the rest of the content.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Type

from pydantic import BaseModel, ValidationError

from bot.content.loader import LoadedContent, LoadedFile, PathKey
from bot.content.models import ADVICE_STRANDS, AdviceFile, AdviceItem, Referral, ReferralsFile
from bot.content.problems import Problem

# Shown in "missing field" messages so the editor can copy the shape.
FIELD_EXAMPLES: Dict[str, str] = {
    "id": "id: burglary-after-a-burglary",
    "title": "title: What to do after a burglary",
    "topics": "topics: [burgled, break-in]",
    "questions": "questions:\n  - \"Someone broke into my house, what do I do now?\"",
    "audience": "audience: [everyone]",
    "districts": "districts: []",
    "summary": "summary: Two or three short sentences.",
    "steps": "steps:\n  - First step.",
    "when_to_call": "when_to_call:\n  emergency: Call 999 if ...\n  non_emergency: Call 101 or ...",
    "emergency": "emergency: Call 999 if someone is in danger now.",
    "non_emergency": "non_emergency: Call 101 or report online at essex.police.uk.",
    "referrals": "referrals: [police_101]",
    "source": "source: https://www.essex.police.uk",
    "owner": "owner: Essex Police Crime Prevention Team",
    "reviewed_by": "reviewed_by: Crime Prevention Tactical Advisor",
    "reviewed_on": "reviewed_on: 2026-11-20",
    "review_due": "review_due: 2027-05-20",
    "status": "status: draft",
    "strand": "strand: burglary_robbery",
    "items": "items:\n  - id: ...",
    "name": "name: Victim Support Supportline",
    "hours": "hours: 24 hours a day, 7 days a week",
    "for_whom": "for_whom: Anyone affected by crime",
    "area": "area: national",
    "confirmed": "confirmed: false",
}


@dataclass
class ValidItem:
    file: LoadedFile
    path: PathKey  # ("items", 3)
    strand: Optional[str]  # None when the file's strand is itself wrong
    item: AdviceItem


@dataclass
class ValidReferral:
    file: LoadedFile
    path: PathKey  # ("referrals", 5)
    referral: Referral


@dataclass
class ValidatedContent:
    referrals: List[ValidReferral] = field(default_factory=list)
    items: List[ValidItem] = field(default_factory=list)
    # Ids as written, even in entries with other errors, so a typo elsewhere does not also make
    # every advice item that points at that referral fail with "no such referral".
    referral_ids_written: Dict[str, PathKey] = field(default_factory=dict)
    problems: List[Problem] = field(default_factory=list)
    # Advice files whose strand is unknown (or that are not advice at all): strand-level checks
    # would only repeat that problem in a more confusing way.
    advice_files_without_strand: int = 0


def _shown(file: LoadedFile, path: PathKey, value: Any) -> str:
    return file.lines.raw_text.get(tuple(path), repr(value) if not isinstance(value, str) else value)


def _value_at(data: Any, path: Sequence[Any]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _allowed_fields(model: Type[BaseModel], path: PathKey) -> List[str]:
    """Field names allowed at the mapping that contains `path`'s last key."""
    current: Type[BaseModel] = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        model_field = current.__fields__.get(part)
        if model_field is None:
            return []
        inner = model_field.type_
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            current = inner
    return list(current.__fields__)


def plain_message(error: Dict[str, Any], file: LoadedFile, path: PathKey, model: Type[BaseModel]) -> str:
    """One pydantic error -> a sentence about what is wrong and how to fix it."""
    kind = error["type"]
    name = str(path[-1]) if path and isinstance(path[-1], str) else (str(path[-2]) if len(path) > 1 else "value")
    value = _value_at(file.data, path)
    ctx = error.get("ctx") or {}

    if kind == "value_error.missing":
        example = FIELD_EXAMPLES.get(name)
        hint = f" Add it, for example:  {example}" if example and "\n" not in example else " Add it."
        return f"'{name}' is missing.{hint}"
    if kind == "value_error.extra":
        close = difflib.get_close_matches(name, _allowed_fields(model, path), n=1)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        return f"'{name}' is not a field we know, so it would be ignored.{guess} Check the spelling, or remove it."
    if kind == "type_error.none.not_allowed":
        return f"'{name}' is empty. Write a value after the colon."
    if kind == "value_error.const":
        permitted = [str(p) for p in ctx.get("permitted", ())]
        shown = _shown(file, path, value)
        close = difflib.get_close_matches(str(shown), permitted, n=1)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        if path == ("strand",):
            return f"'{shown}' is not a known strand.{guess} Use one of: {', '.join(ADVICE_STRANDS)}."
        return f"'{shown}' is not allowed here.{guess} Choose one of: {', '.join(permitted)}."
    if kind == "type_error.str":
        if isinstance(value, bool):
            return f"must be text. YAML reads '{_shown(file, path, value)}' as yes/no, so put it in quotes."
        if isinstance(value, (int, float)):
            return f"must be text. YAML reads {_shown(file, path, value)} as a number, so put it in quotes, e.g. \"{_shown(file, path, value)}\"."
        return "must be text."
    if kind == "value_error.any_str.min_length":
        return f"'{name}' is empty. Write some text, or remove the line if the field is optional."
    if kind in ("type_error.bool", "value_error.strictbool"):
        return "must be true or false (without quotes)."
    if kind in ("type_error.integer", "value_error.strictint", "type_error.int"):
        return "must be a whole number, for example 16, or null."
    if kind == "value_error.number.not_ge":
        return f"must be {ctx.get('limit_value')} or more."
    if kind == "value_error.number.not_le":
        return f"must be {ctx.get('limit_value')} or less."
    if kind == "type_error.list":
        return f"must be a list, for example  {name}: [first, second]  or one '- entry' per line."
    if kind == "value_error.list.min_items":
        return f"'{name}' needs at least one entry."
    if kind == "type_error.dict":
        return "must be a set of fields ('name: value' lines), indented under this line."
    if kind.startswith("value_error.date") or kind.startswith("type_error.date"):
        return f"'{_shown(file, path, value)}' is not a real date. Write dates as YYYY-MM-DD (year-month-day), for example 2027-05-20."
    if kind == "value_error":  # our own validators already speak plainly; name the value they saw
        return f"'{_shown(file, path, value)}' {error['msg']}" if value is not None else error["msg"]
    return error["msg"]


def _problems_from(exc: ValidationError, file: LoadedFile, model: Type[BaseModel], prefix: PathKey = ()) -> List[Problem]:
    problems = []
    for error in exc.errors():
        path = prefix + tuple(error["loc"])
        if path and path[-1] == "__root__":
            path = path[:-1]
        problems.append(file.problem(path, plain_message(error, file, path, model)))
    return problems


def _top_level_problem(file: LoadedFile, expected: str) -> Optional[Problem]:
    if file.data is None:
        return file.problem((), f"This file is empty. It should start with '{expected}'.")
    if not isinstance(file.data, dict):
        return file.problem((), f"This file should be a set of fields starting with '{expected}', not a list or a single value.")
    return None


def validate_referrals(file: LoadedFile, out: ValidatedContent) -> None:
    top = _top_level_problem(file, "referrals:")
    if top:
        out.problems.append(top)
        return
    try:
        ReferralsFile.parse_obj(file.data)
    except ValidationError as exc:
        out.problems += _problems_from(exc, file, ReferralsFile)
    entries = file.data.get("referrals")
    if not isinstance(entries, list):
        return
    for position, entry in enumerate(entries):
        path: PathKey = ("referrals", position)
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            out.referral_ids_written.setdefault(entry["id"], path)
        try:
            out.referrals.append(ValidReferral(file, path, Referral.parse_obj(entry)))
        except (ValidationError, TypeError):
            pass  # already reported by the whole-file validation


def validate_advice(file: LoadedFile, out: ValidatedContent) -> None:
    top = _top_level_problem(file, "strand:")
    if top:
        out.problems.append(top)
        out.advice_files_without_strand += 1
        return
    try:
        AdviceFile.parse_obj(file.data)
    except ValidationError as exc:
        out.problems += _problems_from(exc, file, AdviceFile)
    strand = file.data.get("strand")
    strand = strand if strand in ADVICE_STRANDS else None
    if strand is None:
        out.advice_files_without_strand += 1
    entries = file.data.get("items")
    if not isinstance(entries, list):
        return
    for position, entry in enumerate(entries):
        try:
            out.items.append(ValidItem(file, ("items", position), strand, AdviceItem.parse_obj(entry)))
        except (ValidationError, TypeError):
            pass


def validate_content(loaded: LoadedContent) -> ValidatedContent:
    out = ValidatedContent(problems=list(loaded.problems))
    if loaded.referrals is not None:
        validate_referrals(loaded.referrals, out)
    for file in loaded.advice:
        validate_advice(file, out)
    return out
