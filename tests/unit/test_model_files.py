from __future__ import annotations

import shutil
from pathlib import Path

from bot.nlu import model_files
from bot.settings import Settings


def test_fetched_files_match_their_pinned_sha256(project_root: Path) -> None:
    assets = Settings.from_env({"BOT_PROJECT_ROOT": str(project_root)}).nlu_assets_dir
    assert model_files.verify(assets), "run `make models` (make test does)"


def test_a_tampered_file_is_detected(tmp_path: Path, project_root: Path) -> None:
    source = model_files.minilm_dir(Settings.from_env({"BOT_PROJECT_ROOT": str(project_root)}).nlu_assets_dir)
    target = model_files.minilm_dir(tmp_path)
    shutil.copytree(source, target)
    assert model_files.verify(tmp_path)
    with open(target / "tokenizer.json", "ab") as handle:
        handle.write(b" ")
    assert not model_files.verify(tmp_path)


def test_embeddings_are_normalised_and_meaningful(project_root: Path) -> None:
    from bot.nlu.embeddings import SentenceEncoder

    folder = model_files.minilm_dir(Settings.from_env({"BOT_PROJECT_ROOT": str(project_root)}).nlu_assets_dir)
    vectors = SentenceEncoder(folder).encode(["my house was burgled", "someone broke into my home", "a scam text message"])
    assert vectors.shape == (3, 384)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
