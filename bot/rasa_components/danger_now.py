"""Rasa adapter for the danger-now decision (bot.danger): patterns + learned detector, two tiers.

Runs after the intent classifier on every message. Trained by `rasa train` from the corpus in
`data/safety/detector/` plus the NLU training data (emergency examples are danger now, every other
intent's examples are not). The whole message's MiniLM vector comes from the featurizer before
it; sentences of a long message are embedded with the same (shared) encoder.

Verdict in the parse data under `safety_net`: fired, tier ("certain" / "possible"), rule, source,
probability - never the resident's words. Tier "certain" makes `emergency` the top intent with
confidence 1.0 (no fallback or threshold can hide it). Tier "possible" keeps the intent: the
actions start their reply with the 999 line. A possible danger on a message that no action
answers (small talk) is raised to certain: when in doubt, 999.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.danger.corpus import from_nlu, load_corpus
from bot.danger.decision import CERTAIN, POSSIBLE, DangerVerdict
from bot.danger.detector import DangerDetector, DetectorConfig
from bot.danger.judge import DangerJudge
from bot.safety_net import load_safety_net

logger = logging.getLogger(__name__)

EMERGENCY_INTENT = "emergency"
SAFETY_NET_KEY = "safety_net"
_MODEL_FILE = "danger_detector.skops"
_REPORT_FILE = "danger_detector_cv.json"
# Intents answered by a custom action, which puts the "possible danger" 999 line first.
ANSWERED_BY_ACTIONS_EXTRA = ("out_of_scope", "how_to_report", "ask_human", "something_else", "follow_up",
                             "choose_topic", "nlu_fallback")


def _dense(message: Message) -> Optional[np.ndarray]:
    _, sentence = message.get_dense_features(TEXT)
    return None if sentence is None else np.asarray(sentence.features).reshape(-1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class DangerNowClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Patterns are read at run time from this file (default data/safety/danger_now.yml) and
            # re-read when it changes: a reviewed pattern change needs no retraining.
            "patterns_file": None,
            # Training corpus folder (default data/safety/detector/).
            "corpus_dir": None,
            "C": 4.0,
            "embedding_weight": 0.5,
            "possible_recall": 0.96,
            "certain_false_alarm": 0.03,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 detector: Optional[DangerDetector] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._detector = detector
        self._judge: Optional[DangerJudge] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DangerNowClassifier":
        return cls(config, model_storage, resource)

    def _settings_path(self, key: str, default: Path) -> Path:
        return Path(self._config[key]) if self._config.get(key) else default

    @staticmethod
    def _encoder():
        from bot.nlu.embeddings import shared_encoder
        from bot.nlu.model_files import minilm_dir
        from bot.settings import get_settings

        return shared_encoder(minilm_dir(get_settings().nlu_assets_dir))

    def _detector_config(self) -> DetectorConfig:
        return DetectorConfig(C=float(self._config["C"]), embedding_weight=float(self._config["embedding_weight"]),
                              possible_recall=float(self._config["possible_recall"]),
                              certain_false_alarm=float(self._config["certain_false_alarm"]))

    def train(self, training_data: TrainingData) -> Resource:
        from bot.settings import get_settings

        corpus_dir = self._settings_path("corpus_dir", get_settings().data_dir / "safety" / "detector")
        corpus = load_corpus(corpus_dir)
        nlu = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        nlu_examples = from_nlu((m.get(TEXT), m.get(INTENT)) for m in nlu)
        encoder = self._encoder()
        corpus_vectors = encoder.encode([e.text for e in corpus])
        by_text = {m.get(TEXT): _dense(m) for m in nlu}
        nlu_vectors = [by_text.get(e.text) for e in nlu_examples]
        if any(v is None for v in nlu_vectors):
            nlu_vectors = list(encoder.encode([e.text for e in nlu_examples]))
        examples = corpus + nlu_examples
        vectors = np.vstack([corpus_vectors] + [np.vstack(nlu_vectors)] if nlu_examples else [corpus_vectors])
        texts = [e.text for e in examples]
        danger = [e.danger for e in examples]
        near_miss = [e.kind != "nlu" and not e.danger for e in examples]
        detector = DangerDetector(self._detector_config())
        report = detector.choose_thresholds(texts, danger, vectors, near_miss, encoder.encode)
        detector.fit(texts, danger, vectors, encoder.encode)
        logger.info("danger-now detector: %d examples, thresholds and cross-validated figures %s", len(texts), report)
        self._detector = detector
        self._persist(report)
        return self._resource

    def _persist(self, report: Dict[str, float]) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self._detector.state(), model_dir / _MODEL_FILE)
            (model_dir / _REPORT_FILE).write_text(json.dumps(report, indent=2))

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "DangerNowClassifier":
        import skops.io as sio

        detector = None
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / _MODEL_FILE
                untrusted = sio.get_untrusted_types(file=path)
                bad = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
                if bad:
                    raise ValueError(f"untrusted types in {path}: {bad}")
                detector = DangerDetector.from_state(sio.load(path, trusted=untrusted))
        except (ValueError, FileNotFoundError) as exc:
            # The patterns still run: the floor never depends on the learned model loading.
            logger.error("danger-now detector could not be loaded, patterns only: %s", exc)
        component = cls(config, model_storage, resource, detector)
        if detector is not None:
            component._encoder().encode(["warm up"])
        return component

    def judge(self) -> DangerJudge:
        from bot.settings import get_settings

        net = load_safety_net(self._settings_path("patterns_file", get_settings().safety_patterns_file))
        if self._judge is None or self._judge.net is not net:
            encoder = self._encoder() if self._detector is not None else None
            self._judge = DangerJudge(net, self._detector, encoder.encode if encoder else None)
        return self._judge

    def process(self, messages: List[Message]) -> List[Message]:
        judge = self.judge()
        for message in messages:
            verdict = judge.judge(message.get(TEXT) or "", _dense(message))
            self._apply(message, verdict)
        return messages

    @staticmethod
    def _apply(message: Message, verdict: DangerVerdict) -> None:
        from bot.strands import strand_map

        model_intent = (message.get(INTENT) or {}).get("name")
        record = {**verdict.as_dict(), "model_intent": model_intent}
        if verdict.tier == POSSIBLE:
            answered = strand_map().strand_for_intent(model_intent) or model_intent in ANSWERED_BY_ACTIONS_EXTRA
            if not answered:
                record.update(tier=CERTAIN, raised_from=POSSIBLE)
        message.set(SAFETY_NET_KEY, record, add_to_output=True)
        if record["tier"] != CERTAIN:
            return
        ranking = [r for r in (message.get("intent_ranking") or []) if r.get("name") != EMERGENCY_INTENT]
        top = {"name": EMERGENCY_INTENT, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set("intent_ranking", [top] + ranking, add_to_output=True)
