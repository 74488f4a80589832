"""Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime: no PyTorch, no hub."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

EMBEDDING_DIM = 384


class SentenceEncoder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors. Loads its files on first use."""

    def __init__(self, model_dir: Path, max_tokens: int = 128, batch_size: int = 32, threads: int = 1) -> None:
        self.model_dir = Path(model_dir)
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            model = self.model_dir / "model.onnx"
            tokenizer = self.model_dir / "tokenizer.json"
            for required in (model, tokenizer):
                if not required.is_file():
                    raise FileNotFoundError(f"{required} is missing: run `bot models fetch` (make does this for you)")
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            tok = Tokenizer.from_file(str(tokenizer))
            tok.enable_truncation(max_length=self.max_tokens)
            tok.enable_padding(pad_id=0, pad_token="[PAD]")
            self._tokenizer = tok
            self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._session is None:
            self._load()
        out: List[np.ndarray] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "." for t in texts[start:start + self.batch_size]]
            encodings = self._tokenizer.encode_batch(batch)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.zeros_like(ids)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out.append(pooled / np.clip(norms, 1e-12, None))
        if not out:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return np.vstack(out).astype(np.float32)


_shared: Dict[str, SentenceEncoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(model_dir: Path) -> SentenceEncoder:
    """One encoder per model folder in a process: the featurizer and the danger-now detector share
    the ONNX session (loading it twice would cost memory and start-up time for nothing)."""
    key = str(Path(model_dir).resolve())
    with _shared_lock:
        encoder = _shared.get(key)
        if encoder is None:
            encoder = _shared[key] = SentenceEncoder(Path(model_dir), batch_size=64)
        return encoder
