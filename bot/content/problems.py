"""A problem found in the content files, worded for editors, and the report that collects them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

CONTENT = "content"
LINKS = "links"


@dataclass(frozen=True)
class Problem:
    file: str  # as shown to the editor, e.g. content/advice/burglary_robbery.yml
    line: Optional[int]  # 1-based; None when the problem is not on one line (e.g. a missing strand)
    field: str  # e.g. items[3].review_due ('' for the whole file)
    message: str  # plain words: what is wrong and how to fix it
    section: str = CONTENT  # CONTENT, or LINKS for `--online` dead links

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class CheckReport:
    errors: List[Problem] = field(default_factory=list)
    warnings: List[Problem] = field(default_factory=list)
    files_checked: int = 0
    online: bool = False  # whether links were checked over the network
    link_note: Optional[str] = None  # e.g. "no address could be reached: are you online?"
    question_note: Optional[str] = None  # e.g. "near-duplicate questions were not checked: ..."

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def content_errors(self) -> List[Problem]:
        return [p for p in self.errors if p.section == CONTENT]

    @property
    def link_errors(self) -> List[Problem]:
        return [p for p in self.errors if p.section == LINKS]

    def as_text(self) -> str:
        lines: List[str] = []
        content_errors, link_errors = self.content_errors, self.link_errors
        if content_errors:
            lines.append(f"ERRORS ({len(content_errors)}) - these must be fixed before publishing:")
            lines.extend(f"  {p}" for p in content_errors)
            lines.append("")
        if self.warnings:
            lines.append(f"WARNINGS ({len(self.warnings)}) - worth fixing, but they do not stop publishing:")
            lines.extend(f"  {p}" for p in self.warnings)
            lines.append("")
        if self.online:
            if link_errors:
                lines.append(f"DEAD LINKS ({len(link_errors)}) - these web addresses did not work:")
                lines.extend(f"  {p}" for p in link_errors)
            else:
                lines.append("LINKS - every web address answered.")
            if self.link_note:
                lines.append(self.link_note)
            lines.append("")
        if self.question_note:
            lines.append(self.question_note)
            lines.append("")
        verdict = "Fix the errors, then run the check again." if self.errors else "Ready to publish."
        lines.append(
            f"Checked {self.files_checked} files: {len(self.errors)} error(s), {len(self.warnings)} warning(s). {verdict}"
        )
        return "\n".join(lines)
