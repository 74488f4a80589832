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


def test_direct_scoring_gives_scikit_learns_probabilities() -> None:
    rng = np.random.default_rng(1)
    texts = TEXTS + ["locks", "pin", "a fake website took my card details", "shed shed shed bike"]
    labels = LABELS + ["other", "other", "cybercrime_fraud", "burglary_robbery"]  # 3 classes: multinomial
    dense = rng.normal(size=(len(texts), 8))
    clf = LinearTextClassifier(LinearConfig(C=5.0, embedding_weight=0.7)).fit(texts, labels, dense)
    assert clf._scorer() is not None
    probe = ["someone nicked my bike", "", "   ", "zzzz qqqq", "PIN for my BANK card!!", "shed"]
    probe_dense = rng.normal(size=(len(probe), 8))
    expected = clf.model.predict_proba(clf._features(probe, probe_dense, fit=False))
    np.testing.assert_allclose(clf.predict_proba(probe, probe_dense), expected, rtol=1e-9, atol=1e-12)

    sparse_only = LinearTextClassifier().fit(texts, labels)
    expected = sparse_only.model.predict_proba(sparse_only._features(probe, None, fit=False))
    np.testing.assert_allclose(sparse_only.predict_proba(probe), expected, rtol=1e-9, atol=1e-12)


def test_direct_scoring_of_a_binary_classifier_gives_scikit_learns_probabilities() -> None:
    # The danger-now detector is binary: scikit-learn scores it one-vs-rest with a single row.
    rng = np.random.default_rng(2)
    texts = TEXTS + ["he is kicking the door in now", "someone is in my house right now"]
    labels = ["not"] * len(TEXTS) + ["danger", "danger"]
    dense = rng.normal(size=(len(texts), 8))
    clf = LinearTextClassifier(LinearConfig(C=3.0, embedding_weight=0.5)).fit(texts, labels, dense)
    assert clf._scorer() is not None
    probe = ["someone is breaking in", "", "my bike was nicked", "DOOR!!"]
    probe_dense = rng.normal(size=(len(probe), 8))
    expected = clf.model.predict_proba(clf._features(probe, probe_dense, fit=False))
    np.testing.assert_allclose(clf.predict_proba(probe, probe_dense), expected, rtol=1e-9, atol=1e-12)
