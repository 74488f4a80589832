"""What reviewers record: "reviewed" marks with notes, and turns flagged as training data needed,
exported as Rasa NLU training data (YAML, version "3.1") and as question suggestions for the
content items shown in reply (for editors to add to an item's `questions:`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.review.accounts import as_utc, audit, utcnow
from bot.review.models import FlaggedTurn, Review

NOTE_LIMIT = 2000
INTENT_RE = re.compile(r"^[A-Za-z0-9_]{1,100}$")
# Intents that are not something to train towards.
NOT_TRAINABLE = {"nlu_fallback", ""}


class ReviewError(ValueError):
    pass


def mark_reviewed(engine: Engine, conversation_id: str, reviewer: str, note: Optional[str]) -> None:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ReviewError(f"The note must be {NOTE_LIMIT} characters or fewer.")
    if note:
        from bot.redaction import default_redactor

        # A reviewer may copy a resident's details into a note; notes are shown to every reviewer.
        note = default_redactor().redact(note).text
    with session_scope(engine) as session:
        session.add(Review(conversation_id=conversation_id, reviewed_by=reviewer, reviewed_at=utcnow(), note=note or None))
        audit(session, reviewer, "review", conversation_id, "with a note" if note else None)


def flag_turn(engine: Engine, conversation_id: str, event_id: int, text: str, intent_predicted: Optional[str],
              intent_suggested: Optional[str], reviewer: str) -> bool:
    """Flag (or re-flag, updating the suggestion) one resident message. True if it was new."""
    if intent_suggested and not INTENT_RE.match(intent_suggested):
        raise ReviewError("Choose an intent from the list.")
    with session_scope(engine) as session:
        row = session.execute(select(FlaggedTurn).where(FlaggedTurn.conversation_id == conversation_id,
                                                        FlaggedTurn.event_id == event_id)).scalar_one_or_none()
        new = row is None
        if row is None:
            row = FlaggedTurn(conversation_id=conversation_id, event_id=event_id)
            session.add(row)
        row.text = text
        row.intent_predicted = intent_predicted
        row.intent_suggested = intent_suggested or None
        row.flagged_by = reviewer
        row.flagged_at = utcnow()
        audit(session, reviewer, "flag", conversation_id,
              f"event {event_id}" + (f", suggested intent {intent_suggested}" if intent_suggested else ""))
        return new


@dataclass(frozen=True)
class FlagRecord:
    conversation_id: str
    event_id: int
    text: str
    intent_predicted: Optional[str]
    intent_suggested: Optional[str]
    flagged_by: str
    flagged_at: datetime

    @property
    def intent(self) -> Optional[str]:
        """The intent the example is exported under: the reviewer's suggestion, else the prediction."""
        for name in (self.intent_suggested, self.intent_predicted):
            if name and name not in NOT_TRAINABLE:
                return name
        return None


def flagged_turns(engine: Engine) -> List[FlagRecord]:
    with session_scope(engine) as session:
        return [FlagRecord(r.conversation_id, int(r.event_id), r.text, r.intent_predicted, r.intent_suggested,
                           r.flagged_by, as_utc(r.flagged_at))
                for r in session.execute(select(FlaggedTurn).order_by(FlaggedTurn.id)).scalars()]


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def nlu_yaml(flags: Iterable[FlagRecord], *, generated_at: Optional[datetime] = None) -> str:
    """Rasa NLU training data: one `- intent:` block per intent, examples in a literal block.

    Examples are single lines (whitespace collapsed), de-duplicated per intent. Flagged turns
    with no usable intent (a low-confidence fallback nobody suggested an intent for) are left out
    and counted in a comment at the top.
    """
    by_intent: Dict[str, List[str]] = {}
    left_out = 0
    for flag in flags:
        intent = flag.intent
        text = _one_line(flag.text)
        if not intent or not INTENT_RE.match(intent) or not text:
            left_out += 1
            continue
        examples = by_intent.setdefault(intent, [])
        if text not in examples:
            examples.append(text)
    lines = ["# Resident messages flagged by reviewers as \"training data needed\" (already redacted).",
             f"# Exported {(generated_at or utcnow()):%Y-%m-%d %H:%M} UTC. Check each example before adding it to data/nlu/."]
    if left_out:
        lines.append(f"# {left_out} flagged message(s) had no intent to train towards and were left out: "
                     "suggest an intent for them in the dashboard.")
    lines += ['version: "3.1"', "nlu:" if by_intent else "nlu: []"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines += [f"    - {text}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar (as in content/advice/*.yml), escaped by PyYAML."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000).strip()


def _item_scalar(item_id: str) -> str:
    """An item id as written in the content files (plain), quoted if plain would read differently."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", item_id) and yaml.safe_load(item_id) == item_id:
        return item_id
    return _quoted(item_id)


def question_suggestions_yaml(flags: Iterable[FlagRecord], content_by_turn: Mapping[Tuple[str, int], Sequence[Any]],
                              *, generated_at: Optional[datetime] = None) -> str:
    """Flagged messages as questions for the content item shown in reply to them.

    `content_by_turn` maps (conversation id, event id) to what was shown in that turn (objects with
    `item_id`, as ConversationReader.content_by_turn gives); the first item shown is used. A flagged
    message whose turn showed no item (nothing new, no advice, or the conversation was deleted)
    goes under `no_item:`. Texts are single lines (whitespace collapsed), de-duplicated per item.
    """
    from bot.review.conversations import LOCAL_TZ

    items: List[Tuple[str, str, str]] = []
    no_item: List[Tuple[str, str]] = []
    seen = set()
    for flag in flags:
        text = _one_line(flag.text)
        if not text:
            continue
        shown = content_by_turn.get((flag.conversation_id, flag.event_id)) or ()
        item_id = next((c.item_id for c in shown if getattr(c, "item_id", None)), None)
        if (item_id, text) in seen:
            continue
        seen.add((item_id, text))
        day = flag.flagged_at.astimezone(LOCAL_TZ).date().isoformat()
        if item_id:
            items.append((item_id, text, day))
        else:
            no_item.append((text, day))
    items.sort(key=lambda entry: entry[0])  # grouped by item, in flag order within an item
    lines = ["# Resident messages flagged by reviewers (already redacted), with the content item shown in reply.",
             f"# Exported {(generated_at or utcnow()):%Y-%m-%d %H:%M} UTC. Each is a suggestion: add a question to the "
             "item's questions: in content/advice/ only if it belongs there.",
             "suggestions:" if items else "suggestions: []"]
    for item_id, text, day in items:
        lines += [f"- item: {_item_scalar(item_id)}", f"  question: {_quoted(text)}",
                  f"  note: {_quoted(f'flagged by a reviewer on {day}; check it belongs to this item before adding it to questions:')}"]
    lines.append("no_item:" if no_item else "no_item: []")
    for text, day in no_item:
        lines += [f"- question: {_quoted(text)}", f"  note: {_quoted(f'flagged by a reviewer on {day}; no content item was shown in reply')}"]
    return "\n".join(lines) + "\n"
