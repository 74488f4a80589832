"""Rasa dense featurizer: MiniLM sentence embeddings (bot.nlu.embeddings) as sentence features."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.embeddings import EMBEDDING_DIM, shared_encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 384-d all-MiniLM-L6-v2 sentence vector to each message's text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # Folder with model.onnx and tokenizer.json; default: settings' nlu assets folder.
            "model_dir": None,
            "batch_size": 64,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MiniLMFeaturizer":
        return cls(config, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        model_dir: Optional[str] = config.get("model_dir")
        if not model_dir:
            from bot.nlu.model_files import minilm_dir
            from bot.settings import get_settings

            model_dir = str(minilm_dir(get_settings().nlu_assets_dir))
        self._encoder = shared_encoder(Path(model_dir))

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "MiniLMFeaturizer":
        featurizer = cls.create(config, model_storage, resource, execution_context)
        # Open the ONNX session while the server starts, not on the first resident's message.
        featurizer._encoder.encode(["warm up"])
        return featurizer

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT) is not None]
        if not todo:
            return
        vectors = self._encoder.encode([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors):
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            sentence = vector.reshape(1, EMBEDDING_DIM)
            # Sequence features are required by Rasa's feature checks; the sentence vector
            # repeated per token is a cheap, honest stand-in (nothing here uses them).
            sequence = np.repeat(sentence, max(len(tokens), 1), axis=0)
            self.add_features_to_message(sequence=sequence, sentence=sentence, attribute=TEXT, message=message)

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass
