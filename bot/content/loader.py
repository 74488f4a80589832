"""Read the content YAML files and remember the line of every value, so problems can name it.

`yaml.compose` gives the node tree with start marks; the same loader then builds the plain Python
data, so values mean exactly what `yaml.safe_load` would make of them. A file that is not valid YAML
becomes a Problem with its line, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.content.problems import Problem

PathKey = Tuple[Union[str, int], ...]  # e.g. ("items", 3, "review_due")

REFERRALS_FILE = "referrals.yml"
ADVICE_DIR = "advice"


def field_label(path: PathKey) -> str:
    """('items', 3, 'review_due') -> 'items[3].review_due'."""
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


@dataclass
class LineMap:
    key_lines: Dict[PathKey, int] = field(default_factory=dict)  # line of `name:` for mapping entries
    value_lines: Dict[PathKey, int] = field(default_factory=dict)  # line where each value starts
    raw_text: Dict[PathKey, str] = field(default_factory=dict)  # scalar as written, e.g. `yes`, `0800`

    def line(self, path: PathKey) -> int:
        """Line of the value at `path`, or of its nearest parent that exists (e.g. for a missing field)."""
        path = tuple(path)
        while True:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.value_lines:
                return self.value_lines[path]
            if not path:
                return 1
            path = path[:-1]


@dataclass
class LoadedFile:
    path: Path
    display_name: str  # how problems name it, e.g. content/advice/burglary_robbery.yml
    data: Any
    lines: LineMap

    def problem(self, path: PathKey, message: str, line: Optional[int] = None) -> Problem:
        return Problem(self.display_name, line or self.lines.line(path), field_label(path), message)


@dataclass
class LoadedContent:
    content_dir: Path
    referrals: Optional[LoadedFile]
    advice: List[LoadedFile]
    problems: List[Problem]  # files that could not be read at all
    unreadable: List[Path] = field(default_factory=list)  # their paths

    @property
    def files_checked(self) -> int:
        return len(self.advice) + (1 if self.referrals else 0)


def display_name(path: Path, content_dir: Path) -> str:
    """Relative to the working folder when possible (clickable in VS Code), else to the content's parent."""
    resolved = path.resolve()
    for base in (Path.cwd(), content_dir.resolve().parent):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


class _ContentLoader(yaml.SafeLoader):
    """safe_load's rules, except that an impossible date (2027-02-30) stays text instead of
    crashing the reader; the checks then report it as a date that does not exist."""

    def construct_yaml_timestamp(self, node: Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_ContentLoader.add_constructor("tag:yaml.org,2002:timestamp", _ContentLoader.construct_yaml_timestamp)


def _index(node: Node, path: PathKey, lines: LineMap, duplicates: List[Tuple[PathKey, int, int]]) -> None:
    lines.value_lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        lines.raw_text[path] = node.value
    elif isinstance(node, MappingNode):
        seen: Dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else repr(key_node.value)
            child = path + (key,)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((child, key_line, seen[key]))
            seen[key] = key_line
            lines.key_lines[child] = key_line
            _index(value_node, child, lines, duplicates)
    elif isinstance(node, SequenceNode):
        for position, child_node in enumerate(node.value):
            _index(child_node, path + (position,), lines, duplicates)


def _yaml_error(exc: yaml.YAMLError, name: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    hint = ""
    if "\\t" in problem or "tab" in problem:
        hint = " Use spaces to indent, not the Tab key."
    elif "mapping values are not allowed" in problem:
        hint = " A value that contains ': ' must be put in quotes, or a line is indented wrongly."
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = " Check the indentation of this line and the one before it, and that every field has 'name: value'."
    column = f", column {mark.column + 1}" if mark is not None else ""
    return Problem(name, line, "", f"This file is not valid YAML: {problem}{column}.{hint}")


def load_file(path: Path, content_dir: Path) -> Tuple[Optional[LoadedFile], List[Problem]]:
    name = display_name(path, content_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, None, "", "This file is not saved as UTF-8 text. Save it again as UTF-8.")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"This file could not be opened: {exc.strerror or exc}.")]
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, name)]
    except Exception as exc:  # anything else the YAML reader trips on: report it, never a traceback
        return None, [Problem(name, None, "", f"This file could not be read: {exc}.")]
    finally:
        loader.dispose()
    lines = LineMap()
    duplicates: List[Tuple[PathKey, int, int]] = []
    if node is not None:
        _index(node, (), lines, duplicates)
    loaded = LoadedFile(path=path, display_name=name, data=data, lines=lines)
    # YAML keeps only the last of two equal keys; an editor would never see the first one vanish.
    problems = [
        loaded.problem(child, f"'{child[-1]}' is written twice in the same entry (first on line {first}). Keep only one.", line)
        for child, line, first in duplicates
    ]
    return loaded, problems


def load_content(content_dir: Path) -> LoadedContent:
    content_dir = Path(content_dir)
    problems: List[Problem] = []
    if not content_dir.is_dir():
        return LoadedContent(content_dir, None, [], [Problem(str(content_dir), None, "", "The content folder does not exist.")])

    unreadable: List[Path] = []
    referrals_path = content_dir / REFERRALS_FILE
    referrals: Optional[LoadedFile] = None
    if referrals_path.is_file():
        referrals, found = load_file(referrals_path, content_dir)
        problems += found
        if referrals is None:
            unreadable.append(referrals_path)
    else:
        problems.append(Problem(display_name(referrals_path, content_dir), None, "", "The referrals file is missing."))

    advice: List[LoadedFile] = []
    advice_dir = content_dir / ADVICE_DIR
    if not advice_dir.is_dir():
        problems.append(Problem(display_name(advice_dir, content_dir), None, "", "The advice folder is missing."))
    else:
        for path in sorted(advice_dir.glob("*.yaml")):
            problems.append(
                Problem(display_name(path, content_dir), None, "", "Advice files must end in .yml, so this file is ignored. Rename it.")
            )
        for path in sorted(advice_dir.glob("*.yml")):
            loaded, found = load_file(path, content_dir)
            problems += found
            if loaded is not None:
                advice.append(loaded)
            else:
                unreadable.append(path)
    return LoadedContent(content_dir, referrals, advice, problems, unreadable)
