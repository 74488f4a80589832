"""`bot eval` / `make eval`: how well the trained model triages held-out resident messages.

Scores the trained Rasa model (classifier + safety net + fallback, exactly as served) and a plain
TF-IDF + logistic regression baseline trained on the same training data, on the independent test
set in tests/nlu/ (never trained on).
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from bot.strands import EMERGENCY, OUT_OF_SCOPE, STRAND_IDS, StrandMap

OTHER = "other"  # small talk or nothing: always wrong for a test message
LABELS: Tuple[str, ...] = STRAND_IDS + (EMERGENCY, OUT_OF_SCOPE)


@dataclass
class Scores:
    name: str
    strand_accuracy: float
    macro_f1: float
    per_label_f1: Dict[str, float]
    emergency_recall: float
    false_emergency_rate: float
    out_of_scope_recall: float
    confusions: List[Tuple[str, str, int]]
    missed_emergencies: List[str] = field(default_factory=list)
    false_emergencies: List[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> Dict[str, object]:
        return self.__dict__.copy()


def score(name: str, texts: Sequence[str], gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    def f1(label: str) -> float:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)

    per_label = {label: f1(label) for label in LABELS if label in gold}
    in_scope = [(g, p) for g, p in zip(gold, predicted) if g in STRAND_IDS]
    emergencies = [(t, p) for t, g, p in zip(texts, gold, predicted) if g == EMERGENCY]
    non_emergencies = [(t, p) for t, g, p in zip(texts, gold, predicted) if g != EMERGENCY]
    oos = [p for g, p in zip(gold, predicted) if g == OUT_OF_SCOPE]
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return Scores(
        name=name,
        strand_accuracy=sum(g == p for g, p in in_scope) / max(len(in_scope), 1),
        macro_f1=sum(per_label.values()) / max(len(per_label), 1),
        per_label_f1=per_label,
        emergency_recall=sum(p == EMERGENCY for _, p in emergencies) / max(len(emergencies), 1),
        false_emergency_rate=sum(p == EMERGENCY for _, p in non_emergencies) / max(len(non_emergencies), 1),
        out_of_scope_recall=sum(p == OUT_OF_SCOPE for p in oos) / max(len(oos), 1),
        confusions=[(g, p, n) for (g, p), n in confusions.most_common(12)],
        missed_emergencies=[t for t, p in emergencies if p != EMERGENCY],
        false_emergencies=[t for t, p in non_emergencies if p == EMERGENCY],
    )


def label_from_triage(result: Dict[str, object]) -> str:
    if result["emergency"]:
        return EMERGENCY
    return str(result["strand"] or OTHER)


def model_label(text: str, parse: Dict[str, object], strands: StrandMap) -> str:
    """What the classifier alone said, before the safety net could override it."""
    net = parse.get("safety_net") or {}
    intent = net.get("model_intent") if net.get("fired") else (parse.get("intent") or {}).get("name")
    if intent == "nlu_fallback":
        ranked = [r for r in parse.get("intent_ranking") or [] if r.get("name") not in ("nlu_fallback", EMERGENCY)]
        intent = ranked[0]["name"] if ranked else None
    return strands.label_for_intent(intent) or OTHER


def load_test_set(test_dir: Path, strands: StrandMap) -> Tuple[List[str], List[str]]:
    from bot.nlu.training_data import read_examples

    pairs = read_examples([test_dir])
    texts = [t for t, _ in pairs]
    gold = [strands.label_for_intent(i) or OTHER for _, i in pairs]
    return texts, gold


def baseline_predictions(train_dirs: Sequence[Path], texts: Sequence[str], strands: StrandMap) -> List[str]:
    """Plain TF-IDF (word 1-2 + char 2-5) + logistic regression, no embeddings, no safety net."""
    from bot.nlu.linear import LinearTextClassifier
    from bot.nlu.training_data import read_examples

    pairs = read_examples(train_dirs)
    classifier = LinearTextClassifier().fit([t for t, _ in pairs], [i for _, i in pairs])
    return [strands.label_for_intent(intent) or OTHER for intent, _ in classifier.predict(texts)]


def evaluate(parse: Callable[[str], Dict[str, object]], strands: StrandMap, test_dir: Path,
             train_dirs: Sequence[Path], with_baseline: bool = True) -> Dict[str, Scores]:
    from bot.triage import triage_result

    texts, gold = load_test_set(test_dir, strands)
    started = time.perf_counter()
    results = [triage_result(t, parse(t), strands) for t in texts]
    model = score("trained model (served pipeline)", texts, gold, [label_from_triage(r) for r in results])
    model.seconds = time.perf_counter() - started
    out = {"model": model}
    # The same model without the safety net's help, to show what the net adds.
    model_only = [model_label(t, parse(t), strands) for t in texts]
    out["model_without_net"] = score("model intent only (no safety net)", texts, gold, model_only)
    if with_baseline:
        started = time.perf_counter()
        out["baseline"] = score("baseline TF-IDF + logistic regression", texts, gold,
                                baseline_predictions(train_dirs, texts, strands))
        out["baseline"].seconds = time.perf_counter() - started
    return out


def format_report(scores: Dict[str, Scores], n_messages: int) -> str:
    names = list(scores)
    lines = [f"NLU evaluation on {n_messages} held-out messages (tests/nlu/)", ""]
    header = f"{'metric':<26}" + "".join(f"{n:>20}" for n in names)
    lines.append(header)
    lines.append("-" * len(header))
    for metric in ("strand_accuracy", "macro_f1", "emergency_recall", "false_emergency_rate", "out_of_scope_recall"):
        lines.append(f"{metric:<26}" + "".join(f"{getattr(scores[n], metric):>20.3f}" for n in names))
    lines.append("")
    lines.append("per-label F1")
    for label in LABELS:
        lines.append(f"  {label:<26}" + "".join(f"{scores[n].per_label_f1.get(label, 0.0):>20.3f}" for n in names))
    for n in names:
        lines.append("")
        lines.append(f"most frequent confusions, {scores[n].name} (gold -> predicted: count)")
        for gold, pred, count in scores[n].confusions:
            lines.append(f"  {gold} -> {pred}: {count}")
    model = scores.get("model")
    if model is not None:
        lines.append("")
        lines.append(f"missed emergencies ({len(model.missed_emergencies)}): " + "; ".join(model.missed_emergencies))
        lines.append(f"false emergencies ({len(model.false_emergencies)}): " + "; ".join(model.false_emergencies))
    return "\n".join(lines)


def main_eval(args) -> int:
    from bot.rasa_components.model_loader import load_parser
    from bot.settings import get_settings
    from bot.strands import strand_map

    settings = get_settings()
    strands = strand_map()
    test_dir = settings.project_root / "tests" / "nlu"
    started = time.perf_counter()
    parser = load_parser(settings.models_dir)
    load_seconds = time.perf_counter() - started
    scores = evaluate(parser.parse, strands, test_dir, [settings.data_dir / "nlu"])
    texts, _ = load_test_set(test_dir, strands)
    print(format_report(scores, len(texts)))
    print()
    print(f"model load {load_seconds:.1f} s; parse {len(texts) / scores['model'].seconds:.0f} messages/s")
    results_dir = settings.project_root / "results"
    results_dir.mkdir(exist_ok=True)
    report = {k: v.as_dict() for k, v in scores.items()}
    report["danger_now"] = [r.as_dict() for r in danger_reports(parser.parse, strands, settings.project_root, settings.data_dir)]
    from bot.content.retriever import Weights
    from bot.item_evaluation import item_reports

    report["items"] = item_reports(parser.parse, strands, settings.project_root, settings.content_dir,
                                   Weights.load(settings.data_dir / "retrieval.yml"), show_misses=getattr(args, "misses", False))
    (results_dir / "nlu_eval.json").write_text(json.dumps(report, indent=2))
    return 0


def danger_reports(parse: Callable[[str], Dict[str, object]], strands: StrandMap, project_root: Path,
                   data_dir: Path, versions: Optional[Sequence[str]] = None, echo: bool = True) -> list:
    """Danger now on each frozen blind set in tests/nlu/blind/ (bot.danger.evaluation), printed."""
    from bot.danger import evaluation as danger

    folder = project_root / "tests" / "nlu" / "blind"
    texts, labels = danger.training_pairs(data_dir)
    baseline = danger.baseline_detector(texts, labels)
    reports = []
    for version in versions or danger.blind_versions(folder):
        report = danger.evaluate_blind(
            parse, folder, version, baseline,
            strand_of=lambda text, parsed: model_label(text, parsed, strands),
            baseline_strands=lambda batch: baseline_predictions([data_dir / "nlu"], batch, strands),
            training_texts=texts)
        reports.append(report)
        if echo:
            print()
            print(danger.format_report(report))
    return reports
