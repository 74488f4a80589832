"""Does the assistant show the advice item that answers the question? (`bot eval`, the items part)

Each frozen blind set in tests/nlu/items/ (items_<version>_*.yml: resident questions, each with
the item a crime-prevention officer would show) is run as a conversation's first message through
the trained NLU, then through the same choice the actions make (bot.conversation.choosing), and
through today's keyword ranking (the code before the retriever, kept here as the baseline).
Top-1: the item shown first is the right one. Top-3: it is among the first three offered (the item
shown and the alternatives/topic buttons under it).
"""
from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.content.retriever import Weights
from bot.conversation import choosing, context
from bot.conversation.safety_advice import in_danger_now, safety_item
from bot.strands import STRAND_IDS

Parse = Callable[[str], Dict[str, object]]


@dataclass
class ItemQuestion:
    text: str
    item: str
    kind: str


@dataclass
class ItemScores:
    name: str
    n: int = 0
    top1: int = 0
    top3: int = 0
    by_strand: Dict[str, List[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # n, top1, top3
    by_kind: Dict[str, List[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    misses: List[Tuple[str, str, Optional[str]]] = field(default_factory=list)  # text, gold, shown

    def add(self, question: ItemQuestion, strand: str, ranked: Sequence[Optional[str]]) -> None:
        """ranked: the item shown first (None: no item shown, only offered), then the others offered."""
        hit1 = bool(ranked) and ranked[0] == question.item
        hit3 = question.item in list(ranked)[:3]
        self.n += 1
        self.top1 += hit1
        self.top3 += hit3
        for table, key in ((self.by_strand, strand), (self.by_kind, question.kind)):
            row = table[key]
            row[0] += 1
            row[1] += hit1
            row[2] += hit3
        if not hit1:
            self.misses.append((question.text, question.item, ranked[0] if ranked else None))

    def as_dict(self) -> Dict[str, object]:
        return {"name": self.name, "n": self.n, "top1": self.top1 / max(self.n, 1), "top3": self.top3 / max(self.n, 1),
                "by_strand": {k: {"n": v[0], "top1": v[1] / v[0], "top3": v[2] / v[0]} for k, v in sorted(self.by_strand.items())},
                "by_kind": {k: {"n": v[0], "top1": v[1] / v[0], "top3": v[2] / v[0]} for k, v in sorted(self.by_kind.items())}}


def item_set_versions(folder: Path) -> List[str]:
    found = {m.group(1) for p in Path(folder).glob("items_*.yml") if (m := re.match(r"items_(v\d+)", p.name))}
    return sorted(found, key=lambda v: int(v[1:]))


def load_item_set(folder: Path, version: str) -> List[ItemQuestion]:
    questions: List[ItemQuestion] = []
    for path in sorted(Path(folder).glob(f"items_{version}_*.yml")) + sorted(Path(folder).glob(f"items_{version}.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        questions += [ItemQuestion(str(q["text"]), str(q["item"]), str(q.get("kind") or "plain")) for q in raw.get("questions") or []]
    return questions


FALLBACK = "nlu_fallback"
OFFERED = 3  # items offered as buttons when the NLU is unsure (actions/fallback.py)
ADVICE_INTENTS_EXTRA = frozenset({"follow_up", "choose_topic", "how_to_report", "out_of_scope", "emergency"})


def product_ranking(service, parse: Mapping, text: str, strands, weights: Weights) -> List[str]:
    """The items the product offers for a first message, best first (the item shown, then the
    alternatives offered, then the rest of the ranking), as the actions choose them."""
    index = service.live_index()
    intent = (parse.get("intent") or {}).get("name")
    if index is None or not (strands.strand_for_intent(intent) or intent in ADVICE_INTENTS_EXTRA or intent == FALLBACK):
        return []  # small talk
    ranking = choosing.content_ranking(parse, strands.label_for_intent)
    if intent == "emergency" and in_danger_now(parse):
        strand = next((s for s, c in ranking if s in STRAND_IDS and c >= 0.05), None)
        item, _ = safety_item(service, strand)
        return [item.id] if item is not None else []
    turn = choosing.Turn(text=text, ranking=ranking, mode=choosing.mode_for_intent(intent),
                         audience=context.audience_in_text(text))
    choice = choosing.choose(index, service.encode_message(text), turn, weights)
    if choice.item_id is None or choice.kind != choosing.ITEM:
        return []
    if intent == FALLBACK and choice.score < weights.fallback_min:
        # "Were you asking about one of these?" with the best few items as buttons: offered, not shown.
        return [None, *choice.ranked[:OFFERED]]
    if intent == "out_of_scope" and index.items[choice.item_id].strand not in ("out_of_scope", "reporting", "emergency"):
        return []
    return list(dict.fromkeys([choice.item_id, *choice.alternatives, *choice.ranked]))


def keyword_ranking(service, parse: Mapping, text: str, strand_for_intent) -> List[str]:
    """Today's choice before the retriever: the NLU's strand, then `topic_score` over topic words."""
    net = parse.get("safety_net") or {}
    intent = (parse.get("intent") or {}).get("name")
    if intent == "emergency":
        strand = strand_for_intent(net.get("model_intent")) or None
        items = service.advice_for_strand(strand, topic="safety plan leaving escape silent call 55 danger emergency") if strand else []
        items = items or service.advice_for_strand("emergency", topic="waiting stay safe")
        return [i.id for i in items]
    if intent == "how_to_report" or intent == "out_of_scope":
        strand = "reporting" if intent == "how_to_report" else "out_of_scope"
        words = context.topic_words(text)
        items = (service.advice_for_strand(strand, topic=words) if words else []) or service.advice_for_strand(strand)
        return [i.id for i in items]
    strand = strand_for_intent(intent)
    if not strand:
        return []
    topic = context.topic_words(text)
    audience = context.audience_in_text(text)
    candidates = service.advice_for_strand(strand, topic=topic, audience=audience) if topic else []
    if not candidates and audience:
        candidates = service.advice_for_strand(strand, audience=audience)
    candidates = candidates or service.advice_for_strand(strand)
    return [i.id for i in candidates]


def published_service(content_dir: Path, workdir: Path):
    """A content service over a fresh SQLite store with `content_dir` published (vectors included)."""
    from bot.content.service import ContentService
    from bot.content.store import publish
    from bot.content.vectors import default_encoder
    from bot.db import make_engine, upgrade

    url = f"sqlite:///{workdir / 'eval-content.db'}"
    upgrade(url)
    engine = make_engine(url)
    publish(engine, content_dir, "bot eval")
    return ContentService(engine, encode=default_encoder())


def evaluate_items(parse: Parse, service, questions: Sequence[ItemQuestion], strands, weights: Weights) -> Dict[str, ItemScores]:
    strand_of_item = {i.id: i.strand for i in service.live_index().items.values()}
    product, baseline = ItemScores("retriever (product)"), ItemScores("keyword ranking (before)")
    for q in questions:
        parsed = parse(q.text)
        strand = strand_of_item.get(q.item, "?")
        product.add(q, strand, product_ranking(service, parsed, q.text, strands, weights))
        baseline.add(q, strand, keyword_ranking(service, parsed, q.text, strands.strand_for_intent))
    return {"product": product, "baseline": baseline}


def format_item_report(version: str, scores: Mapping[str, ItemScores], show_misses: bool = False) -> str:
    p, b = scores["product"], scores["baseline"]
    lines = [f"Advice item choice on blind set {version} ({p.n} questions, tests/nlu/items/items_{version}_*.yml)",
             f"{'':28}{'retriever':>12}{'keywords (before)':>20}",
             f"{'top-1':28}{p.top1 / p.n:>12.3f}{b.top1 / b.n:>20.3f}",
             f"{'top-3':28}{p.top3 / p.n:>12.3f}{b.top3 / b.n:>20.3f}",
             "by strand (n: top-1 / top-3)"]
    for key in sorted(p.by_strand):
        pr, br = p.by_strand[key], b.by_strand[key]
        lines.append(f"  {key:26}{pr[0]:>4}: {pr[1] / pr[0]:.2f} / {pr[2] / pr[0]:.2f}      {br[1] / br[0]:.2f} / {br[2] / br[0]:.2f}")
    lines.append("by kind of message")
    for key in sorted(p.by_kind):
        pr, br = p.by_kind[key], b.by_kind[key]
        lines.append(f"  {key:26}{pr[0]:>4}: {pr[1] / pr[0]:.2f} / {pr[2] / pr[0]:.2f}      {br[1] / br[0]:.2f} / {br[2] / br[0]:.2f}")
    if show_misses:
        lines.append("misses (text -> gold / shown):")
        lines += [f"  {t!r} -> {g} / {s}" for t, g, s in p.misses]
    return "\n".join(lines)


def item_reports(parse: Parse, strands, project_root: Path, content_dir: Path, weights: Weights,
                 versions: Optional[Sequence[str]] = None, echo: bool = True, show_misses: bool = False) -> Dict[str, dict]:
    folder = project_root / "tests" / "nlu" / "items"
    out: Dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        service = published_service(content_dir, Path(tmp))
        for version in versions or item_set_versions(folder):
            scores = evaluate_items(parse, service, load_item_set(folder, version), strands, weights)
            out[version] = {k: v.as_dict() for k, v in scores.items()}
            if echo:
                print()
                print(format_item_report(version, scores, show_misses))
    return out
