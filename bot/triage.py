"""`bot triage`: JSON lines in, one JSON triage result per line out.

Input:  {"text": "..."} per line on stdin.
Output: {"text", "intent", "confidence", "strand", "emergency", "danger_tier", "fallback"} per line on
stdout, where strand is one of the 14 strand ids, "out_of_scope", or null (small talk / emergency
only); emergency is true when the 999 message comes first (danger now, tier "certain"), and
danger_tier is "certain", "possible" (a 999 line heads the strand's advice) or null.
A bad line gets a clear error on stderr and processing continues.
"""
from __future__ import annotations

import json
import sys
from typing import IO, Any, Callable, Dict, Optional

from bot.strands import StrandMap

EMERGENCY_INTENT = "emergency"
FALLBACK_INTENT = "nlu_fallback"


def triage_result(text: str, parse: Dict[str, Any], strands: StrandMap) -> Dict[str, Any]:
    """Turn Rasa parse data into the triage contract."""
    intent = parse.get("intent") or {}
    name: Optional[str] = intent.get("name")
    confidence = float(intent.get("confidence") or 0.0)
    fallback = name == FALLBACK_INTENT
    if fallback:
        # The fallback replaces the intent; report the classifier's best guess with its own score.
        ranked = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
        if ranked:
            name, confidence = ranked[0]["name"], float(ranked[0]["confidence"])
    net = parse.get("safety_net") or {}
    tier = (net.get("tier") or "certain") if net.get("fired") else None
    emergency = tier == "certain" or name == EMERGENCY_INTENT
    return {
        "text": text,
        "intent": name,
        "confidence": round(confidence, 4),
        "strand": strands.strand_for_intent(name),
        "emergency": emergency,
        "danger_tier": "certain" if emergency else tier,
        "fallback": fallback,
    }


def run_triage(parse: Callable[[str], Dict[str, Any]], strands: StrandMap, stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Returns the number of bad input lines."""
    bad = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('expected an object with a "text" string, like {"text": "my shed was broken into"}')
        except (json.JSONDecodeError, ValueError) as exc:
            bad += 1
            print(f"line {number}: skipped, not valid input: {exc}", file=stderr, flush=True)
            continue
        text = record["text"]
        result = triage_result(text, parse(text), strands)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return bad


def main_triage(args: Any) -> int:
    from bot.rasa_components.model_loader import load_parser
    from bot.settings import get_settings
    from bot.strands import strand_map

    settings = get_settings()
    parser = load_parser(settings.models_dir, getattr(args, "model", None))
    bad = run_triage(parser.parse, strand_map(), sys.stdin, sys.stdout, sys.stderr)
    parser.close()
    return 1 if bad and getattr(args, "strict", False) else 0
