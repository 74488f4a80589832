"""Throw-away PostgreSQL and Redis servers from Debian's packages, started in a temp folder.

For the scale-out tests and the benchmark (`python -m bench --tracker-db postgres`); `bot run` never
uses them (a deployment points BOT_TRACKER_DB_URL and BOT_REDIS_HOST at real servers).
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listening on port {port}")


def postgres_bin() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


@dataclass
class Postgres:
    folder: Path
    port: int
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/rasa"

    def _as_postgres(self, *args: str) -> list:
        # PostgreSQL refuses to run as root; as root (CI here) run its tools as the postgres user.
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)

    def start(self) -> None:
        data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(self._as_postgres(str(self.bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                         "-E", "UTF8"), check=True, capture_output=True)
        subprocess.run(self._as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
                                         "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start"),
                       check=True, capture_output=True)
        _wait_for_port(self.port)
        subprocess.run(self._as_postgres(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                         "-U", "postgres", "rasa"), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(self._as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop"),
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)


def start_postgres() -> Optional[Postgres]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="essex-pg-"))
    folder.chmod(0o755)
    pg = Postgres(folder=folder, port=free_port(), bin_dir=bin_dir)
    pg.start()
    return pg
