"""Item vectors: the sentence embeddings the retriever compares a resident's message with.

Each approved item is embedded as several short texts, each with its kind: its title, its
summary, its topics (one line), each of the editors' `questions:` and each step. They are computed
once at publish time (`bot content publish`) and stored with the version, so serving costs one
embedding per message. A version stored without them (published before they existed, or by a
different encoder) has them computed once when it is first served.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from bot.nlu.embeddings import EMBEDDING_DIM

# Which encoder made the vectors: stored beside them, so a change of model is noticed.
ENCODER_ID = "all-MiniLM-L6-v2-int8"

TITLE, SUMMARY, TOPICS, QUESTION, STEP = "title", "summary", "topics", "question", "step"

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class ItemVectors:
    kinds: Tuple[str, ...]  # one per row: TITLE, SUMMARY, TOPICS, QUESTION or STEP
    matrix: np.ndarray  # (rows, dim) float32, L2-normalised

    def rows(self, kind: str) -> np.ndarray:
        return self.matrix[[i for i, k in enumerate(self.kinds) if k == kind]]


def item_texts(record: Mapping) -> List[Tuple[str, str]]:
    """(kind, text) for one item record (a stored item's data, or a ServedAdvice as a dict)."""
    texts = [(TITLE, record["title"]), (SUMMARY, " ".join(str(record["summary"]).split()))]
    topics = record.get("topics") or ()
    if topics:
        texts.append((TOPICS, "; ".join(topics)))
    texts += [(QUESTION, q) for q in record.get("questions") or () if q and q.strip()]
    texts += [(STEP, s) for s in record.get("steps") or () if s and s.strip()]
    return texts


def embed_items(records: Mapping[str, Mapping], encode: Encode) -> Dict[str, ItemVectors]:
    """Vectors for many items in one batch run of the encoder."""
    order: List[Tuple[str, str]] = []
    texts: List[str] = []
    for item_id, record in records.items():
        for kind, text in item_texts(record):
            order.append((item_id, kind))
            texts.append(text)
    matrix = np.asarray(encode(texts), dtype=np.float32) if texts else np.zeros((0, EMBEDDING_DIM), np.float32)
    grouped: Dict[str, Tuple[List[str], List[int]]] = {}
    for row, (item_id, kind) in enumerate(order):
        kinds, rows = grouped.setdefault(item_id, ([], []))
        kinds.append(kind)
        rows.append(row)
    return {item_id: ItemVectors(tuple(kinds), matrix[rows]) for item_id, (kinds, rows) in grouped.items()}


def pack(matrix: np.ndarray) -> bytes:
    return np.ascontiguousarray(matrix, dtype="<f4").tobytes()


def unpack(blob: bytes, rows: int) -> np.ndarray:
    matrix = np.frombuffer(blob, dtype="<f4").astype(np.float32)
    return matrix.reshape(rows, -1) if rows else np.zeros((0, EMBEDDING_DIM), np.float32)


class CachingEncoder:
    """Remembers the vectors of content texts already embedded in this process (most content does
    not change between two publishes, so a republish embeds only what changed)."""

    def __init__(self, encode: Encode, capacity: int = 20000) -> None:
        self._encode = encode
        self._capacity = capacity
        self._cache: "OrderedDict[str, np.ndarray]" = OrderedDict()
        self._lock = threading.Lock()

    @property
    def uncached(self) -> Encode:
        """The encoder itself: for residents' messages, which are never kept, even in memory."""
        return self._encode

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = np.asarray(self._encode(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._cache[text] = vector
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = [self._cache.get(t) for t in texts]
        if any(r is None for r in rows):  # evicted meanwhile by a very large batch: embed directly
            return np.asarray(self._encode(list(texts)), dtype=np.float32)
        return np.vstack(rows) if rows else np.zeros((0, EMBEDDING_DIM), np.float32)


_default: Dict[str, CachingEncoder] = {}
_default_lock = threading.Lock()


def default_encoder() -> Optional[CachingEncoder]:
    """The product's sentence encoder (shared in the process), or None when its files are missing."""
    from bot.nlu.embeddings import shared_encoder
    from bot.nlu.model_files import minilm_dir
    from bot.settings import get_settings

    folder = minilm_dir(get_settings().nlu_assets_dir)
    if not (folder / "model.onnx").is_file() or not (folder / "tokenizer.json").is_file():
        return None
    key = str(folder.resolve())
    with _default_lock:
        if key not in _default:
            _default[key] = CachingEncoder(shared_encoder(folder).encode)
        return _default[key]
