"""One settings object, read from the environment.

Nothing here opens a file, a database or a model: callers ask for `get_settings()` when they need
it, so importing any module of the product has no side effects.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"Setting {name} must be a whole number, got {raw!r}") from exc


def _float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"Setting {name} must be a number, got {raw!r}") from exc


FORCE_SITE = "https://www.essex.police.uk"


def _origins(env: Mapping[str, str]) -> Tuple[str, ...]:
    """BOT_ALLOWED_ORIGINS (comma or space separated), else the force's site and the widget's origin.

    "*" is refused: the webhook must only answer pages the force controls.
    """
    raw = env.get("BOT_ALLOWED_ORIGINS", "")
    origins = [o.strip().rstrip("/") for o in raw.replace(",", " ").split() if o.strip()]
    if not origins:
        widget = f"http://{env.get('BOT_WIDGET_HOST', '127.0.0.1')}:{_int(env, 'BOT_WIDGET_PORT', 8080)}"
        origins = [FORCE_SITE, widget]
    if any("*" in o for o in origins):
        raise ValueError("BOT_ALLOWED_ORIGINS must list origins (https://host[:port]); '*' is not allowed")
    return tuple(dict.fromkeys(origins))


@dataclass(frozen=True)
class Settings:
    project_root: Path
    var_dir: Path
    models_dir: Path
    nlu_assets_dir: Path
    content_dir: Path
    content_db_url: str
    tracker_db_url: str
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_auth_token: Optional[str] = None
    # Where the action server listens (loopback unless the deployment says otherwise) and the shared
    # secret Rasa sends it in a header (BOT_ACTION_SECRET, else one generated once in var/).
    action_host: str = "127.0.0.1"
    action_secret: Optional[str] = None
    # Browser origins allowed to call the REST webhook (CORS); never "*". Default: the force's site
    # and the widget server's own origin.
    allowed_origins: Tuple[str, ...] = ()
    # Largest request body each server reads, checked before the body is parsed (Sanic answers 413).
    rasa_max_body_bytes: int = 16 * 1024
    action_max_body_bytes: int = 2 * 1024 * 1024
    review_max_body_bytes: int = 1024 * 1024
    widget_max_body_bytes: int = 16 * 1024
    # Longest Rasa waits for one action server call (Rasa's own default is five minutes), and the
    # most turns handled at once per conversation and in all.
    action_wait_seconds: float = 15.0
    max_turns_per_conversation: int = 4
    max_turns_in_flight: int = 64
    # Dashboard sign-in: wrong passwords allowed per client address in `review_throttle_minutes`.
    review_failures_per_address: int = 20
    review_throttle_minutes: float = 15.0
    action_timeout_seconds: float = 5.0
    # Longest a resident waits before the channel sends the safe reply instead.
    reply_timeout_seconds: float = 10.0
    db_timeout_seconds: float = 3.0
    # Rasa endpoints (tracker store, lock store, action server); deploy/endpoints.scale-out.yml for
    # several replicas with PostgreSQL and Redis.
    endpoints_file: str = "endpoints.yml"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 1
    review_port: int = 8090
    # Force Secure cookies even on loopback (they are Secure anyway for any client not on loopback).
    review_secure_cookies: bool = False
    review_session_minutes: float = 30.0
    # Conversations older than this are deleted by `bot logs purge`, which `bot run` runs a minute
    # after start and then every `purge_interval_hours` (0: never; then schedule it yourself).
    retention_days: int = 90
    purge_interval_hours: float = 24.0
    widget_host: str = "127.0.0.1"
    widget_port: int = 8080
    # The Rasa server's address as residents' browsers see it (the public URL in production).
    widget_rasa_url: str = ""
    # Where quick exit sends the resident: a neutral site.
    exit_url: str = "https://www.bbc.co.uk/weather"
    # Essex Police live chat hours (Europe/London), e.g. "08:00-20:00"; empty = not known.
    live_chat_hours: str = "08:00-20:00"

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        env = dict(os.environ if environ is None else environ)
        root = Path(env.get("BOT_PROJECT_ROOT") or PROJECT_ROOT).resolve()
        var_dir = Path(env.get("BOT_VAR_DIR") or root / "var").resolve()
        return cls(
            project_root=root,
            var_dir=var_dir,
            models_dir=Path(env.get("BOT_MODELS_DIR") or root / "models").resolve(),
            # Set-up data (fetched model files), not runtime state: stays in the project even when
            # BOT_VAR_DIR points elsewhere.
            nlu_assets_dir=Path(env.get("BOT_NLU_ASSETS_DIR") or root / "var" / "nlu-assets").resolve(),
            content_dir=Path(env.get("BOT_CONTENT_DIR") or root / "content").resolve(),
            content_db_url=env.get("BOT_CONTENT_DB_URL") or f"sqlite:///{var_dir / 'content.db'}",
            tracker_db_url=env.get("BOT_TRACKER_DB_URL") or f"sqlite:///{var_dir / 'tracker.db'}",
            rasa_host=env.get("BOT_RASA_HOST", "127.0.0.1"),
            rasa_port=_int(env, "BOT_RASA_PORT", 5005),
            action_port=_int(env, "BOT_ACTION_PORT", 5055),
            rasa_auth_token=env.get("RASA_AUTH_TOKEN") or None,
            action_host=env.get("BOT_ACTION_HOST", "127.0.0.1"),
            action_secret=env.get("BOT_ACTION_SECRET") or None,
            allowed_origins=_origins(env),
            rasa_max_body_bytes=_int(env, "BOT_RASA_MAX_BODY", 16 * 1024),
            action_max_body_bytes=_int(env, "BOT_ACTION_MAX_BODY", 2 * 1024 * 1024),
            review_max_body_bytes=_int(env, "BOT_REVIEW_MAX_BODY", 1024 * 1024),
            widget_max_body_bytes=_int(env, "BOT_WIDGET_MAX_BODY", 16 * 1024),
            action_wait_seconds=_float(env, "BOT_ACTION_WAIT", 15.0),
            max_turns_per_conversation=_int(env, "BOT_MAX_TURNS_PER_CONVERSATION", 4),
            max_turns_in_flight=_int(env, "BOT_MAX_TURNS_IN_FLIGHT", 64),
            review_failures_per_address=_int(env, "BOT_REVIEW_FAILURES_PER_ADDRESS", 20),
            review_throttle_minutes=_float(env, "BOT_REVIEW_THROTTLE_MINUTES", 15.0),
            action_timeout_seconds=_float(env, "BOT_ACTION_TIMEOUT", 5.0),
            reply_timeout_seconds=_float(env, "BOT_REPLY_TIMEOUT", 10.0),
            db_timeout_seconds=_float(env, "BOT_DB_TIMEOUT", 3.0),
            live_chat_hours=env.get("BOT_LIVE_CHAT_HOURS", "08:00-20:00"),
            endpoints_file=env.get("BOT_ENDPOINTS_FILE", "endpoints.yml"),
            redis_host=env.get("BOT_REDIS_HOST", "127.0.0.1"),
            redis_port=_int(env, "BOT_REDIS_PORT", 6379),
            redis_db=_int(env, "BOT_REDIS_DB", 1),
            review_port=_int(env, "BOT_REVIEW_PORT", 8090),
            review_secure_cookies=env.get("BOT_REVIEW_SECURE_COOKIES", "false").lower() in ("1", "true", "yes"),
            review_session_minutes=_float(env, "BOT_REVIEW_SESSION_MINUTES", 30.0),
            retention_days=_int(env, "BOT_RETENTION_DAYS", 90),
            purge_interval_hours=_float(env, "BOT_PURGE_INTERVAL_HOURS", 24.0),
            widget_host=env.get("BOT_WIDGET_HOST", "127.0.0.1"),
            widget_port=_int(env, "BOT_WIDGET_PORT", 8080),
            widget_rasa_url=env.get("BOT_WIDGET_RASA_URL")
            or f"http://{env.get('BOT_RASA_HOST', '127.0.0.1')}:{_int(env, 'BOT_RASA_PORT', 5005)}",
            exit_url=env.get("BOT_EXIT_URL", "https://www.bbc.co.uk/weather"),
        )

    @property
    def action_endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def rasa_auth_token_file(self) -> Path:
        return self.var_dir / "rasa_auth_token"

    @property
    def action_secret_file(self) -> Path:
        return self.var_dir / "action_secret"

    def rasa_environment(self) -> Dict[str, str]:
        """Environment for Rasa processes: endpoints.yml reads these, telemetry stays off."""
        return {
            "BOT_ACTION_ENDPOINT_URL": self.action_endpoint_url,
            "BOT_TRACKER_DB_URL": self.tracker_db_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "BOT_PROJECT_ROOT": str(self.project_root),
            # Child processes (action server, web servers) must see exactly these settings.
            "BOT_VAR_DIR": str(self.var_dir),
            "BOT_MODELS_DIR": str(self.models_dir),
            "BOT_NLU_ASSETS_DIR": str(self.nlu_assets_dir),
            "BOT_CONTENT_DIR": str(self.content_dir),
            "BOT_CONTENT_DB_URL": self.content_db_url,
            "BOT_RASA_HOST": self.rasa_host,
            "BOT_RASA_PORT": str(self.rasa_port),
            "BOT_ACTION_PORT": str(self.action_port),
            "BOT_ACTION_HOST": self.action_host,
            "BOT_ALLOWED_ORIGINS": " ".join(self.allowed_origins),
            "BOT_RASA_MAX_BODY": str(self.rasa_max_body_bytes),
            "BOT_ACTION_MAX_BODY": str(self.action_max_body_bytes),
            "BOT_REVIEW_MAX_BODY": str(self.review_max_body_bytes),
            "BOT_WIDGET_MAX_BODY": str(self.widget_max_body_bytes),
            "BOT_ACTION_WAIT": str(self.action_wait_seconds),
            "BOT_MAX_TURNS_PER_CONVERSATION": str(self.max_turns_per_conversation),
            "BOT_MAX_TURNS_IN_FLIGHT": str(self.max_turns_in_flight),
            "BOT_REVIEW_FAILURES_PER_ADDRESS": str(self.review_failures_per_address),
            "BOT_REVIEW_THROTTLE_MINUTES": str(self.review_throttle_minutes),
            "BOT_DB_TIMEOUT": str(self.db_timeout_seconds),
            "BOT_ACTION_TIMEOUT": str(self.action_timeout_seconds),
            "BOT_REPLY_TIMEOUT": str(self.reply_timeout_seconds),
            "BOT_LIVE_CHAT_HOURS": self.live_chat_hours,
            "BOT_ENDPOINTS_FILE": self.endpoints_file,
            "BOT_REDIS_HOST": self.redis_host,
            "BOT_REDIS_PORT": str(self.redis_port),
            "BOT_REDIS_DB": str(self.redis_db),
            "BOT_REVIEW_PORT": str(self.review_port),
            "BOT_REVIEW_SECURE_COOKIES": "true" if self.review_secure_cookies else "false",
            "BOT_REVIEW_SESSION_MINUTES": str(self.review_session_minutes),
            "BOT_RETENTION_DAYS": str(self.retention_days),
            "BOT_PURGE_INTERVAL_HOURS": str(self.purge_interval_hours),
            "BOT_WIDGET_HOST": self.widget_host,
            "BOT_WIDGET_PORT": str(self.widget_port),
            "BOT_WIDGET_RASA_URL": self.widget_rasa_url,
            "BOT_EXIT_URL": self.exit_url,
        }

    @property
    def data_dir(self) -> Path:
        return self.project_root / "data"

    @property
    def districts_file(self) -> Path:
        return self.data_dir / "districts.yml"

    @property
    def strands_file(self) -> Path:
        return self.data_dir / "strands.yml"

    @property
    def safety_patterns_file(self) -> Path:
        return self.data_dir / "safety" / "danger_now.yml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment on first use."""
    return Settings.from_env()
