"""The :class:`Redactor`: loads the data once, runs the registry, writes the placeholders.

Nothing is read at import time: data files, spaCy and phonenumbers load on the first call, so
importing the package (the tracker store, the action server) costs nothing until a message comes.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, FrozenSet, Iterable, List, Optional

from bot.redaction.base import PLACEHOLDERS, Recognizer, RedactionResult, Span
from bot.redaction.registry import RecognizerRegistry
from bot.redaction.resources import DATA_DIR, LOCATIONS_PATH, REFERRALS_PATH, Resources


class Redactor:
    """Finds and replaces personal data. Cheap to construct; loads its data on first use.

    ``data_dir``, ``referrals_path`` and ``locations_path`` default to the project's files; a path
    set to None is skipped (for example a deployment without ``content/``). ``recognizers``
    replaces the standard set (tests, or a deployment that must not redact some kind).
    """

    def __init__(
        self,
        data_dir: Optional[Path] = None,
        referrals_path: Optional[Path] = REFERRALS_PATH,
        locations_path: Optional[Path] = LOCATIONS_PATH,
        recognizers: Optional[Iterable[Recognizer]] = None,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
        self.referrals_path = Path(referrals_path) if referrals_path is not None else None
        self.locations_path = Path(locations_path) if locations_path is not None else None
        self._recognizers = list(recognizers) if recognizers is not None else None
        self._lock = threading.Lock()
        self._loaded = False
        self.resources: Resources  # set by load()
        self.registry: RecognizerRegistry  # set by load()

    def load(self) -> "Redactor":
        """Read the data files and set up every recognizer (done once, on first use)."""
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                from bot.redaction.recognizers import default_recognizers

                self.resources = Resources.load(self.data_dir, self.referrals_path, self.locations_path)
                recognizers = self._recognizers if self._recognizers is not None else default_recognizers()
                self.registry = RecognizerRegistry(recognizers)
                self.registry.load(self.resources)
                self._loaded = True
        return self

    @property
    def service_numbers(self) -> FrozenSet[str]:
        """Digits of every number that is never redacted (static list + referral directory)."""
        return self.load().resources.service_numbers

    def redact(self, text: Any) -> RedactionResult:
        """Replace every piece of personal data in ``text`` by its placeholder."""
        if text is None:
            return RedactionResult("", [])
        if not isinstance(text, str):
            text = str(text)
        if not text.strip():
            return RedactionResult(text, [])
        spans = self.find(text)
        if not spans:
            return RedactionResult(text, [])
        parts: List[str] = []
        pos = 0
        for start, end, kind in spans:
            parts.append(text[pos:start])
            parts.append(PLACEHOLDERS[kind])
            pos = end
        parts.append(text[pos:])
        return RedactionResult("".join(parts), spans)

    def find(self, text: str) -> List[Span]:
        """The spans that :meth:`redact` replaces, sorted, without overlaps."""
        return self.load().registry.analyze(text)

    def is_service_number(self, number: str) -> bool:
        """True if ``number`` (any spacing, +44 allowed) is a service number never redacted."""
        return self.load().resources.is_service_number(number)


_DEFAULT: Optional[Redactor] = None
_DEFAULT_LOCK = threading.Lock()


def default_redactor() -> Redactor:
    """The shared :class:`Redactor` over the project's data files (created on first call)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Redactor()
    return _DEFAULT


def redact(text: Any) -> RedactionResult:
    """Redact ``text`` with the shared redactor."""
    return default_redactor().redact(text)
