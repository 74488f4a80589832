"""`bot run`: start every process of the assistant, wait until each answers, print where to go.

Processes: the action server (loopback, shared secret) and the Rasa server (guarded REST channel;
HTTP API on loopback with a bearer token, bot/rasa_components/server.py), the widget server and
the dashboard.
Secrets reach the children through the environment or files in var/, never their command lines.
Each writes its log to var/logs/. Ctrl-C (or SIGTERM) stops them all.
The same `Stack` class starts the real servers for the end-to-end tests.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

from bot.log_files import LogPump, RotatingLog
from bot.log_redaction import child_environment, redact_message
from bot.settings import Settings, get_settings


# Processes that never need TensorFlow (the widget and dashboard servers, the retention purge) load
# the redactor for their logs, which imports spaCy, which imports TensorFlow when it can: 350 MB
# per process for nothing (measured: 461 MB after `import spacy`, 96 MB with TensorFlow blocked).
# bot/log_startup/sitecustomize.py blocks it when this is set.
NO_TENSORFLOW = {"BOT_NO_TENSORFLOW": "1"}


class StartupError(RuntimeError):
    pass


def auth_token(settings: Settings) -> str:
    """The HTTP API token: RASA_AUTH_TOKEN if set, else one generated once and kept in var/ (mode 600)."""
    from bot.local_secrets import rasa_api_token

    return rasa_api_token(settings)


@dataclass
class ManagedProcess:
    name: str
    command: List[str]
    health_url: str
    log_path: Path
    env: Dict[str, str]
    cwd: Path
    process: Optional[subprocess.Popen] = None
    health_headers: Dict[str, str] = field(default_factory=dict)
    _pump: Optional[LogPump] = field(default=None, repr=False)

    def start(self) -> None:
        # The child's output goes through a pipe into a log that rotates by size and age
        # (bot/log_files.py), already redacted by the child's own log hook (bot/log_redaction.py).
        # A new session so Ctrl-C in the terminal reaches only the launcher, which then stops
        # the children in order.
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self._pump = LogPump(self.process.stdout, RotatingLog(self.log_path), transform=redact_message)

    def healthy(self) -> bool:
        try:
            return requests.get(self.health_url, headers=self.health_headers, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def wait_until_healthy(self, timeout_seconds: float = 30.0) -> None:
        """Wait for the health check; stop the process and raise StartupError if it dies or stays silent."""
        deadline = time.monotonic() + timeout_seconds
        while not self.healthy():
            if self.process is not None and self.process.poll() is not None:
                raise StartupError(f"{self.name} stopped during start-up. Last lines of {self.log_path}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise StartupError(f"{self.name} did not answer within {timeout_seconds:.0f} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace_seconds: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        if self._pump is not None:
            self._pump.join()


@dataclass
class Stack:
    settings: Settings
    model_path: Optional[Path] = None
    processes: List[ManagedProcess] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.rasa_host}:{self.settings.rasa_port}"

    @property
    def token(self) -> str:
        return auth_token(self.settings)

    def _env(self) -> Dict[str, str]:
        # One BLAS thread per server unless the operator says otherwise: each server answers on one
        # event loop, its matrix products are tiny, and OpenBLAS's idle threads spin - they doubled
        # the Rasa server's CPU per message (docs/benchmarks.md).
        single_threaded_maths = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        # log_redaction: every child interpreter redacts its log records from start-up on.
        return {**single_threaded_maths, **os.environ, **self.settings.rasa_environment(), "SANIC_HOST": "127.0.0.1",
                **child_environment()}

    def _server_env(self, max_body_bytes: int) -> Dict[str, str]:
        """Sanic reads SANIC_REQUEST_MAX_SIZE when an app is made: bodies over it get 413 before
        they are read. The action secret goes to Rasa (endpoints.yml header) and the action server,
        the API token to Rasa (bot/rasa_components/server.py)."""
        from bot.local_secrets import action_secret

        # The environment, not the command line: /proc/PID/environ is readable only by the same user.
        return {**self._env(), "SANIC_REQUEST_MAX_SIZE": str(max_body_bytes),
                "BOT_ACTION_SECRET": action_secret(self.settings), "RASA_AUTH_TOKEN": self.token}

    def build(self) -> None:
        from bot.rasa_components.model_loader import newest_model

        settings = self.settings
        bin_dir = Path(sys.executable).parent
        logs = settings.var_dir / "logs"
        model = self.model_path or newest_model(settings.models_dir)
        self.processes = [
            ManagedProcess(
                name="action server",
                command=[sys.executable, "-m", "bot.action_server", "--actions", "actions", "--port", str(settings.action_port)],
                health_url=f"http://127.0.0.1:{settings.action_port}/health",
                log_path=logs / "actions.log",
                env={**self._server_env(settings.action_max_body_bytes), **NO_TENSORFLOW},
                cwd=settings.project_root,
            ),
            ManagedProcess(
                name="Rasa server",
                # `rasa run` with the edge rules (bot/rasa_components/server.py): the token, CORS
                # origins and body limit come from settings, not this command line.
                command=[sys.executable, "-m", "bot.rasa_components.server", "run", "--enable-api",
                         "-i", settings.rasa_host, "-p", str(settings.rasa_port),
                         "--credentials", "credentials.yml", "--endpoints", settings.endpoints_file,
                         "--model", str(model), "--response-timeout", "30"],
                health_url=f"{self.rasa_url}/status",
                health_headers={"Authorization": f"Bearer {self.token}"},
                log_path=logs / "rasa.log",
                env=self._server_env(settings.rasa_max_body_bytes),
                cwd=settings.project_root,
            ),
            ManagedProcess(
                name="widget server",
                command=[sys.executable, "-m", "bot.web", "--host", settings.widget_host, "--port", str(settings.widget_port),
                         "--rasa-url", settings.widget_rasa_url, "--exit-url", settings.exit_url],
                health_url=f"http://127.0.0.1:{settings.widget_port}/healthz",
                log_path=logs / "widget.log",
                env={**self._env(), "SANIC_REQUEST_MAX_SIZE": str(settings.widget_max_body_bytes), **NO_TENSORFLOW},
                cwd=settings.project_root,
            ),
            ManagedProcess(
                name="reviewer dashboard",
                # Bound to localhost: never served with the public widget.
                command=[sys.executable, "-m", "bot.review", "--host", "127.0.0.1", "--port", str(settings.review_port)],
                health_url=f"http://127.0.0.1:{settings.review_port}/healthz",
                log_path=logs / "review.log",
                env={**self._env(), "SANIC_REQUEST_MAX_SIZE": str(settings.review_max_body_bytes), **NO_TENSORFLOW},
                cwd=settings.project_root,
            ),
        ]

    def start(self, timeout_seconds: float = 240.0) -> None:
        if not self.processes:
            self.build()
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        for proc in self.processes:
            proc.start()
        deadline = time.monotonic() + timeout_seconds
        waiting = list(self.processes)
        while waiting:
            for proc in list(waiting):
                if proc.process is not None and proc.process.poll() is not None:
                    self.stop()
                    raise StartupError(f"{proc.name} stopped during start-up (exit {proc.process.returncode}). "
                                       f"Last lines of {proc.log_path}:\n{proc.log_tail()}")
                if proc.healthy():
                    waiting.remove(proc)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(p.name for p in waiting)
                self.stop()
                raise StartupError(f"{names} did not answer within {timeout_seconds:.0f} s")
            if waiting:
                time.sleep(0.5)

    def stop(self) -> None:
        # Rasa first (it calls the action server), then the rest.
        for proc in reversed(self.processes):
            proc.stop()

    def any_died(self) -> Optional[ManagedProcess]:
        for proc in self.processes:
            if proc.process is not None and proc.process.poll() is not None:
                return proc
        return None


@dataclass
class RetentionSchedule:
    """Runs `bot logs purge` (its own process, log in var/logs/retention.log) from `bot run`: once a
    minute after start, then every `purge_interval_hours`, so the retention period is kept without
    a cron entry on a one-machine install. Scaled out, run `bot logs purge` from one scheduler
    instead (a Kubernetes CronJob, docs/scale-out.md) and set BOT_PURGE_INTERVAL_HOURS=0.
    """

    settings: Settings
    first_delay_seconds: float = 60.0
    run: Optional[ManagedProcess] = None
    next_due: Optional[float] = None

    @property
    def process(self) -> Optional[subprocess.Popen]:
        return self.run.process if self.run is not None else None

    @property
    def log_path(self) -> Path:
        return self.settings.var_dir / "logs" / "retention.log"

    def poll(self, now: Optional[float] = None) -> Optional[str]:
        """Start a purge when one is due; return a warning when a finished purge failed."""
        now = time.monotonic() if now is None else now
        warning = None
        if self.process is not None and self.process.poll() is not None:
            if self.process.returncode != 0:
                warning = (f"warning: the daily purge of old conversations failed (exit {self.process.returncode}); "
                           f"see {self.log_path}")
            self.run = None
        interval = self.settings.purge_interval_hours * 3600
        if interval <= 0 or self.process is not None:
            return warning
        if self.next_due is None:
            self.next_due = now + self.first_delay_seconds
        if now >= self.next_due:
            self.next_due = now + interval
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "ab") as log:
                log.write(time.strftime("--- %Y-%m-%d %H:%M:%S %Z: bot logs purge\n").encode())
            self.run = ManagedProcess(
                name="retention purge", command=[sys.executable, "-m", "bot.cli", "logs", "purge"], health_url="",
                log_path=self.log_path, env={**os.environ, **self.settings.rasa_environment(), **child_environment(),
                                             **NO_TENSORFLOW},
                cwd=self.settings.project_root)
            self.run.start()
        return warning

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()


def prepare_content_store(settings: Settings) -> str:
    """Bring the database schema up to date and, on a fresh install, publish content/ once.

    Later publishes are an editor's decision (`bot content publish`); this never overwrites them.
    """
    from bot.content.service import ContentService
    from bot.content.store import publish
    from bot.db import make_engine, upgrade

    upgrade(settings.content_db_url)
    engine = make_engine(settings.content_db_url)
    try:
        live = ContentService(engine, cache_seconds=0).live_version()
        if live is not None:
            return f"content version {live} is live"
        result = publish(engine, settings.content_dir, published_by="initial set-up (bot run)",
                         note="first publish on a new installation")
        return f"published content/ as version {result.version} (first publish on this installation)"
    finally:
        engine.dispose()


def _banner(stack: Stack) -> str:
    url = stack.rasa_url
    return f"""
The assistant is running.

  Open the chat widget (demo page):          http://{stack.settings.widget_host}:{stack.settings.widget_port}/
  Reviewer dashboard (this machine only):    http://127.0.0.1:{stack.settings.review_port}/
      first account: .venv/bin/bot reviewers add YOUR-NAME --role admin
  Rasa server (REST channel):                {url}
  Action server (loopback, shared secret):   http://127.0.0.1:{stack.settings.action_port}
  HTTP API (loopback, Authorization: Bearer): token in {stack.settings.var_dir / 'rasa_auth_token'} (or $RASA_AUTH_TOKEN)
  Logs:                                      {stack.settings.var_dir / 'logs'}

Talk to it:
  curl -s -X POST {url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
       -d '{{"sender": "demo-1", "message": "how do I stop my shed being broken into"}}'

Press Ctrl-C to stop.
"""


def main_run(args) -> int:
    # `bot run` itself redacts every line its children write (LogPump): the redactor, not TensorFlow.
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]
    settings = get_settings()
    stack = Stack(settings)
    stopping = {"now": False}

    def on_signal(signum, frame):  # noqa: ARG001 - signal handler signature
        stopping["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        print(f"Content store: {prepare_content_store(settings)}", flush=True)
    except Exception as exc:  # noqa: BLE001 - report any set-up failure clearly, then stop
        print(f"error: the content store could not be prepared: {exc}", file=sys.stderr)
        return 1
    print("Starting the action server and the Rasa server (loading the model takes about half a minute)...", flush=True)
    try:
        stack.start()
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_banner(stack), flush=True)
    restarts: List[float] = []
    retention = RetentionSchedule(settings)
    try:
        while not stopping["now"]:
            warning = retention.poll()
            if warning:
                print(warning, file=sys.stderr, flush=True)
            dead = stack.any_died()
            if dead is not None:
                # Restart a crashed process (the channels give residents a safe reply meanwhile),
                # but give up if it keeps crashing.
                restarts = [t for t in restarts if time.monotonic() - t < 300] + [time.monotonic()]
                print(f"warning: {dead.name} stopped unexpectedly (exit {dead.process.returncode}); last lines of its log:\n"
                      f"{dead.log_tail(10)}", file=sys.stderr, flush=True)
                if len(restarts) > 5:
                    print(f"error: {dead.name} keeps stopping; stopping everything.", file=sys.stderr)
                    return 1
                print(f"Restarting {dead.name}...", file=sys.stderr, flush=True)
                dead.start()
            time.sleep(0.5)
    finally:
        print("Stopping...", flush=True)
        retention.stop()
        stack.stop()
    print("Stopped.")
    return 0
