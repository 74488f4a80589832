"""Which vetted advice answers this turn: an item, steps of an item already shown, or nothing new.

The NLU narrows (its ranked strands become a prior, not a filter); the retriever
(bot/content/retriever.py) ranks every approved item, so the information items everyone may need
(the emergency strand's silent-999 / Relay UK / text-999 items, the reporting items) and the items
of a strand the NLU missed can still answer.

- A question: the best item. When the runner-up scores within `close_margin`, it is offered too
  ("Or were you asking about: ...").
- A follow-up ("what about my bike?"), or a question whose best item was already shown: an item
  already shown is never repeated in full. When one of its steps clearly answers (like the message,
  and clearly more so than its other steps) that step is shown ("From the advice above: ...");
  otherwise a new item that fits; otherwise one line saying there is nothing more on that, with
  the other topics.
- "I already did that": the unseen item of the strand nearest to the one just shown, if any fits.
Pure Python: the actions pass in what they read from the tracker.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from bot.content.retriever import ItemIndex, Scored, Weights, strand_prior_from_ranking

QUESTION, FOLLOW_UP, REPORT, OUT_OF_SCOPE = "question", "follow_up", "report", "out_of_scope"
ITEM, STEPS, NOTHING_NEW = "item", "steps", "nothing_new"

# Strands whose items any message may need (how to call 999 without speaking, how to report).
ALWAYS_STRANDS = ("emergency", "reporting")
MAX_STRANDS = 3
FOLLOW_UP_MIN_STRAND_CONFIDENCE = 0.3
WORK_AUDIENCES = frozenset({"business", "professional"})
STEP_LEAD = 0.1  # how far the answering step must lead the item's next best step


@dataclass(frozen=True)
class Turn:
    text: str
    ranking: Sequence[Tuple[str, float]]  # (content strand, NLU confidence), best first
    mode: str = QUESTION
    current_strand: Optional[str] = None  # the strand the conversation is about
    last_item_id: Optional[str] = None
    shown: Sequence[str] = ()
    audience: Optional[str] = None
    district: Optional[str] = None
    already_done: bool = False
    context: str = ""  # the title of the strand being discussed (for a short "how do I report it?")


SHORT_MESSAGE_WORDS = 8


def query_text(turn: Turn) -> str:
    """What is compared with the items: a short "how do I report it?" carries the conversation's
    subject with it ("how do I report it? (Hate crime)"). Follow-ups are compared as they are:
    with the strand's title added they drift to whichever item shares its words."""
    if turn.context and turn.mode == REPORT and len(turn.text.split()) <= SHORT_MESSAGE_WORDS:
        return f"{turn.text} ({turn.context})"
    return turn.text


@dataclass
class Choice:
    kind: str  # ITEM, STEPS or NOTHING_NEW
    item_id: Optional[str] = None  # the item shown, or whose steps are shown
    score: float = 0.0
    runner_up_id: Optional[str] = None
    runner_up_score: Optional[float] = None
    alternatives: List[str] = field(default_factory=list)  # close calls to offer as buttons
    steps: List[int] = field(default_factory=list)  # indexes into the item's steps (kind STEPS)
    ranked: List[str] = field(default_factory=list)  # the best few items of the ranking, best first

    def as_marker(self) -> Dict[str, object]:
        """What the log keeps about the choice (ids and scores only; never the message)."""
        return {"score": round(self.score, 3), "runner_up": self.runner_up_id,
                "runner_up_score": None if self.runner_up_score is None else round(self.runner_up_score, 3),
                "choice": self.kind}


def _pool(index: ItemIndex, turn: Turn, prior: Mapping[str, float]) -> List[str]:
    """Which items compete. A question: every approved item, the NLU's strands weighing in as a
    prior (measured on blind item set v1: top-1 0.81 -> 0.85 against only the NLU's top three
    strands plus the emergency and reporting items - the NLU's misses no longer hide the answer).
    A follow-up: the conversation's strand, the emergency and reporting items, and a strand the NLU
    clearly hears in the follow-up itself."""
    follow_up = turn.mode == FOLLOW_UP and turn.last_item_id is not None
    if not follow_up:
        return list(index.items)
    strands = [s for s, c in turn.ranking if c >= FOLLOW_UP_MIN_STRAND_CONFIDENCE][:MAX_STRANDS]
    if turn.current_strand:
        strands.append(turn.current_strand)
    wanted = set(strands) | set(ALWAYS_STRANDS)
    return [item_id for item_id, item in index.items.items() if item.strand in wanted]


def _prior(turn: Turn, w: Weights) -> Dict[str, float]:
    prior = strand_prior_from_ranking(turn.ranking)
    for strand in ALWAYS_STRANDS:
        prior[strand] = max(prior.get(strand, 0.0), w.always_prior)
    if turn.mode == FOLLOW_UP and turn.current_strand:
        # "what about ...?" carries little of its own: the conversation's strand is the likeliest.
        prior[turn.current_strand] = max(prior.get(turn.current_strand, 0.0), 0.8)
    if turn.mode == REPORT:
        prior["reporting"] = 1.0
    return prior


RANKED_KEPT = 5


def choose(index: ItemIndex, query: Optional[np.ndarray], turn: Turn, w: Weights) -> Choice:
    prior = _prior(turn, w)
    shown = set(turn.shown)
    if turn.already_done and turn.last_item_id in index.items:
        return _next_after(index, turn, shown, w)
    ranked = index.rank(query, query_text(turn), _pool(index, turn, prior), prior, w, turn.audience, turn.district)
    choice = _choose_from(index, query, turn, w, ranked, shown)
    choice.ranked = [s.item_id for s in ranked[:RANKED_KEPT]]
    return choice


def _choose_from(index: ItemIndex, query: Optional[np.ndarray], turn: Turn, w: Weights, ranked: List[Scored],
                 shown: set) -> Choice:
    if not ranked:
        return Choice(NOTHING_NEW)
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    follow_up = turn.mode == FOLLOW_UP and turn.last_item_id is not None
    if best.item_id not in shown and not follow_up:
        return _item(best, ranked, w)
    # A follow-up, or a question whose answer was already shown: never the same item in full again.
    shown_candidates = [s.item_id for s in ranked[:3] if s.item_id in shown]
    answer_from = shown_candidates[0] if shown_candidates else turn.last_item_id
    steps = index.best_steps(answer_from, query, limit=3) if answer_from else []
    step_sim = steps[0][1] if steps else 0.0
    # A step answers when it is like the message and clearly more so than the item's other steps.
    step_answers = step_sim >= w.step_min and step_sim - (steps[1][1] if len(steps) > 1 else 0.0) >= STEP_LEAD
    unseen = [s for s in ranked if s.item_id not in shown]
    if step_answers:
        return Choice(STEPS, answer_from, step_sim, runner.item_id if runner else None, runner.score if runner else None,
                      steps=[i for i, sim in steps if sim >= step_sim - 0.05])
    if unseen and unseen[0].score >= w.follow_up_min:
        return _item(unseen[0], unseen, w)
    return Choice(NOTHING_NEW, turn.last_item_id, best.score, best.item_id, best.score)


def _item(best: Scored, ranked: Sequence[Scored], w: Weights) -> Choice:
    others = [s for s in ranked if s.item_id != best.item_id]
    close = [s.item_id for s in others[:2] if s.score >= best.score - w.close_margin]
    runner = others[0] if others else None
    return Choice(ITEM, best.item_id, best.score, runner.item_id if runner else None,
                  runner.score if runner else None, alternatives=close)


def _next_after(index: ItemIndex, turn: Turn, shown: set, w: Weights) -> Choice:
    """"I already did that": the unseen item of the same strand most like the one just shown."""
    last = index.items[turn.last_item_id]
    vectors = index.vectors.get(last.id)
    query = None
    if vectors is not None and vectors.matrix.size:
        centre = vectors.matrix.mean(axis=0)
        query = centre / max(float(np.linalg.norm(centre)), 1e-9)
    pool = [i for i, item in index.items.items() if item.strand == last.strand and i not in shown]
    if turn.audience is None:
        # Advice for victims is for after the event: not the next thing for someone preventing it.
        pool = [i for i in pool if "victim" not in index.items[i].audience or "victim" in last.audience]
    # Advice written only for businesses or professionals is not the next thing for a resident.
    pool = [i for i in pool if not set(index.items[i].audience) <= WORK_AUDIENCES or turn.audience in WORK_AUDIENCES]
    ranked = index.rank(query, " ".join(last.topics), pool, {last.strand: 1.0}, w, turn.audience, turn.district)
    if ranked and ranked[0].semantic >= w.step_min:
        return _item(ranked[0], ranked, w)
    return Choice(NOTHING_NEW, last.id)


# ---------------------------------------------------------------- from the NLU's parse to a Turn
FOLLOW_UP_INTENTS = frozenset({"follow_up", "choose_topic"})
_SPECIAL_STRANDS = {"how_to_report": "reporting"}


def content_ranking(parse: Mapping, label_for_intent) -> List[Tuple[str, float]]:
    """The NLU's intent ranking as (content strand, confidence), best first.

    `label_for_intent` is StrandMap.label_for_intent (strand ids, emergency, out_of_scope). When the
    danger-now net made the intent `emergency`, the classifier's own intent still leads the strands."""
    out: List[Tuple[str, float]] = []
    net = parse.get("safety_net") or {}
    if net.get("fired") and net.get("model_intent"):
        label = _SPECIAL_STRANDS.get(net["model_intent"]) or label_for_intent(net["model_intent"])
        if label:
            out.append((label, 1.0))
    for entry in parse.get("intent_ranking") or []:
        name = entry.get("name")
        label = _SPECIAL_STRANDS.get(name) or label_for_intent(name)
        if label:
            out.append((label, float(entry.get("confidence") or 0.0)))
    seen, ranked = set(), []
    for label, confidence in out:
        if label not in seen:
            seen.add(label)
            ranked.append((label, confidence))
    return ranked


def mode_for_intent(intent: Optional[str]) -> str:
    if intent in FOLLOW_UP_INTENTS:
        return FOLLOW_UP
    if intent == "how_to_report":
        return REPORT
    if intent == "out_of_scope":
        return OUT_OF_SCOPE
    return QUESTION
