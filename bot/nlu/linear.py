"""A linear intent classifier over sparse n-grams and (optionally) sentence embeddings.

Chosen by measurement (see README, "Language understanding"): on held-out resident messages it
beat DIET clearly and trains in seconds. Pure scikit-learn; the Rasa component
`bot.rasa_components.linear_intent_classifier` adapts it to Rasa's graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize


@dataclass
class LinearConfig:
    C: float = 10.0
    embedding_weight: float = 1.0
    word_ngrams: Tuple[int, int] = (1, 2)
    char_ngrams: Tuple[int, int] = (2, 5)
    max_iter: int = 3000
    class_weight: Optional[str] = "balanced"


class LinearTextClassifier:
    def __init__(self, config: Optional[LinearConfig] = None) -> None:
        self.config = config or LinearConfig()
        self.word = TfidfVectorizer(analyzer="word", ngram_range=self.config.word_ngrams, sublinear_tf=True,
                                    lowercase=True, token_pattern=r"(?u)\b\w[\w']*\b", min_df=1)
        self.char = TfidfVectorizer(analyzer="char_wb", ngram_range=self.config.char_ngrams, sublinear_tf=True,
                                    lowercase=True, min_df=2)
        self.model = LogisticRegression(C=self.config.C, max_iter=self.config.max_iter,
                                        class_weight=self.config.class_weight)
        self.uses_embeddings: Optional[bool] = None

    def _features(self, texts: Sequence[str], embeddings: Optional[np.ndarray], fit: bool):
        texts = [t or "" for t in texts]
        if fit:
            word = self.word.fit_transform(texts)
            char = self.char.fit_transform(texts)
            self.uses_embeddings = embeddings is not None
        else:
            word = self.word.transform(texts)
            char = self.char.transform(texts)
        blocks = [word, char]
        if self.uses_embeddings:
            if embeddings is None:
                raise ValueError("this classifier was trained with sentence embeddings; pass them")
            blocks.append(sparse.csr_matrix(normalize(np.asarray(embeddings)) * self.config.embedding_weight))
        return sparse.hstack(blocks).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[str], embeddings: Optional[np.ndarray] = None) -> "LinearTextClassifier":
        self.model.fit(self._features(texts, embeddings, fit=True), list(labels))
        return self

    @property
    def labels(self) -> List[str]:
        return list(self.model.classes_)

    def predict_proba(self, texts: Sequence[str], embeddings: Optional[np.ndarray] = None) -> np.ndarray:
        if self.uses_embeddings and embeddings is None:
            raise ValueError("this classifier was trained with sentence embeddings; pass them")
        scorer = self._scorer()
        if scorer is not None:
            return scorer.predict_proba(texts, embeddings if self.uses_embeddings else None)
        return self.model.predict_proba(self._features(texts, embeddings, fit=False))

    def _scorer(self) -> Optional["_DirectScorer"]:
        # Built on first use after fit or load; the fitted vectorizers and model never change after.
        fitted = getattr(self.model, "coef_", None)
        if fitted is None or not _DirectScorer.supports(self):
            return None
        cached = getattr(self, "_direct_scorer", None)
        if cached is None or cached.coef is not fitted:
            cached = self._direct_scorer = _DirectScorer(self)
        return cached

    def predict(self, texts: Sequence[str], embeddings: Optional[np.ndarray] = None) -> List[Tuple[str, float]]:
        probs = self.predict_proba(texts, embeddings)
        best = probs.argmax(axis=1)
        return [(self.model.classes_[i], float(probs[row, i])) for row, i in enumerate(best)]


class _DirectScorer:
    """The fitted model's arithmetic for a few messages at a time, without scikit-learn's per-call checks.

    Rasa classifies one message per request. scikit-learn's transform / hstack / predict_proba spent
    about 1.9 ms on that (a third of it multiplying by a transposed coefficient matrix that is not
    contiguous); the same numbers computed directly take about a quarter of that. A unit test checks
    the probabilities equal scikit-learn's. The products are einsum loops, not BLAS: for vectors this
    small OpenBLAS's threads only spin, and doubled the Rasa server's CPU per message.
    """

    def __init__(self, classifier: LinearTextClassifier) -> None:
        model = classifier.model
        self.coef = model.coef_
        coef = model.coef_
        intercept = np.asarray(model.intercept_, dtype=np.float64)
        if coef.shape[0] == 1:
            # Binary (the danger-now detector): one score s for the second class; a zero row for the
            # first makes the softmax below exactly scikit-learn's [1 - sigmoid(s), sigmoid(s)].
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.concatenate([[0.0], intercept])
        self.intercept = intercept
        offset = 0
        self.blocks = []
        for vectorizer in (classifier.word, classifier.char):
            size = len(vectorizer.vocabulary_)
            weights = np.ascontiguousarray(coef[:, offset:offset + size].T)  # (features, classes)
            self.blocks.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_,
                                bool(vectorizer.sublinear_tf), weights))
            offset += size
        self.dense = None
        if classifier.uses_embeddings:
            self.dense = np.ascontiguousarray(coef[:, offset:].T) * classifier.config.embedding_weight

    @staticmethod
    def supports(classifier: LinearTextClassifier) -> bool:
        model = classifier.model
        multinomial = model.multi_class == "multinomial" or (
            model.multi_class == "auto" and len(model.classes_) > 2 and model.solver != "liblinear")
        binary = len(model.classes_) == 2 and model.multi_class in ("auto", "ovr")
        vectorizers_plain = all(v.norm == "l2" and v.use_idf and not v.binary
                                for v in (classifier.word, classifier.char))
        return (multinomial or binary) and vectorizers_plain

    def predict_proba(self, texts: Sequence[str], embeddings: Optional[np.ndarray]) -> np.ndarray:
        scores = np.tile(self.intercept, (len(texts), 1))
        for row, text in enumerate(texts):
            for analyzer, vocabulary, idf, sublinear, weights in self.blocks:
                counts: dict = {}
                for gram in analyzer(text or ""):
                    column = vocabulary.get(gram)
                    if column is not None:
                        counts[column] = counts.get(column, 0) + 1
                if not counts:
                    continue
                columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
                values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
                if sublinear:
                    values = np.log(values) + 1.0
                values *= idf[columns]
                values /= np.sqrt(np.einsum("f,f->", values, values))
                scores[row] += np.einsum("f,fc->c", values, weights[columns])
        if self.dense is not None:
            dense = np.asarray(embeddings, dtype=np.float64)
            norms = np.sqrt(np.einsum("nf,nf->n", dense, dense))
            norms[norms == 0.0] = 1.0  # as scikit-learn's normalize: a zero vector stays zero
            scores += np.einsum("nf,fc->nc", dense / norms[:, None], self.dense)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores
