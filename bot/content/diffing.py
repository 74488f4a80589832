"""What changed between two published versions, as data and as text an approver can read."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Tuple

Record = Mapping[str, Any]
LONG_TEXT = 60  # longer values are shown on their own "was:" / "now:" lines


@dataclass(frozen=True)
class FieldChange:
    field: str  # e.g. "phone", "when_to_call.emergency", "steps"
    old: Any
    new: Any

    def lines(self) -> List[str]:
        if isinstance(self.old, list) and isinstance(self.new, list):
            removed = [v for v in self.old if v not in self.new]
            added = [v for v in self.new if v not in self.old]
            out = [f"{self.field}: removed {_show(v)}" for v in removed] + [f"{self.field}: added {_show(v)}" for v in added]
            return out or [f"{self.field}: same entries, new order"]
        old, new = _show(self.old), _show(self.new)
        if len(old) + len(new) > LONG_TEXT:
            return [f"{self.field}:", f"    was: {old}", f"    now: {new}"]
        return [f"{self.field}: {old} -> {new}"]


@dataclass(frozen=True)
class EntryChange:
    id: str
    label: str  # title or name, so the approver knows which one it is
    changes: Tuple[FieldChange, ...]


@dataclass(frozen=True)
class VersionDiff:
    old_version: int
    new_version: int
    items_added: Tuple[Record, ...]
    items_removed: Tuple[Record, ...]
    items_changed: Tuple[EntryChange, ...]
    referrals_added: Tuple[Record, ...]
    referrals_removed: Tuple[Record, ...]
    referrals_changed: Tuple[EntryChange, ...]
    item_order_changed: bool

    @property
    def is_empty(self) -> bool:
        return not (
            self.items_added
            or self.items_removed
            or self.items_changed
            or self.referrals_added
            or self.referrals_removed
            or self.referrals_changed
            or self.item_order_changed
        )

    def as_text(self) -> str:
        lines = [f"Changes from version {self.old_version} to version {self.new_version}:"]
        if self.is_empty:
            lines.append("  No changes: the two versions have the same content.")
            return "\n".join(lines)

        def item_label(r: Record) -> str:
            return f"{r['id']} ({r.get('strand')}, {r.get('status')}): {_show(r.get('title'))}"

        def referral_label(r: Record) -> str:
            return f"{r['id']}: {_show(r.get('name'))}"

        sections = [
            ("Advice items added", [f"  + {item_label(r)}" for r in self.items_added]),
            ("Advice items removed", [f"  - {item_label(r)}" for r in self.items_removed]),
            ("Advice items changed", _changed_lines(self.items_changed)),
            ("Referrals added", [f"  + {referral_label(r)}" for r in self.referrals_added]),
            ("Referrals removed", [f"  - {referral_label(r)}" for r in self.referrals_removed]),
            ("Referrals changed", _changed_lines(self.referrals_changed)),
        ]
        for title, body in sections:
            if body:
                count = sum(1 for line in body if line.startswith("  ") and line[2] in "+-*")
                lines += ["", f"{title} ({count}):", *body]
        if self.item_order_changed:
            lines += ["", "The order of advice items changed (this decides which advice is offered first)."]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()


def _show(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _changed_lines(changes: Tuple[EntryChange, ...]) -> List[str]:
    lines: List[str] = []
    for entry in changes:
        lines.append(f"  * {entry.id}: {_show(entry.label)}")
        for change in entry.changes:
            lines += [f"      {line}" for line in change.lines()]
    return lines


def _flatten(record: Record, prefix: str = "") -> Dict[str, Any]:
    flat: Dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def field_changes(old: Record, new: Record) -> Tuple[FieldChange, ...]:
    old_flat, new_flat = _flatten(old), _flatten(new)
    order = list(new_flat) + [k for k in old_flat if k not in new_flat]
    return tuple(FieldChange(k, old_flat.get(k), new_flat.get(k)) for k in order if old_flat.get(k) != new_flat.get(k))


def _compare(old: Mapping[str, Record], new: Mapping[str, Record], label_key: str) -> Tuple[tuple, tuple, tuple]:
    added = tuple(new[k] for k in new if k not in old)
    removed = tuple(old[k] for k in old if k not in new)
    changed = []
    for key in new:
        if key in old and old[key] != new[key]:
            changed.append(EntryChange(key, str(new[key].get(label_key, "")), field_changes(old[key], new[key])))
    return added, removed, tuple(changed)


def diff_records(
    old_version: int,
    new_version: int,
    old_items: Mapping[str, Record],
    new_items: Mapping[str, Record],
    old_referrals: Mapping[str, Record],
    new_referrals: Mapping[str, Record],
) -> VersionDiff:
    """Item mappings must be in published order (the order is part of the content)."""
    items_added, items_removed, items_changed = _compare(old_items, new_items, "title")
    referrals_added, referrals_removed, referrals_changed = _compare(old_referrals, new_referrals, "name")
    common_old = [k for k in old_items if k in new_items]
    common_new = [k for k in new_items if k in old_items]
    return VersionDiff(
        old_version=old_version,
        new_version=new_version,
        items_added=items_added,
        items_removed=items_removed,
        items_changed=items_changed,
        referrals_added=tuple(sorted(referrals_added, key=lambda r: r["id"])),
        referrals_removed=tuple(sorted(referrals_removed, key=lambda r: r["id"])),
        referrals_changed=tuple(sorted(referrals_changed, key=lambda c: c.id)),
        item_order_changed=common_old != common_new,
    )
