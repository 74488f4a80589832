"""Checks of the residents' questions editors keep beside each item (`questions:`).

- An approved item needs at least MIN_QUESTIONS, so the retriever has the resident's own words to
  compare with (error); fewer than SUGGESTED_QUESTIONS or more than MAX_QUESTIONS is a warning.
- The same question twice (after folding case and punctuation) is a warning.
- Two different items with questions that mean nearly the same (embedding similarity at or above
  NEAR_DUPLICATE_SIMILARITY) are a warning: the assistant cannot tell the items apart on them.
  This needs the sentence encoder; without it (model files not fetched) the check says it was
  skipped rather than passing silently.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from bot.content.problems import Problem

MIN_QUESTIONS = 3
SUGGESTED_QUESTIONS = 5
MAX_QUESTIONS = 10
# Measured with MiniLM: close paraphrases of one question score 0.84-0.93 ("what should i do if my
# drink was spiked" / "What do I do if I think someone spiked my drink?" 0.93); across the ~1,000
# questions of the published content, questions of different items reach 0.88 at most and only
# one pair passes 0.85 (the 99.9th percentile is 0.60).
NEAR_DUPLICATE_SIMILARITY = 0.85

Encode = Callable[[Sequence[str]], np.ndarray]


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def count_problems(entries: Sequence) -> Tuple[List[Problem], List[Problem]]:
    """(errors, warnings) about how many questions each item has and repeats within content."""
    errors: List[Problem] = []
    warnings: List[Problem] = []
    seen: Dict[str, Tuple[object, tuple]] = {}
    for entry in entries:
        item, file, path = entry.item, entry.file, entry.path
        if item.status == "retired":
            continue
        n = len(item.questions)
        if item.status == "approved" and n < MIN_QUESTIONS:
            errors.append(file.problem(
                path + ("questions",) if n else path + ("id",),
                f"This approved item has {n} question(s) under questions:; it needs at least {MIN_QUESTIONS} "
                f"(aim for {SUGGESTED_QUESTIONS} to {MAX_QUESTIONS}). Write questions the way residents would type them, "
                "so the assistant can match residents' messages to this item."))
        elif SUGGESTED_QUESTIONS > n >= MIN_QUESTIONS:
            warnings.append(file.problem(path + ("questions",),
                                         f"Only {n} questions; {SUGGESTED_QUESTIONS} to {MAX_QUESTIONS} help the assistant find this item."))
        elif n > MAX_QUESTIONS:
            warnings.append(file.problem(path + ("questions",),
                                         f"{n} questions; keep the best {MAX_QUESTIONS} so each one says something new."))
        for index, question in enumerate(item.questions):
            key = _folded(question)
            at = path + ("questions", index)
            if not key:
                errors.append(file.problem(at, "This question is empty. Write a question or remove the line."))
                continue
            if key in seen:
                other_file, other_path = seen[key]
                warnings.append(file.problem(
                    at, f"The same question is also at {other_file.display_name}:{other_file.lines.line(other_path)}. "
                        "Keep it where it belongs and write a different one here."))
            else:
                seen[key] = (file, at)
    return errors, warnings


def near_duplicate_problems(entries: Sequence, encode: Optional[Encode]) -> Tuple[List[Problem], Optional[str]]:
    """Warnings for questions of different items that mean nearly the same, and a note when skipped."""
    listed = [(entry, index, question) for entry in entries if entry.item.status != "retired"
              for index, question in enumerate(entry.item.questions) if _folded(question)]
    if not listed:
        return [], None
    if encode is None:
        return [], ("Near-duplicate questions were not checked: the sentence model is not installed here "
                    "(run `make setup` or `bot models fetch`).")
    vectors = np.asarray(encode([q for _, _, q in listed]), dtype=np.float32)
    similarity = vectors @ vectors.T
    owners = np.array([id(entry) for entry, _, _ in listed])
    problems: List[Problem] = []
    reported = set()
    for a, b in zip(*np.nonzero(np.triu(similarity, k=1) >= NEAR_DUPLICATE_SIMILARITY)):
        if owners[a] == owners[b]:
            continue
        entry_a, index_a, question_a = listed[a]
        entry_b, index_b, question_b = listed[b]
        pair = (entry_a.item.id, index_a, entry_b.item.id)
        if pair in reported:
            continue
        reported.add(pair)
        where = f"{entry_b.file.display_name}:{entry_b.file.lines.line(entry_b.path + ('questions', index_b))}"
        problems.append(entry_a.file.problem(
            entry_a.path + ("questions", index_a),
            f"\"{question_a}\" means nearly the same as \"{question_b}\" for the item '{entry_b.item.id}' ({where}, "
            f"similarity {similarity[a, b]:.2f}). The assistant cannot tell the two items apart on these questions: "
            "make each say what is special about its own item."))
    return problems, None
