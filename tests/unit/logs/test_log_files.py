import os
import subprocess
import sys
import time
from pathlib import Path

from bot.log_files import LogPump, RotatingLog, purge_old_logs


def test_rotates_by_size_and_keeps_a_bounded_number_of_backups(tmp_path: Path) -> None:
    log = RotatingLog(tmp_path / "rasa.log", max_bytes=100, backups=2)
    for i in range(10):
        log.write(f"line {i:02d} ".encode() * 5 + b"\n")
    log.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["rasa.log", "rasa.log.1", "rasa.log.2"]
    assert all(p.stat().st_size <= 100 for p in tmp_path.iterdir())
    assert b"line 09" in (tmp_path / "rasa.log").read_bytes()


def test_rotates_a_day_old_file(tmp_path: Path) -> None:
    path = tmp_path / "actions.log"
    path.write_bytes(b"yesterday\n")
    old = time.time() - 2 * 86400
    os.utime(path, (old, old))
    log = RotatingLog(path)
    log.write(b"today\n")
    log.close()
    assert path.read_bytes() == b"today\n"
    assert (tmp_path / "actions.log.1").read_bytes() == b"yesterday\n"


def test_pump_copies_a_real_child_process_output(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys\nfor i in range(3): print('hello', i, flush=True)"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pump = LogPump(child.stdout, RotatingLog(tmp_path / "child.log"))
    child.wait(timeout=10)
    pump.join()
    assert (tmp_path / "child.log").read_text().splitlines() == ["hello 0", "hello 1", "hello 2"]


def test_purge_removes_rotated_logs_past_retention_only(tmp_path: Path) -> None:
    now = time.time()
    for name, age_days in (("rasa.log", 400), ("rasa.log.1", 10), ("rasa.log.2", 100), ("notes.txt", 400)):
        path = tmp_path / name
        path.write_text("x")
        os.utime(path, (now - age_days * 86400,) * 2)
    removed = purge_old_logs(tmp_path, retention_days=90, now=now)
    assert [p.name for p in removed] == ["rasa.log.2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "rasa.log", "rasa.log.1"]


def test_pump_redacts_whatever_a_child_prints(tmp_path: Path) -> None:
    from bot.log_redaction import redact_message

    script = "import warnings\nprint('No registered action found for name action_Sarah Jones', flush=True)\n" \
             "warnings.warn('Failed to parse line /knife_crime{\"location\": \"12 High Street CM1 1AA\"}')"
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pump = LogPump(child.stdout, RotatingLog(tmp_path / "child.log"), transform=redact_message)
    child.wait(timeout=60)
    pump.join(30)
    text = (tmp_path / "child.log").read_text()
    assert "No registered action found" in text and "Failed to parse" in text
    assert not any(v in text for v in ("Sarah", "Jones", "12 High Street", "CM1 1AA"))
