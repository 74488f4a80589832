"""Rasa adapter: a message in another language gets the `other_language` intent (interpreter route).

Runs after the intent classifier and before the safety net, so danger-now patterns still win.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import other_language

OTHER_LANGUAGE_INTENT = "other_language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = other_language(message.get(TEXT) or "")
            if language is None:
                continue
            top = {"name": OTHER_LANGUAGE_INTENT, "confidence": 1.0}
            ranking = [r for r in (message.get("intent_ranking") or []) if r.get("name") != OTHER_LANGUAGE_INTENT]
            message.set(INTENT, top, add_to_output=True)
            message.set("intent_ranking", [top] + ranking, add_to_output=True)
            message.set("language", language, add_to_output=True)
        return messages
