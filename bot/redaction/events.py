"""Redaction of Rasa events before the tracker store keeps them.

A user event holds the message three times: ``text``, ``parse_data.text`` and the entity values.
All three are redacted, and entity offsets are moved onto the redacted text so the stored event
stays consistent (an entity over a redacted span shows the placeholder).
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional, Sequence

from bot.redaction.base import PLACEHOLDERS, RedactionResult, Span
from bot.redaction.redactor import Redactor, default_redactor


def _remap(offset: int, spans: Sequence[Span], is_end: bool) -> int:
    """Map an offset in the original text to the redacted text (inside a span: to its edge)."""
    shift = 0
    for start, end, kind in spans:
        if offset <= start:
            break
        if offset < end:
            return start + shift + (len(PLACEHOLDERS[kind]) if is_end else 0)
        shift += len(PLACEHOLDERS[kind]) - (end - start)
    return offset + shift


def redact_event_data(event: Any, redactor: Optional[Redactor] = None) -> Any:
    """A redacted copy of a Rasa event dict; the input is not changed.

    Redacts ``text``, ``parse_data.text`` and each ``parse_data.entities[*].value`` (and any
    ``text`` in an entity). An entity whose character range overlaps a redacted span gets the
    placeholder(s) as its value, and entity offsets are moved to the redacted text.
    Anything that is not a dict is returned unchanged (copied).
    """
    if not isinstance(event, dict):
        return copy.deepcopy(event)
    r = redactor or default_redactor()
    out = copy.deepcopy(event)
    results: Dict[str, RedactionResult] = {}

    def run(text: str) -> RedactionResult:
        if text not in results:
            results[text] = r.redact(text)
        return results[text]

    if isinstance(out.get("text"), str):
        out["text"] = run(out["text"]).text
    parse = out.get("parse_data")
    if isinstance(parse, dict):
        source = parse.get("text")
        base: Optional[RedactionResult] = None
        if isinstance(source, str):
            base = run(source)
            parse["text"] = base.text
        elif isinstance(event.get("text"), str):
            source = event["text"]
            base = run(source)
        entities = parse.get("entities")
        if isinstance(entities, list):
            for ent in entities:
                if isinstance(ent, dict):
                    _redact_entity(ent, source, base, run)
    return out


def _redact_entity(ent: Dict[str, Any], source: Optional[str], base: Optional[RedactionResult],
                   run: Callable[[str], RedactionResult]) -> None:
    """Point the entity at the redacted text and redact its value (placeholders if it overlaps)."""
    start, end = ent.get("start"), ent.get("end")
    overlapping: List[Span] = []
    if (
        base is not None and source is not None and isinstance(start, int) and isinstance(end, int)
        and not isinstance(start, bool) and 0 <= start <= end <= len(source)
    ):
        overlapping = [sp for sp in base.spans if sp[0] < end and start < sp[1]]
        ent["start"] = _remap(start, base.spans, is_end=False)
        ent["end"] = _remap(end, base.spans, is_end=True)
    value = ent.get("value")
    if overlapping:
        ent["value"] = " ".join(PLACEHOLDERS[k] for _, _, k in overlapping)
    elif isinstance(value, str):
        ent["value"] = run(value).text
    elif isinstance(value, (list, tuple)):
        ent["value"] = [run(v).text if isinstance(v, str) else v for v in value]
    if isinstance(ent.get("text"), str):
        ent["text"] = run(ent["text"]).text



def redact_strings(node: Any, redact_text: Optional[Callable[[str], str]] = None) -> Any:
    """Every string in a JSON-like value (slot values, structured log lines) redacted, the shape kept."""
    if redact_text is None:
        redact_text = lambda text: default_redactor().redact(text).text  # noqa: E731
    if isinstance(node, str):
        return redact_text(node)
    if isinstance(node, list):
        return [redact_strings(item, redact_text) for item in node]
    if isinstance(node, dict):
        return {key: redact_strings(value, redact_text) for key, value in node.items()}
    return node
