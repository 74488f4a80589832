"""Process helpers: free ports, waiting for health URLs, peak-RSS sampling from /proc, clean-up."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0, headers: Optional[Dict[str, str]] = None) -> bool:
    try:
        return requests.get(url, timeout=timeout, headers=headers or {}).status_code == 200
    except requests.RequestException:
        return False


def stop_group(process: Optional[subprocess.Popen], grace_seconds: float = 10.0) -> None:
    """SIGTERM the process group of a process started with start_new_session=True, then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


class Cleanup:
    """Stop callbacks run in reverse order, once, on normal exit, exceptions, Ctrl-C and SIGTERM."""

    def __init__(self) -> None:
        self._callbacks: List[Tuple[str, Callable[[], None]]] = []
        self._lock = threading.Lock()

    def add(self, name: str, callback: Callable[[], None]) -> None:
        with self._lock:
            self._callbacks.append((name, callback))

    def run(self, name: Optional[str] = None) -> None:
        """Run (and forget) every callback, or only those registered under `name`."""
        with self._lock:
            chosen = [c for c in self._callbacks if name is None or c[0] == name]
            self._callbacks = [c for c in self._callbacks if c not in chosen]
        for _, callback in reversed(chosen):
            try:
                callback()
            except Exception as exc:  # noqa: BLE001 - clean-up must go on
                print(f"warning: clean-up of {_} failed: {exc}", flush=True)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> Optional[Tuple[int, int, int, float]]:
    """(ppid, pgrp, session, CPU seconds used) of a pid, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2:].split()
    return int(fields[1]), int(fields[2]), int(fields[3]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _pss_kb(pid: int) -> int:
    """Proportional set size in kB (shared pages divided among the processes sharing them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _memory_kb(pid: int) -> Tuple[int, int]:
    """(VmRSS, VmHWM) in kB; zeros if the pid is gone."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


class RssSampler(threading.Thread):
    """Polls VmRSS and CPU time of whole process trees (the root's process group/session plus all descendants).

    For each tracked name it keeps the peak of the summed VmRSS over samples and each pid's VmHWM
    (the kernel's own peak, which catches spikes between samples). For each system (a set of
    names) it keeps the peak of the summed VmRSS of all its processes at the same moment. The CPU
    time of each tree is kept as a timeline on the monotonic clock (the one time.perf_counter() uses
    in every process on Linux), so CPU per reply can be computed for any phase of the load.
    """

    # Reading smaps_rollup walks the page tables of the process (about 6 ms for a Rasa server, under
    # its memory lock), so PSS is read only every PSS_EVERY samples to keep the servers undisturbed.
    PSS_EVERY = 20

    def __init__(self, interval: float = 0.25) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.interval = interval
        self._roots: Dict[str, Tuple[int, str]] = {}
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self.peak_rss_kb: Dict[str, int] = {}
        self.hwm_kb: Dict[str, Dict[int, int]] = {}
        self.system_peak_kb: Dict[str, int] = {}
        self.system_peak_pss_kb: Dict[str, int] = {}
        self.samples = 0
        self.cpu_timeline: List[Tuple[float, Dict[str, float]]] = []

    def track(self, name: str, pid: int, system: str) -> None:
        with self._lock:
            self._roots[name] = (pid, system)
            self.peak_rss_kb.setdefault(name, 0)
            self.hwm_kb.setdefault(name, {})

    def untrack(self, name: str) -> None:
        self.sample_once()
        with self._lock:
            self._roots.pop(name, None)

    def _tree(self, root: int, table: Dict[int, Tuple[int, int, int, float]]) -> Set[int]:
        # Roots were started with start_new_session=True: their pid is their group and session id.
        members = {root} if root in table else set()
        for pid, (_, pgrp, sid, _) in table.items():
            if pgrp == root or sid == root:
                members.add(pid)
        grew = True
        while grew:  # descendants that moved to a group of their own
            grew = False
            for pid, (ppid, _, _, _) in table.items():
                if ppid in members and pid not in members:
                    members.add(pid)
                    grew = True
        return members

    def sample_once(self) -> None:
        with self._lock:
            roots = dict(self._roots)
        if not roots:
            return
        now = time.monotonic()
        table: Dict[int, Tuple[int, int, int, float]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat is not None:
                    table[int(entry)] = stat
        per_system: Dict[str, int] = {}
        per_system_pss: Dict[str, int] = {}
        with_pss = self.samples % self.PSS_EVERY == 0
        cpu: Dict[str, float] = {}
        with self._lock:
            for name, (root, system) in roots.items():
                total = 0
                members = self._tree(root, table)
                cpu[name] = sum(table[pid][3] for pid in members)
                for pid in members:
                    rss, hwm = _memory_kb(pid)
                    total += rss
                    if with_pss:
                        per_system_pss[system] = per_system_pss.get(system, 0) + _pss_kb(pid)
                    known = self.hwm_kb[name]
                    known[pid] = max(known.get(pid, 0), hwm)
                self.peak_rss_kb[name] = max(self.peak_rss_kb[name], total)
                per_system[system] = per_system.get(system, 0) + total
            for system, total in per_system.items():
                self.system_peak_kb[system] = max(self.system_peak_kb.get(system, 0), total)
            for system, total in per_system_pss.items():
                self.system_peak_pss_kb[system] = max(self.system_peak_pss_kb.get(system, 0), total)
            self.cpu_timeline.append((now, cpu))
            self.samples += 1

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample_once()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()

    def report(self) -> Dict[str, Dict[str, float]]:
        with self._lock:
            return {
                name: {"peak_rss_mb": self.peak_rss_kb[name] / 1024,
                       "hwm_mb": sum(self.hwm_kb[name].values()) / 1024,
                       "processes": len(self.hwm_kb[name])}
                for name in self.peak_rss_kb
            }

    def cpu_between(self, name: str, start: float, end: float) -> Optional[float]:
        """CPU seconds the tree `name` used between two monotonic times (nearest samples inside)."""
        with self._lock:
            points = [(t, c[name]) for t, c in self.cpu_timeline if name in c and start - self.interval <= t <= end + self.interval]
        if len(points) < 2:
            return None
        inside = [p for p in points if start <= p[0] <= end] or points
        first, last = inside[0], inside[-1]
        if last[0] <= first[0]:
            return None
        # Scale the measured slice to the whole interval.
        return (last[1] - first[1]) * (end - start) / (last[0] - first[0])

    def system_report(self) -> Dict[str, float]:
        with self._lock:
            return {system: kb / 1024 for system, kb in self.system_peak_kb.items()}

    def system_pss_report(self) -> Dict[str, float]:
        with self._lock:
            return {system: kb / 1024 for system, kb in self.system_peak_pss_kb.items()}


def wait_healthy(named_urls: Dict[str, str], processes: Dict[str, subprocess.Popen], timeout: float,
                 started: float, poll: float = 0.1,
                 headers: Optional[Dict[str, Dict[str, str]]] = None) -> Dict[str, float]:
    """Seconds from `started` until each URL answered 200; raises if a process dies or time runs out."""
    ready: Dict[str, float] = {}
    deadline = started + timeout
    while len(ready) < len(named_urls):
        for name, url in named_urls.items():
            if name in ready:
                continue
            process = processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited during start-up (exit {process.returncode})")
            if healthy(url, timeout=1.0, headers=(headers or {}).get(name)):
                ready[name] = time.monotonic() - started
        if len(ready) < len(named_urls):
            if time.monotonic() > deadline:
                missing = ", ".join(sorted(set(named_urls) - set(ready)))
                raise RuntimeError(f"{missing} did not answer within {timeout:.0f} s")
            time.sleep(poll)
    return ready
