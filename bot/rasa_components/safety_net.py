"""Rasa adapter for the deterministic emergency safety net (bot.safety_net).

Runs after the intent classifier on every message. When the net fires it makes `emergency` the
top intent with confidence 1.0 (so no fallback or threshold can hide it) and records why in the
parse data under `safety_net`, which the dialogue, triage and the review log all read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety_net import SafetyNet, load_safety_net

EMERGENCY_INTENT = "emergency"
SAFETY_NET_KEY = "safety_net"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNetClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # patterns_file: default is data/safety/danger_now.yml from the settings. The patterns are
        # read from that file at run time (and re-read when it changes), so a reviewed change to
        # the patterns takes effect without retraining.
        return {"patterns_file": None}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNetClassifier":
        return cls(config)

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._patterns_file: Optional[str] = config.get("patterns_file")

    def _net(self) -> SafetyNet:
        return load_safety_net(Path(self._patterns_file) if self._patterns_file else None)

    def process(self, messages: List[Message]) -> List[Message]:
        net = self._net()
        for message in messages:
            verdict = net.check(message.get(TEXT) or "")
            message.set(SAFETY_NET_KEY, verdict.as_dict(), add_to_output=True)
            if not verdict.fired:
                continue
            model_intent = message.get(INTENT) or {}
            ranking = [r for r in (message.get("intent_ranking") or []) if r.get("name") != EMERGENCY_INTENT]
            top = {"name": EMERGENCY_INTENT, "confidence": 1.0}
            message.set(INTENT, top, add_to_output=True)
            message.set("intent_ranking", [top] + ranking, add_to_output=True)
            message.set(SAFETY_NET_KEY, {**verdict.as_dict(), "model_intent": model_intent.get("name")}, add_to_output=True)
        return messages
