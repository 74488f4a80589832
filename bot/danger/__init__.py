"""Danger now: does a message describe someone in danger happening now or about to happen?

Two judges decide together on every message, and either can only add an alarm:
- the deterministic patterns (`bot.safety_net`, rules as data in `data/safety/danger_now.yml`);
- a learned detector (`bot.danger.detector`) over the pipeline's features (MiniLM sentence
  embedding + word and character n-grams), trained by `rasa train` on the situation-organised
  corpus in `data/safety/detector/`.
Long messages are judged whole and sentence by sentence (`bot.danger.sentences`); the result is
one of two tiers (`bot.danger.decision`): certain (999 message first) or possible (a 999 line
heads the ordinary reply). Pure Python: the Rasa component is a thin adapter.
"""
from bot.danger.decision import CERTAIN, POSSIBLE, DangerVerdict, decide  # noqa: F401
