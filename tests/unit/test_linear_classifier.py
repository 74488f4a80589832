from __future__ import annotations

import numpy as np

from bot.nlu.linear import LinearConfig, LinearTextClassifier

TEXTS = ["my shed was broken into", "burglars took my bike from the garage", "locks for my back door",
         "scam text about a parcel", "my bank called asking for my pin", "hacked facebook account"]
LABELS = ["burglary_robbery"] * 3 + ["cybercrime_fraud"] * 3


def test_learns_and_ranks_with_sparse_features_only() -> None:
    clf = LinearTextClassifier().fit(TEXTS, LABELS)
    (label, confidence), = clf.predict(["someone nicked stuff from my shed"])
    assert label == "burglary_robbery"
    assert 0.5 < confidence <= 1.0
    assert clf.predict(["a text saying my parcel is waiting"])[0][0] == "cybercrime_fraud"


def test_uses_dense_features_when_trained_with_them() -> None:
    rng = np.random.default_rng(0)
    dense = rng.normal(size=(len(TEXTS), 8))
    clf = LinearTextClassifier(LinearConfig(C=5.0)).fit(TEXTS, LABELS, dense)
    probs = clf.predict_proba(TEXTS[:1], dense[:1])
    assert probs.shape == (1, 2)
    assert abs(probs.sum() - 1.0) < 1e-6
    try:
        clf.predict_proba(TEXTS[:1])
    except ValueError as error:
        assert "embeddings" in str(error)
    else:
        raise AssertionError("a classifier trained with embeddings must refuse to run without them")
