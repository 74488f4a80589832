"""Rasa intent classifier: TF-IDF n-grams + dense sentence features -> logistic regression.

Wraps bot.nlu.linear.LinearTextClassifier so that `rasa train`, `rasa test nlu`, the HTTP API and
`bot triage` all use the same trained model.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear import LinearConfig, LinearTextClassifier

logger = logging.getLogger(__name__)
_MODEL_FILE = "linear_intent_classifier.skops"


def _dense_sentence_features(message: Message) -> Optional[np.ndarray]:
    _, sentence = message.get_dense_features(TEXT)
    if sentence is None:
        return None
    return np.asarray(sentence.features).reshape(-1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 10.0, "embedding_weight": 1.0, "use_dense_features": True}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Optional[LinearTextClassifier] = None,
    ) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _embeddings(self, messages: List[Message]) -> Optional[np.ndarray]:
        if not self.component_config["use_dense_features"]:
            return None
        vectors = [_dense_sentence_features(m) for m in messages]
        if any(v is None for v in vectors):
            raise ValueError("LinearIntentClassifier needs a dense featurizer (MiniLMFeaturizer) before it")
        return np.vstack(vectors)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; not trained.")
            return self._resource
        config = LinearConfig(C=float(self.component_config["C"]),
                              embedding_weight=float(self.component_config["embedding_weight"]))
        classifier = LinearTextClassifier(config)
        classifier.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples], self._embeddings(examples))
        self._classifier = classifier
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._classifier is None or not messages:
            for message in messages:
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
            return messages
        probabilities = self._classifier.predict_proba([m.get(TEXT) or "" for m in messages], self._embeddings(messages))
        labels = self._classifier.labels
        for message, probs in zip(messages, probabilities):
            order = np.argsort(-probs)[:LABEL_RANKING_LENGTH]
            ranking = [{"name": labels[i], "confidence": float(probs[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        import skops.io as sio

        if self._classifier is None:
            return
        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(
                {"word": self._classifier.word, "char": self._classifier.char, "model": self._classifier.model,
                 "uses_embeddings": bool(self._classifier.uses_embeddings),
                 "C": self._classifier.config.C, "embedding_weight": self._classifier.config.embedding_weight},
                model_dir / _MODEL_FILE,
            )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / _MODEL_FILE
                untrusted = sio.get_untrusted_types(file=path)
                # Only scikit-learn, numpy and scipy types may be loaded: a model file cannot run code.
                allowed = ("sklearn.", "numpy.", "scipy.", "builtins.")
                bad = [t for t in untrusted if not t.startswith(allowed)]
                if bad:
                    raise ValueError(f"untrusted types in {path}: {bad}")
                state = sio.load(path, trusted=untrusted)
        except ValueError as exc:
            logger.warning("LinearIntentClassifier could not be loaded: %s", exc)
            return cls(config, model_storage, resource)
        classifier = LinearTextClassifier(LinearConfig(C=state["C"], embedding_weight=state["embedding_weight"]))
        classifier.word, classifier.char, classifier.model = state["word"], state["char"], state["model"]
        classifier.uses_embeddings = state["uses_embeddings"]
        return cls(config, model_storage, resource, classifier)
