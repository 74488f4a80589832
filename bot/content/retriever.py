"""Rank advice items by meaning: which item answers the resident's message?

score(item) = semantic * w.semantic + lexical * w.lexical + prior(item's strand) * w.strand
              + w.audience if the item is written for the audience the message names

- semantic: cosine similarity of the message's sentence embedding with the item's texts
  (bot/content/vectors.py): the best of its editors' questions and title, blended with the mean of
  its best few texts of any kind (summary, topics, steps) - `w.best_share` decides the blend.
- lexical: BM25 over the item's title, topics, questions and summary, divided by the best BM25 of
  the candidates (0..1), so it adds the exact words (place names, "Relay UK", "55") embeddings blur.
- prior: how likely the NLU thinks the item's strand is (its intent confidence), so the strand
  still narrows without excluding the neighbours.

The weights are data (`data/retrieval.yml`), chosen by measurement (`bot eval --tune-retrieval`).
Pure Python + numpy: no Rasa, no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import yaml
from rank_bm25 import BM25Okapi

from bot.content.vectors import QUESTION, STEP, TITLE, ItemVectors

_STOP = frozenset(
    "a an and are about at be been by can do does for from get has have how i if in is it its me my of on or our so "
    "some that the their them they this to was what when where who why with you your im i'm should would could will "
    "just he she his her we us".split()
)


def tokens(text: str) -> List[str]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    return [_fold(w) for w in words if w not in _STOP]


def _fold(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@dataclass(frozen=True)
class Weights:
    semantic: float = 1.0
    lexical: float = 0.15
    strand: float = 0.15
    audience: float = 0.03
    best_share: float = 0.7  # semantic = share * best(question, title) + (1 - share) * mean(top texts)
    top_texts: int = 3
    # Close calls: the runner-up is offered as a button when it is within this margin of the best.
    close_margin: float = 0.03
    # Follow-ups: a step of the item shown answers when it reaches `step_min` (and leads its other
    # steps); otherwise an unseen item whose score reaches `follow_up_min`; otherwise
    # "nothing more on that".
    follow_up_min: float = 0.65
    step_min: float = 0.3
    # Items of strands the NLU did not rank: reporting/emergency information items get this prior.
    always_prior: float = 0.2
    # When the NLU is unsure (nlu_fallback), the best item is shown only if it scores this much;
    # otherwise the best few are offered as "Did you mean ...?" buttons.
    fallback_min: float = 0.75

    @classmethod
    def load(cls, path: Path) -> "Weights":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        known = {k: float(v) if k != "top_texts" else int(v) for k, v in (raw.get("weights") or {}).items()
                 if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Scored:
    item_id: str
    score: float
    semantic: float
    lexical: float


@dataclass
class ItemIndex:
    """One content version's items, ready to rank. Built once per version (a few ms)."""

    items: Mapping[str, object]  # item id -> ServedAdvice (anything with id/strand/audience/title...)
    vectors: Mapping[str, ItemVectors]
    _ids: List[str] = field(init=False)
    _bm25: BM25Okapi = field(init=False)

    def __post_init__(self) -> None:
        self._ids = list(self.items)
        docs = []
        for item_id in self._ids:
            item = self.items[item_id]
            words = " ".join([item.title, " ".join(item.topics), " ".join(getattr(item, "questions", ()) or ()), item.summary])
            docs.append(tokens(words) or ["_"])
        self._bm25 = BM25Okapi(docs)
        self._row = {item_id: i for i, item_id in enumerate(self._ids)}

    def has_vectors(self) -> bool:
        return any(v.matrix.size for v in self.vectors.values())

    def semantic(self, item_id: str, query: np.ndarray, w: Weights) -> float:
        v = self.vectors.get(item_id)
        if v is None or not v.matrix.size or query is None:
            return 0.0
        sims = v.matrix @ query
        kinds = v.kinds
        best_named = max((s for s, k in zip(sims, kinds) if k in (QUESTION, TITLE)), default=float(sims.max()))
        top = np.sort(sims)[::-1][: max(1, w.top_texts)]
        return float(w.best_share * best_named + (1 - w.best_share) * top.mean())

    def rank(
        self,
        query: Optional[np.ndarray],
        text: str,
        candidate_ids: Iterable[str],
        strand_prior: Mapping[str, float],
        w: Weights,
        audience: Optional[str] = None,
        district: Optional[str] = None,
    ) -> List[Scored]:
        """Candidates best first. Items for another district are left out; the district's own first among equals."""
        ids = [i for i in dict.fromkeys(candidate_ids) if i in self._row]
        if district:
            ids = [i for i in ids if not self.items[i].districts or district in self.items[i].districts]
        if not ids:
            return []
        words = tokens(text)
        bm25_all = self._bm25.get_scores(words) if words else np.zeros(len(self._ids))
        # BM25's idf can go negative for a word in most items (tiny indexes): never a penalty.
        lexical = np.clip(np.array([bm25_all[self._row[i]] for i in ids]), 0.0, None)
        top = lexical.max()
        lexical = lexical / top if top > 0 else lexical
        scored = []
        for i, lex in zip(ids, lexical):
            item = self.items[i]
            sem = self.semantic(i, query, w)
            total = w.semantic * sem + w.lexical * float(lex) + w.strand * strand_prior.get(item.strand, 0.0)
            if audience and audience != "everyone" and audience in item.audience:
                total += w.audience
            if district and district in item.districts:
                total += 0.001
            scored.append(Scored(i, total, sem, float(lex)))
        scored.sort(key=lambda s: (-s.score, self.items[s.item_id].position))
        return scored

    def best_steps(self, item_id: str, query: Optional[np.ndarray], limit: int = 2) -> List[Tuple[int, float]]:
        """The item's steps most like the message: (step index, similarity), best first."""
        v = self.vectors.get(item_id)
        if v is None or query is None:
            return []
        step_rows = [r for r, k in enumerate(v.kinds) if k == STEP]
        if not step_rows:
            return []
        sims = v.matrix[step_rows] @ query
        order = np.argsort(-sims)[:limit]
        return [(int(j), float(sims[j])) for j in order]


def strand_prior_from_ranking(ranking: Sequence[Tuple[str, float]]) -> Dict[str, float]:
    """{content strand: confidence} from the NLU's (content strand, confidence) ranking (best kept)."""
    prior: Dict[str, float] = {}
    for strand, confidence in ranking:
        if strand and confidence > prior.get(strand, -1.0):
            prior[strand] = float(confidence)
    return prior
