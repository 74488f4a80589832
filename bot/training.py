"""`bot train`: train a Rasa model only when what it is trained from has changed."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.settings import Settings

# Rasa training data lives in these folders under data/; strands.yml and safety/ are read at run time.
TRAINING_DATA_DIRS = ("nlu", "rules", "stories", "lookups")


def training_data_paths(settings: Settings) -> List[Path]:
    return [settings.data_dir / name for name in TRAINING_DATA_DIRS if (settings.data_dir / name).is_dir()]


def _inputs(settings: Settings) -> Iterable[Path]:
    root = settings.project_root
    yield root / "config.yml"
    yield root / "domain.yml"
    for folder in training_data_paths(settings) + [settings.data_dir / "safety" / "detector", root / "bot" / "nlu",
                                                   root / "bot" / "danger", root / "bot" / "rasa_components"]:
        yield from sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".py"))


def fingerprint(settings: Settings) -> str:
    digest = hashlib.sha256()
    for path in _inputs(settings):
        digest.update(str(path.relative_to(settings.project_root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(settings: Settings) -> Path:
    return settings.models_dir / ".fingerprint"


def is_up_to_date(settings: Settings) -> bool:
    stamp = _stamp(settings)
    has_model = any(settings.models_dir.glob("*.tar.gz"))
    return has_model and stamp.is_file() and stamp.read_text().strip() == fingerprint(settings)


def train(settings: Settings, force: bool = False) -> bool:
    """Returns True if a new model was trained."""
    if not force and is_up_to_date(settings):
        print("Model is up to date with config, domain and training data; not retraining.")
        return False
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    current = fingerprint(settings)
    command = [str(Path(sys.executable).with_name("rasa")), "train", "--config", "config.yml", "--domain", "domain.yml",
               "--out", str(settings.models_dir),
               # --force: the danger-now corpus (data/safety/detector/) is read by its component, not
               # passed to Rasa as training data, so Rasa's cache cannot see it change.
               "--force", "--data", *[str(p) for p in training_data_paths(settings)]]
    env = {**os.environ, **settings.rasa_environment()}
    subprocess.run(command, check=True, cwd=settings.project_root, env=env)
    _stamp(settings).write_text(current + "\n")
    return True
