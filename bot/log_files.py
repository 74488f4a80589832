"""Process logs in var/logs/ that rotate, and fall under the retention purge.

`bot run` does not hand its children a file: it reads each child's output through a pipe and
writes it here (`LogPump`), so a log can be rotated while the process runs. A file is rotated when
it passes `max_bytes` or when its first line is a day old, and keeps `backups` older files
(`rasa.log.1` newest). `purge_old_logs` (run by `bot logs purge`) deletes rotated files older than
the retention limit, so nothing a log holds outlives the conversations it is about. What goes in
is already redacted by bot/log_redaction.py in the child process.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import IO, Callable, List, Optional

MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 14
MAX_AGE_SECONDS = 24 * 3600


class RotatingLog:
    """Append-only log file that rotates by size and by age (thread-safe)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                 max_age_seconds: float = MAX_AGE_SECONDS) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backups = backups
        self.max_age_seconds = max_age_seconds
        self._lock = threading.Lock()
        self._file: Optional[IO[bytes]] = None
        self._opened_at = 0.0

    def _open(self) -> IO[bytes]:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")
            # The age of a file is the age of what it already holds (its change time when reused).
            self._opened_at = self.path.stat().st_mtime if self.path.stat().st_size else time.time()
        return self._file

    def _due(self, incoming: int) -> bool:
        size = self._file.tell() if self._file is not None else 0
        if size and size + incoming > self.max_bytes:
            return True
        return bool(size) and time.time() - self._opened_at > self.max_age_seconds

    def rotate(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        for index in range(self.backups, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{index}")
            newer = self.path.with_name(f"{self.path.name}.{index - 1}") if index > 1 else self.path
            if index == self.backups and older.exists():
                older.unlink()
            if newer.exists():
                os.replace(newer, older)

    def write(self, data: bytes) -> None:
        with self._lock:
            self._open()
            if self._due(len(data)):
                self.rotate()
                self._open()
            self._file.write(data)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


class LogPump:
    """Copies a child's output pipe into a RotatingLog on a daemon thread, line by line.

    `transform` sees each line before it is written: `bot run` redacts there too, so whatever a
    child writes - logging, print, a warning, a C library - is redacted before it reaches the disk.
    """

    def __init__(self, pipe: IO[bytes], log: RotatingLog, transform: Optional[Callable[[str], str]] = None) -> None:
        self._pipe = pipe
        self._log = log
        self._transform = transform
        self._thread = threading.Thread(target=self._run, name=f"log pump {log.path.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for line in iter(self._pipe.readline, b""):
                if self._transform is not None:
                    line = self._safe(line)
                self._log.write(line)
        finally:
            self._pipe.close()
            self._log.close()

    def _safe(self, line: bytes) -> bytes:
        try:
            text = line.decode("utf-8", errors="replace")
            ending = "\n" if text.endswith("\n") else ""
            return (self._transform(text.rstrip("\n")) + ending).encode("utf-8")
        except Exception:  # noqa: BLE001 - a line that cannot be redacted is not written
            return b"[log line withheld: redaction failed]\n"

    def join(self, timeout: float = 5.0) -> None:
        self._thread.join(timeout)


def purge_old_logs(logs_dir: Path, retention_days: int, now: Optional[float] = None) -> List[Path]:
    """Delete rotated log files (`*.log.N`) last written more than `retention_days` ago."""
    cutoff = (now if now is not None else time.time()) - retention_days * 86400
    removed = []
    for path in sorted(Path(logs_dir).glob("*.log.*")):
        if path.name.rsplit(".", 1)[-1].isdigit() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed
