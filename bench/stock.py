"""The stock Rasa 3.6 assistant the product is compared with.

`rasa init --no-prompt` (the moodbot: default pipeline with DIET, TED, MemoizationPolicy and
RulePolicy), plus what a real deployment has: one custom action on the rasa-sdk action server
(`action_hello_world`, used by a rule for the greet intent and by the stories), and an SQLite SQL
tracker store. `rasa init` also trains a model, which this benchmark does not use (it retrains
after adding the action), so the untouched `rasa init` output is cached under results/bench-cache/
and copied from there; `--fresh-stock` makes it again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional

ACTIONS_PY = '''"""The stock assistant's one custom action (added by the benchmark)."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionHelloWorld(Action):
    def name(self) -> Text:
        return "action_hello_world"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="Hello World! How are you?")
        return []
'''

RULE = '''
- rule: Greet with the custom action
  steps:
  - intent: greet
  - action: action_hello_world
'''

ENDPOINTS = '''action_endpoint:
  url: ${STOCK_ACTION_ENDPOINT_URL}

tracker_store:
  type: SQL
  dialect: "sqlite"
  db: "tracker.db"
'''


def rasa_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("rasa")


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def init_scaffold(cache_root: Path, env: Dict[str, str], fresh: bool = False) -> Path:
    """The untouched output of `rasa init --no-prompt` (without its model), cached."""
    cached = cache_root / f"stock-init-rasa-{rasa_version()}"
    if cached.is_dir() and not fresh:
        return cached
    print("Creating the stock assistant with `rasa init --no-prompt` (it trains a model too; about 1-2 minutes, once)...",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-rasa-init-") as tmp:
        target = Path(tmp) / "stock"
        target.mkdir()
        subprocess.run([_bin("rasa"), "init", "--no-prompt", "--init-dir", str(target)], cwd=tmp, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(target / "models", ignore_errors=True)
        shutil.rmtree(target / ".rasa", ignore_errors=True)
        if cached.exists():
            shutil.rmtree(cached)
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(target, cached)
    return cached


def make_project(scaffold: Path, workdir: Path) -> Path:
    """A copy of the scaffold with the custom action, its rule, the action endpoint and the SQL tracker store."""
    shutil.copytree(scaffold, workdir)
    (workdir / "actions" / "actions.py").write_text(ACTIONS_PY)
    domain = (workdir / "domain.yml").read_text()
    if "\nactions:" not in domain:
        domain = domain.rstrip("\n") + "\n\nactions:\n  - action_hello_world\n"
    (workdir / "domain.yml").write_text(domain)
    rules = (workdir / "data" / "rules.yml").read_text()
    (workdir / "data" / "rules.yml").write_text(rules.rstrip("\n") + "\n" + RULE)
    stories = (workdir / "data" / "stories.yml").read_text()
    (workdir / "data" / "stories.yml").write_text(stories.replace("- action: utter_greet", "- action: action_hello_world"))
    (workdir / "endpoints.yml").write_text(ENDPOINTS)
    return workdir


def project_fingerprint(workdir: Path) -> str:
    digest = hashlib.sha256(rasa_version().encode())
    for path in sorted(p for p in workdir.rglob("*") if p.is_file() and p.suffix in (".yml", ".py")
                       and "models" not in p.parts and ".rasa" not in p.parts and p.name != "endpoints.yml"):
        digest.update(str(path.relative_to(workdir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train(workdir: Path, env: Dict[str, str], log_path: Path) -> tuple:
    """`rasa train --force` in the stock project; returns (model path, seconds)."""
    out = workdir / "models"
    started = time.monotonic()
    with open(log_path, "ab") as log:
        subprocess.run([_bin("rasa"), "train", "--force", "--out", str(out)], cwd=workdir, env=env, check=True,
                       stdout=log, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    return sorted(out.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)[-1], seconds


def cached_model(cache_root: Path, fingerprint: str) -> Optional[Path]:
    path = cache_root / "stock-models" / f"{fingerprint}.tar.gz"
    return path if path.is_file() else None


def keep_model(cache_root: Path, fingerprint: str, model: Path) -> None:
    target = cache_root / "stock-models" / f"{fingerprint}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(model, target)


def processes(workdir: Path, model: Path, rasa_port: int, action_port: int, token: str, env: Dict[str, str], logs: Path):
    """ManagedProcess objects (bot.launcher's, the same start/stop semantics as the product) for the stock servers."""
    from bot.launcher import ManagedProcess

    env = {**env, "SANIC_HOST": "127.0.0.1", "STOCK_ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook"}
    return [
        ManagedProcess(
            name="stock actions",
            command=[sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(action_port)],
            health_url=f"http://127.0.0.1:{action_port}/health",
            log_path=logs / "stock-actions.log", env=env, cwd=workdir,
        ),
        ManagedProcess(
            name="stock rasa",
            command=[_bin("rasa"), "run", "--enable-api", f"--auth-token={token}", "-p", str(rasa_port), "-i", "127.0.0.1",
                     "--endpoints", "endpoints.yml", "--model", str(model)],
            health_url=f"http://127.0.0.1:{rasa_port}/status?token={token}",
            log_path=logs / "stock-rasa.log", env=env, cwd=workdir,
        ),
    ]


def base_env() -> Dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
