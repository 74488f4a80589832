"""`make eval`, danger now: recall by situation and by who is typing, false alarms, strand accuracy.

Scores the served pipeline's verdict (patterns + detector), each judge alone, and a plain TF-IDF +
logistic regression baseline trained on the same corpus, on the frozen blind sets in
tests/nlu/blind/ (written by people who never saw the training data or the patterns).

A blind set is three files, `danger_<version>_danger_now.yml`, `..._near_miss.yml` and
`..._strand_questions.yml`, each `messages: [{text, label, situation?, who?, kind?, strand?}]`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import yaml

from bot.danger.decision import CERTAIN, POSSIBLE

JUDGES = ("both", "patterns", "detector", "baseline")
PARTS = ("danger_now", "near_miss", "strand_questions")


@dataclass(frozen=True)
class BlindMessage:
    text: str
    label: str
    situation: Optional[str] = None
    who: Optional[str] = None
    kind: Optional[str] = None
    strand: Optional[str] = None


def blind_versions(folder: Path) -> List[str]:
    return sorted({p.name[len("danger_"):-len("_danger_now.yml")] for p in Path(folder).glob("danger_*_danger_now.yml")})


def load_blind_set(folder: Path, version: str) -> List[BlindMessage]:
    messages: List[BlindMessage] = []
    for part in PARTS:
        path = Path(folder) / f"danger_{version}_{part}.yml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in raw.get("messages") or []:
            messages.append(BlindMessage(entry["text"], entry["label"], entry.get("situation"), entry.get("who"),
                                         entry.get("kind"), entry.get("strand")))
    return messages


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:6.1%} ({self.hits}/{self.total})"


@dataclass
class JudgeScores:
    recall: Tally = field(default_factory=Tally)
    recall_certain: Tally = field(default_factory=Tally)
    by_situation: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_who: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    near_miss_alarms: Tally = field(default_factory=Tally)
    near_miss_alarms_certain: Tally = field(default_factory=Tally)
    ordinary_alarms_certain: Tally = field(default_factory=Tally)
    near_miss_by_kind: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    ordinary_alarms: Tally = field(default_factory=Tally)
    missed: List[str] = field(default_factory=list)
    false_alarms: List[str] = field(default_factory=list)

    def as_dict(self) -> Dict[str, object]:
        return {"recall": self.recall.rate, "recall_certain": self.recall_certain.rate,
                "near_miss_false_alarm": self.near_miss_alarms.rate, "ordinary_false_alarm": self.ordinary_alarms.rate,
                "near_miss_false_alarm_certain": self.near_miss_alarms_certain.rate,
                "ordinary_false_alarm_certain": self.ordinary_alarms_certain.rate,
                "by_situation": {k: v.rate for k, v in sorted(self.by_situation.items())},
                "by_who": {k: v.rate for k, v in sorted(self.by_who.items())},
                "near_miss_by_kind": {k: v.rate for k, v in sorted(self.near_miss_by_kind.items())},
                "missed": self.missed, "false_alarms": self.false_alarms}


@dataclass
class DangerReport:
    version: str
    judges: Dict[str, JudgeScores]
    strand_accuracy: Dict[str, Tally]
    # Blind messages not scored because they stand word for word in the training data.
    excluded: List[str] = field(default_factory=list)

    def as_dict(self) -> Dict[str, object]:
        return {"version": self.version, "excluded_as_in_training_data": self.excluded,
                "judges": {k: v.as_dict() for k, v in self.judges.items()},
                "strand_accuracy": {k: v.rate for k, v in self.strand_accuracy.items()}}


def tiers_from_parse(parse: Dict[str, object]) -> Dict[str, Optional[str]]:
    """Each judge's tier for one parsed message (None: no alarm)."""
    net = parse.get("safety_net") or {}
    source = str(net.get("source") or "")
    return {
        "both": net.get("tier") if net.get("fired") else None,
        "patterns": CERTAIN if "patterns" in source else None,
        "detector": net.get("detector_tier"),
    }


def score_messages(messages: Sequence[BlindMessage], tiers: Sequence[Dict[str, Optional[str]]],
                   strands_predicted: Dict[str, Sequence[Optional[str]]], version: str) -> DangerReport:
    judges = {name: JudgeScores() for name in tiers[0]} if tiers else {}
    for message, tier in zip(messages, tiers):
        for name, scores in judges.items():
            fired = tier[name] in (CERTAIN, POSSIBLE)
            if message.label == "danger_now":
                scores.recall.add(fired)
                scores.recall_certain.add(tier[name] == CERTAIN)
                scores.by_situation[message.situation or "?"].add(fired)
                scores.by_who[message.who or "?"].add(fired)
                if not fired:
                    scores.missed.append(message.text)
            elif message.label == "near_miss":
                scores.near_miss_alarms.add(fired)
                scores.near_miss_alarms_certain.add(tier[name] == CERTAIN)
                scores.near_miss_by_kind[message.kind or "?"].add(fired)
                if fired:
                    scores.false_alarms.append(message.text)
            else:
                scores.ordinary_alarms.add(fired)
                scores.ordinary_alarms_certain.add(tier[name] == CERTAIN)
                if fired:
                    scores.false_alarms.append(message.text)
    accuracy: Dict[str, Tally] = {}
    questions = [(i, m) for i, m in enumerate(messages) if m.label == "strand"]
    for name, predicted in strands_predicted.items():
        tally = Tally()
        for i, message in questions:
            tally.add(predicted[i] == message.strand)
        accuracy[name] = tally
    return DangerReport(version, judges, accuracy)


def baseline_detector(train_texts: Sequence[str], train_danger: Sequence[bool]) -> Callable[[Sequence[str]], List[Optional[str]]]:
    """Plain TF-IDF (word 1-2 + char 2-5) + logistic regression, no embeddings, no sentences, p >= 0.5."""
    from bot.nlu.linear import LinearTextClassifier

    classifier = LinearTextClassifier().fit(list(train_texts), ["danger" if d else "not" for d in train_danger])
    column = classifier.labels.index("danger")

    def predict(texts: Sequence[str]) -> List[Optional[str]]:
        probs = classifier.predict_proba(list(texts))[:, column]
        return [CERTAIN if p >= 0.5 else None for p in probs]

    return predict


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def without_training_overlap(messages: Sequence[BlindMessage],
                             training_texts: Sequence[str]) -> Tuple[List[BlindMessage], List[BlindMessage]]:
    """Blind messages that also stand word for word in the training data are not scored.

    The blind writers never saw the training data, but writers of short messages sometimes land on
    the same sentence; scoring those would flatter the model.
    """
    seen = {_norm(t) for t in training_texts}
    kept = [m for m in messages if _norm(m.text) not in seen]
    return kept, [m for m in messages if _norm(m.text) in seen]


def evaluate_blind(parse: Callable[[str], Dict[str, object]], folder: Path, version: str,
                   baseline: Callable[[Sequence[str]], List[Optional[str]]],
                   strand_of: Callable[[str, Dict[str, object]], Optional[str]],
                   baseline_strands: Callable[[Sequence[str]], List[Optional[str]]],
                   training_texts: Sequence[str] = ()) -> DangerReport:
    messages, excluded = without_training_overlap(load_blind_set(folder, version), training_texts)
    texts = [m.text for m in messages]
    parses = [parse(t) for t in texts]
    tiers = [tiers_from_parse(p) for p in parses]
    for tier, base in zip(tiers, baseline(texts)):
        tier["baseline"] = base
    strands = {"trained model (served)": [strand_of(t, p) for t, p in zip(texts, parses)],
               "baseline TF-IDF": baseline_strands(texts)}
    report = score_messages(messages, tiers, strands, version)
    report.excluded = [m.text for m in excluded]
    return report


def format_report(report: DangerReport) -> str:
    names = list(report.judges)
    width = 20
    lines = [f"Danger now on blind set {report.version} (tests/nlu/blind/): tier 1 or 2 unless said"]
    if report.excluded:
        lines.append(f"({len(report.excluded)} blind message(s) not scored: word for word in the training data)")
    lines.append("")
    header = f"{'':<34}" + "".join(f"{n:>{width}}" for n in names)
    lines += [header, "-" * len(header)]

    def row(label: str, get: Callable[[JudgeScores], Tally]) -> None:
        lines.append(f"{label:<34}" + "".join(f"{str(get(report.judges[n])):>{width}}" for n in names))

    row("danger-now recall", lambda s: s.recall)
    row("  tier 1 (certain) recall", lambda s: s.recall_certain)
    row("false alarms, near misses", lambda s: s.near_miss_alarms)
    row("  tier 1 (999 message first)", lambda s: s.near_miss_alarms_certain)
    row("false alarms, ordinary questions", lambda s: s.ordinary_alarms)
    row("  tier 1 (999 message first)", lambda s: s.ordinary_alarms_certain)
    situations = sorted({k for s in report.judges.values() for k in s.by_situation})
    whos = sorted({k for s in report.judges.values() for k in s.by_who})
    kinds = sorted({k for s in report.judges.values() for k in s.near_miss_by_kind})
    lines += ["", "recall by situation"]
    for key in situations:
        row(f"  {key}", lambda s, key=key: s.by_situation[key])
    lines += ["", "recall by who is typing"]
    for key in whos:
        row(f"  {key}", lambda s, key=key: s.by_who[key])
    lines += ["", "false alarms on near misses by kind"]
    for key in kinds:
        row(f"  {key}", lambda s, key=key: s.near_miss_by_kind[key])
    lines += ["", "strand accuracy on the ordinary questions"]
    for name, tally in report.strand_accuracy.items():
        lines.append(f"  {name:<32}{str(tally):>{width}}")
    both = report.judges.get("both")
    if both is not None:
        lines += ["", f"missed by patterns + detector ({len(both.missed)}):"] + [f"  - {t}" for t in both.missed]
        lines += [f"false alarms of patterns + detector ({len(both.false_alarms)}):"] + [f"  - {t}" for t in both.false_alarms]
    return "\n".join(lines)


def training_pairs(data_dir: Path) -> Tuple[List[str], List[bool]]:
    """The detector's training texts and labels, as `rasa train` sees them (for the baseline)."""
    from bot.danger.corpus import from_nlu, load_corpus
    from bot.nlu.training_data import read_examples

    examples = load_corpus(data_dir / "safety" / "detector") + from_nlu(read_examples([data_dir / "nlu"]))
    return [e.text for e in examples], [e.danger for e in examples]
