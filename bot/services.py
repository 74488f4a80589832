"""Process-wide services the actions use, created on first use (never at import).

Not per-conversation state: one content service and one feedback store per action-server process.
"""
from __future__ import annotations

import threading

from bot.settings import Settings, get_settings


class Services:
    """Process-wide services, created on first use (never at import). Not per-conversation state."""

    _lock = threading.Lock()
    _content = None
    _feedback = None
    _weights = None

    @classmethod
    def settings(cls) -> Settings:
        return get_settings()

    @classmethod
    def content(cls):
        with cls._lock:
            if cls._content is None:
                from bot.content.service import ContentService
                from bot.content.vectors import default_encoder
                from bot.db import make_engine

                settings = cls.settings()
                cls._content = ContentService(make_engine(settings.content_db_url, timeout_seconds=settings.db_timeout_seconds),
                                              encode=default_encoder())
            return cls._content

    @classmethod
    def retrieval_weights(cls):
        """The advice retriever's weights (data/retrieval.yml), read once per process."""
        with cls._lock:
            if cls._weights is None:
                from bot.content.retriever import Weights

                cls._weights = Weights.load(cls.settings().data_dir / "retrieval.yml")
            return cls._weights

    @classmethod
    def feedback(cls):
        with cls._lock:
            if cls._feedback is None:
                from bot.db import make_engine
                from bot.feedback import FeedbackStore

                settings = cls.settings()
                cls._feedback = FeedbackStore(make_engine(settings.content_db_url, timeout_seconds=settings.db_timeout_seconds))
            return cls._feedback

    @classmethod
    def reset(cls) -> None:
        """Forget services (tests point settings at a fresh database)."""
        with cls._lock:
            cls._content = None
            cls._feedback = None
            cls._weights = None
