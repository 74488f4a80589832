"""One danger-now verdict for a message: patterns and detector, whole and sentence by sentence."""
from __future__ import annotations

from typing import Optional

import numpy as np

from bot.danger.decision import DangerVerdict, decide
from bot.danger.detector import DangerDetector, Embed
from bot.danger.sentences import MAX_CHARS, split_sentences
from bot.safety_net import SafetyNet, SafetyVerdict


def patterns_verdict(net: SafetyNet, text: str) -> SafetyVerdict:
    """The patterns on the whole message, then on each sentence: the first that fires wins.

    Only the first MAX_CHARS characters are read (the channel refuses longer messages anyway), so
    the time a message can cost is bounded.
    """
    text = (text or "")[:MAX_CHARS]
    whole = net.check(text)
    if whole.fired:
        return whole
    sentences = split_sentences(text)
    if len(sentences) > 1:
        for sentence in sentences:
            verdict = net.check(sentence, sentence=True)
            if verdict.fired:
                return verdict
    return whole


class DangerJudge:
    def __init__(self, net: SafetyNet, detector: Optional[DangerDetector], embed: Optional[Embed]) -> None:
        self.net = net
        self.detector = detector
        self.embed = embed

    def probability(self, text: str, embedding: Optional[np.ndarray] = None) -> Optional[float]:
        if self.detector is None or self.detector.classifier is None or self.embed is None:
            return None
        text = (text or "")[:MAX_CHARS]
        if not text.strip():
            return 0.0
        if embedding is None:
            embedding = self.embed([text])[0]
        return self.detector.message_probability(text, embedding, self.embed)

    def judge(self, text: str, embedding: Optional[np.ndarray] = None) -> DangerVerdict:
        pattern = patterns_verdict(self.net, text)
        probability = self.probability(text, embedding)
        thresholds = self.detector.thresholds if self.detector is not None else None
        return decide(pattern.fired, pattern.rule, probability, thresholds, pattern.suppressed_by)
