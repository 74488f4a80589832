"""The deterministic emergency safety net: does this message describe danger happening now?

Pure Python, no Rasa: the Rasa component in `bot.rasa_components.danger_now` is a thin adapter,
and the same check is used by `bot triage`, the evaluation and the tests. The rules are data
(`data/safety/danger_now.yml`); see the comments there for how a message is judged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

import yaml


@dataclass(frozen=True)
class SafetyVerdict:
    fired: bool
    rule: Optional[str] = None
    matched: Optional[str] = None
    # Why a matched rule did not fire ("past", "conditional", "not_now", "context", "too_long"),
    # kept so reviewers can see near misses.
    suppressed_by: Optional[str] = None

    def as_dict(self) -> Dict[str, object]:
        # Never the matched text: those are the resident's words, and this verdict is stored.
        return {"fired": self.fired, "rule": self.rule, "suppressed_by": self.suppressed_by}


@dataclass(frozen=True)
class _Rule:
    id: str
    patterns: Tuple[Pattern[str], ...]
    with_any: Tuple[Pattern[str], ...] = ()
    max_words: Optional[int] = None
    ignore_past: bool = False
    # Checked on a whole message only, never on one sentence of a longer one.
    whole_only: bool = False


class SafetyPatternError(ValueError):
    """The patterns file is wrong; the message names the file and the entry."""


_WORD = re.compile(r"[a-z0-9']+")


class SafetyNet:
    def __init__(
        self,
        rules: Sequence[_Rule],
        now: Sequence[Pattern[str]],
        now_weak: Sequence[Pattern[str]],
        past: Sequence[Pattern[str]],
        conditional: Sequence[Pattern[str]],
        not_now: Sequence[Pattern[str]],
        normalise: Dict[str, str],
    ) -> None:
        self._rules = tuple(rules)
        self._now = tuple(now)
        self._now_weak = tuple(now_weak)
        self._past = tuple(past)
        self._conditional = tuple(conditional)
        self._not_now = tuple(not_now)
        self._normalise = dict(normalise)

    @classmethod
    def from_file(cls, path: Path) -> "SafetyNet":
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SafetyPatternError(f"{path}: not valid YAML: {exc}") from exc

        def compile_all(section: str, patterns: object) -> List[Pattern[str]]:
            if not isinstance(patterns, list):
                raise SafetyPatternError(f"{path}: '{section}' must be a list of patterns")
            compiled = []
            for index, pattern in enumerate(patterns):
                try:
                    compiled.append(re.compile(str(pattern)))
                except re.error as exc:
                    raise SafetyPatternError(f"{path}: {section}[{index}] is not a valid pattern ({exc}): {pattern}") from exc
            return compiled

        rules = []
        seen = set()
        for index, entry in enumerate(raw.get("rules") or []):
            rule_id = entry.get("id") or f"rules[{index}]"
            if rule_id in seen:
                raise SafetyPatternError(f"{path}: rule id {rule_id!r} is used twice")
            seen.add(rule_id)
            rules.append(
                _Rule(
                    id=rule_id,
                    patterns=tuple(compile_all(f"rules.{rule_id}.patterns", entry.get("patterns"))),
                    with_any=tuple(compile_all(f"rules.{rule_id}.with_any", entry.get("with_any") or [])),
                    max_words=entry.get("max_words"),
                    ignore_past=bool(entry.get("ignore_past", False)),
                    whole_only=bool(entry.get("whole_only", False)),
                )
            )
        if not rules:
            raise SafetyPatternError(f"{path}: no rules defined")
        return cls(
            rules=rules,
            now=compile_all("now", raw.get("now") or []),
            now_weak=compile_all("now_weak", raw.get("now_weak") or []),
            past=compile_all("past", raw.get("past") or []),
            conditional=compile_all("conditional", raw.get("conditional") or []),
            not_now=compile_all("not_now", raw.get("not_now") or []),
            normalise={str(k): str(v) for k, v in (raw.get("normalise") or {}).items()},
        )

    def normalise(self, text: str) -> str:
        text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
        text = re.sub(r"\s+", " ", text).strip()
        return _WORD.sub(lambda m: self._normalise.get(m.group(0), m.group(0)), text)

    @staticmethod
    def _any(patterns: Sequence[Pattern[str]], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def _conditional_before(self, text: str, position: int) -> bool:
        # A conditional only makes a match hypothetical when it comes first in the same sentence:
        # "what do I do if someone breaks in" vs "he is hitting me, what do I do".
        sentence_start = max(text.rfind(mark, 0, position) for mark in (".", "?", "!", "\n")) + 1
        head = text[sentence_start:position]
        return self._any(self._conditional, head)

    def check(self, text: str, sentence: bool = False) -> SafetyVerdict:
        """The verdict for a whole message, or (sentence=True) for one sentence of a longer message."""
        clean = self.normalise(text)
        if not clean:
            return SafetyVerdict(fired=False)
        words = len(_WORD.findall(clean))
        has_past = self._any(self._past, clean)
        has_now = self._any(self._now, clean) or (not has_past and self._any(self._now_weak, clean))
        near_miss: Optional[SafetyVerdict] = None
        for rule in self._rules:
            if sentence and rule.whole_only:
                continue
            for pattern in rule.patterns:
                match = pattern.search(clean)
                if not match:
                    continue
                reason = None
                if rule.max_words is not None and words > rule.max_words:
                    reason = "too_long"
                elif self._any(self._not_now, clean):
                    reason = "not_now"
                elif rule.with_any and not self._any(rule.with_any, clean):
                    reason = "context"
                elif not has_now and has_past and not rule.ignore_past:
                    reason = "past"
                elif not has_now and self._conditional_before(clean, match.start()):
                    reason = "conditional"
                if reason is None:
                    return SafetyVerdict(fired=True, rule=rule.id, matched=match.group(0))
                if near_miss is None:
                    near_miss = SafetyVerdict(fired=False, rule=rule.id, matched=match.group(0), suppressed_by=reason)
        return near_miss or SafetyVerdict(fired=False)


_cache: Dict[Path, Tuple[float, SafetyNet]] = {}


def load_safety_net(path: Optional[Path] = None) -> SafetyNet:
    """The safety net for a patterns file, reloaded when the file changes."""
    if path is None:
        from bot.settings import get_settings

        path = get_settings().safety_patterns_file
    path = Path(path).resolve()
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, SafetyNet.from_file(path))
    return _cache[path][1]
