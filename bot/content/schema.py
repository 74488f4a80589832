"""JSON Schema files for editors' completion and hover help (content/schema/*.schema.json).

Generated from the models, so the editor's help and `bot content check` never disagree. VS Code's
YAML extension picks them up from the first line of a content file:
    # yaml-language-server: $schema=../schema/advice.schema.json
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Type

from pydantic import BaseModel

from bot.content.models import AdviceFile, ReferralsFile

SCHEMA_DIR = "schema"
SCHEMAS: Dict[str, Type[BaseModel]] = {
    "advice.schema.json": AdviceFile,
    "referrals.schema.json": ReferralsFile,
}


def render(model: Type[BaseModel]) -> str:
    document = {"$schema": "http://json-schema.org/draft-07/schema#", **model.schema()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schemas(content_dir: Path) -> List[Path]:
    folder = Path(content_dir) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(content_dir: Path) -> List[Path]:
    """Schema files that are missing or differ from what the models give (e.g. after a model change)."""
    stale = []
    for name, model in SCHEMAS.items():
        path = Path(content_dir) / SCHEMA_DIR / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(model):
            stale.append(path)
    return stale
