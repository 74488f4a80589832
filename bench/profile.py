"""Summaries of py-spy `record --format raw --idle --threads` output (collapsed stacks, one per line + count).

Each sample of a thread is put in one category: the first whose marker appears anywhere in the
stack, most specific first. A sample whose innermost frame is the event loop waiting (uvloop runs
in C, so py-spy shows the Python frame that started it), a thread-pool worker waiting for work, or
a lock/select wait counts as idle.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

CATEGORIES: List[Tuple[str, Tuple[str, ...]]] = [
    ("Rasa: jsonschema check of the action server's response", ("_validate_action_result", "jsonschema")),
    ("NLU: MiniLM ONNX featurizer", ("onnxruntime", "nlu/embeddings.py", "minilm_featurizer", "tokenizers")),
    ("NLU: safety net", ("safety_net.py",)),
    ("NLU: linear classifier (TF-IDF + LR)", ("linear_intent_classifier", "nlu/linear.py")),
    ("NLU: DIET / TF (stock)", ("diet_classifier", "tensorflow", "keras", "rasa/utils/tensorflow")),
    ("NLU: other components (sparse featurizers, tokenizer, entities)", ("rasa/nlu/", "sklearn/", "scipy/")),
    ("tracker store: redaction of events (patterns + spaCy)", ("redaction.py", "redacted_event_data", "spacy/", "thinc/")),
    ("tracker store: SQL retrieve/save (SQLAlchemy, sqlite3)", ("tracker_store",)),
    ("content/feedback store: SQL (SQLAlchemy, sqlite3)", ("sqlalchemy/", "sqlite3", "bot/content", "content/service.py",
                                                          "feedback.py")),
    ("policies: prediction (RulePolicy, TED, Memo)", ("rasa/core/policies", "rasa/core/featurizers")),
    ("action server call: HTTP client, JSON", ("rasa/core/actions/action.py", "rasa/utils/endpoints.py", "aiohttp/")),
    ("tracker/events handling", ("rasa/shared/core/", "rasa/core/lock")),
    ("Rasa message processing, other", ("rasa/core/", "rasa/engine/", "rasa/shared/")),
    ("actions (product code)", ("actions/", "bot/", "content/", "conversation/")),
    ("rasa_sdk executor", ("rasa_sdk/",)),
    ("logging / structlog", ("structlog", "logging/")),
    ("HTTP server (Sanic), asyncio", ("sanic/", "asyncio/", "httptools", "ujson", "json/")),
]

IDLE_LEAVES = ("serve (sanic/server/runners.py", "serve_application (rasa/core/run.py", "run_forever", "_worker (concurrent",
               "select (", "poll (", "epoll", "wait (threading.py", "_wait_for_tstate_lock", "acquire (", "sleep (",
               "get (queue.py", "accept (", "recv (", "run (asyncio/runners.py", "run_until_complete")


def is_idle(frames: List[str]) -> bool:
    leaf = frames[-1] if frames else ""
    return any(marker in leaf for marker in IDLE_LEAVES)


def category(stack: str) -> str:
    for name, markers in CATEGORIES:
        if any(marker in stack for marker in markers):
            return name
    return "other"


def summarise(path: Path) -> Dict[str, object]:
    threads: Dict[str, Dict[str, int]] = {}
    busy: Dict[str, Dict[str, int]] = {}
    for line in Path(path).read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        thread = next((f for f in frames if f.startswith("thread (")), "thread (?)")
        kind = "main" if "MainThread" in thread else "other threads"
        entry = threads.setdefault(kind, {"samples": 0, "idle": 0, "threads": 0})
        entry["samples"] += count
        if is_idle(frames):
            entry["idle"] += count
        else:
            per = busy.setdefault(kind, {})
            cat = category(stack)
            per[cat] = per.get(cat, 0) + count
    main = threads.get("main", {"samples": 0, "idle": 0})
    main_busy = busy.get("main", {})
    total = sum(main_busy.values())
    other_busy = sum(busy.get("other threads", {}).values())
    return {
        "main_samples": main["samples"],
        "main_busy_fraction": (main["samples"] - main["idle"]) / main["samples"] if main["samples"] else None,
        "main_busy_categories": sorted(((k, v / total) for k, v in main_busy.items()), key=lambda kv: -kv[1]) if total else [],
        # In units of "one thread fully busy" (the main thread's sample count is the duration).
        "other_threads_busy": other_busy / main["samples"] if main["samples"] else None,
        "other_threads_categories": sorted(((k, v / other_busy) for k, v in busy.get("other threads", {}).items()),
                                           key=lambda kv: -kv[1]) if other_busy else [],
    }


if __name__ == "__main__":
    import json
    import sys

    for arg in sys.argv[1:]:
        print(arg)
        print(json.dumps(summarise(Path(arg)), indent=2))
