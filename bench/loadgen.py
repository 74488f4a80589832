"""The load generator: a separate process (asyncio + aiohttp) driving the REST channel.

    python -m bench.loadgen PLAN.json RESULTS.jsonl

PLAN.json: {"phases": [...], "timeout": seconds, "seed": n}; each phase is
  {"name", "target", "url", "mode": "warmup" | "prime" | "open" | "closed", "scripts": [[[kind, text], ...], ...],
   "rate" (open), "duration", "max_messages", "residents", "pool", "max_conversation", "safe_failure_text"}
Phases with the same `pool` share their residents: the 200 residents of the open loop carry on
their conversations from one rate to the next (after a `prime` phase in which each resident sends
its first message), so each rate sees the steady mix of first messages and later turns.
One JSON line per finished phase is appended to RESULTS.jsonl (raw latencies included), so the
parent sees partial results even if the run is interrupted.

A resident is one sender id walking through one script; at the end of the script (or after
`max_conversation` messages) the resident starts a new script under a new sender id. A resident
never sends before the reply to its previous message has arrived.

Open loop: messages arrive with exponential inter-arrival times at `rate` msg/s; each arrival is
the next message of a random idle resident (if all residents are waiting for replies the arrival
is counted as `no_idle_resident` and dropped). Latency runs from the moment the request is sent to
the moment the whole reply list has been read; `send_lag` is how late the send was against the
Poisson schedule (it shows whether the generator itself kept up).
Closed loop: `residents` workers each send the next message as soon as the reply arrives.
"""
from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import aiohttp

TOPIC_BUTTON = "@topic"


@dataclass
class Resident:
    prefix: str
    scripts: List[List[List[str]]]
    rng: random.Random
    max_conversation: int
    serial: int = 0
    sender: str = ""
    script: List[List[str]] = field(default_factory=list)
    position: int = 0
    sent_in_conversation: int = 0
    last_reply: List[Dict[str, Any]] = field(default_factory=list)
    busy: bool = False

    def __post_init__(self) -> None:
        self.new_conversation()

    def new_conversation(self) -> None:
        self.serial += 1
        self.sender = f"{self.prefix}-{self.serial}"
        self.script = self.rng.choice(self.scripts)
        self.position = 0
        self.sent_in_conversation = 0
        self.last_reply = []

    def next_message(self) -> tuple:
        if self.position >= len(self.script) or self.sent_in_conversation >= self.max_conversation:
            self.new_conversation()
        kind, text = self.script[self.position]
        if text == TOPIC_BUTTON:
            text = "/something_else"
            for message in self.last_reply:
                for button in message.get("buttons") or []:
                    payload = button.get("payload") or ""
                    if payload.startswith("/choose_topic"):
                        text = payload
                        break
                if text != "/something_else":
                    break
        self.position += 1
        self.sent_in_conversation += 1
        return kind, text, self.sent_in_conversation == 1


class Recorder:
    def __init__(self, safe_failure_text: Optional[str]) -> None:
        self.safe_failure_text = safe_failure_text
        self.samples: List[List[Any]] = []  # [kind, latency_s, first_in_conversation]
        self.errors: Dict[str, int] = {}
        self.sent = 0
        self.safe_failures = 0
        self.send_lags: List[float] = []
        self.no_idle_resident = 0
        self.first_send: Optional[float] = None
        self.last_done: Optional[float] = None

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def send(session: aiohttp.ClientSession, url: str, resident: Resident, recorder: Recorder, timeout: float) -> None:
    kind, text, first = resident.next_message()
    resident.busy = True
    recorder.sent += 1
    started = time.perf_counter()
    if recorder.first_send is None:
        recorder.first_send = started
    try:
        async with session.post(url, json={"sender": resident.sender, "message": text},
                                timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            body = await response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                recorder.error(f"http_{response.status}")
                resident.new_conversation()
                return
            replies = json.loads(body)
            if not isinstance(replies, list) or not replies:
                recorder.error("empty_reply")
                resident.last_reply = []
                return
            if recorder.safe_failure_text and any(r.get("text") == recorder.safe_failure_text for r in replies):
                recorder.safe_failures += 1
            resident.last_reply = replies
            recorder.samples.append([kind, elapsed, first])
    except asyncio.TimeoutError:
        recorder.error("timeout")
        resident.new_conversation()
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        recorder.error(type(exc).__name__)
        resident.new_conversation()
    finally:
        recorder.last_done = time.perf_counter()
        resident.busy = False


POOLS: Dict[str, List[Resident]] = {}


def make_residents(phase: Dict[str, Any], count: int, rng: random.Random, run_id: str) -> List[Resident]:
    """New residents, or the phase's named pool (the same residents carry on across phases)."""
    pool = phase.get("pool")
    if pool and pool in POOLS:
        return POOLS[pool]
    prefix = f"bench-{run_id}-{pool or phase['name']}"
    residents = [Resident(f"{prefix}-r{i}", phase["scripts"], rng, int(phase.get("max_conversation", 20))) for i in range(count)]
    if pool:
        POOLS[pool] = residents
    return residents


async def run_open(session: aiohttp.ClientSession, phase: Dict[str, Any], timeout: float, rng: random.Random, run_id: str) -> Recorder:
    recorder = Recorder(phase.get("safe_failure_text"))
    residents = make_residents(phase, int(phase.get("residents", 200)), rng, run_id)
    rate = float(phase["rate"])
    duration = float(phase["duration"])
    max_messages = int(phase.get("max_messages") or 10**9)
    tasks: List[asyncio.Task] = []
    start = time.perf_counter()
    due = start
    arrivals = 0
    while True:
        due += rng.expovariate(rate)
        if due - start > duration or arrivals >= max_messages:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        arrivals += 1
        recorder.send_lags.append(max(0.0, time.perf_counter() - due))
        idle = [r for r in residents if not r.busy]
        if not idle:
            recorder.no_idle_resident += 1
            continue
        resident = rng.choice(idle)
        resident.busy = True  # before the task runs: the next arrival must not pick it again
        tasks.append(asyncio.ensure_future(send(session, phase["url"], resident, recorder, timeout)))
    window = time.perf_counter() - start
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=timeout + 5)
        for task in pending:
            task.cancel()
            recorder.error("timeout")
    recorder.window = window  # type: ignore[attr-defined]
    recorder.arrivals = arrivals  # type: ignore[attr-defined]
    return recorder


async def run_closed(session: aiohttp.ClientSession, phase: Dict[str, Any], timeout: float, rng: random.Random, run_id: str) -> Recorder:
    recorder = Recorder(phase.get("safe_failure_text"))
    residents = make_residents(phase, int(phase.get("residents", 20)), rng, run_id)
    duration = float(phase["duration"])
    max_messages = int(phase.get("max_messages") or 10**9)
    start = time.perf_counter()
    deadline = start + duration

    async def worker(resident: Resident) -> None:
        while time.perf_counter() < deadline and recorder.sent < max_messages:
            await send(session, phase["url"], resident, recorder, timeout)

    await asyncio.gather(*(worker(r) for r in residents))
    recorder.window = time.perf_counter() - start  # type: ignore[attr-defined]
    recorder.arrivals = recorder.sent  # type: ignore[attr-defined]
    return recorder


async def run_warmup(session: aiohttp.ClientSession, phase: Dict[str, Any], timeout: float, rng: random.Random, run_id: str) -> Recorder:
    """Every step of every script once, sequentially (loads lazy models, fills caches and pools)."""
    recorder = Recorder(phase.get("safe_failure_text"))
    start = time.perf_counter()
    for index, script in enumerate(phase["scripts"]):
        resident = Resident(f"bench-{run_id}-{phase['name']}-w{index}", [script], rng, 10**6)
        for _ in script:
            await send(session, phase["url"], resident, recorder, timeout)
    recorder.window = time.perf_counter() - start  # type: ignore[attr-defined]
    recorder.arrivals = recorder.sent  # type: ignore[attr-defined]
    return recorder


async def run_prime(session: aiohttp.ClientSession, phase: Dict[str, Any], timeout: float, rng: random.Random, run_id: str) -> Recorder:
    """Every resident of the pool sends its first message (not measured in the tables): the open-loop
    phases then see residents in the middle of their conversations, not only first messages."""
    recorder = Recorder(phase.get("safe_failure_text"))
    residents = make_residents(phase, int(phase.get("residents", 200)), rng, run_id)
    limit = asyncio.Semaphore(int(phase.get("concurrency", 10)))
    start = time.perf_counter()

    async def one(resident: Resident) -> None:
        async with limit:
            await send(session, phase["url"], resident, recorder, timeout)

    await asyncio.gather(*(one(r) for r in residents))
    recorder.window = time.perf_counter() - start  # type: ignore[attr-defined]
    recorder.arrivals = recorder.sent  # type: ignore[attr-defined]
    return recorder


RUNNERS = {"open": run_open, "closed": run_closed, "warmup": run_warmup, "prime": run_prime}


async def main_async(plan: Dict[str, Any], out_path: str) -> None:
    timeout = float(plan.get("timeout", 15.0))
    rng = random.Random(int(plan.get("seed", 1)))
    run_id = str(plan.get("run_id") or int(time.time()))
    # One connection per in-flight request, kept alive between requests (like many browsers).
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
    async with aiohttp.ClientSession(connector=connector) as session:
        for phase in plan["phases"]:
            print(f"  load: {phase['target']:7s} {phase['name']} ...", file=sys.stderr, flush=True)
            recorder = await RUNNERS[phase["mode"]](session, phase, timeout, rng, run_id)
            result = {
                "name": phase["name"], "target": phase["target"], "mode": phase["mode"], "rate": phase.get("rate"),
                "window_s": recorder.window, "arrivals": recorder.arrivals,  # type: ignore[attr-defined]
                "sent": recorder.sent, "ok": len(recorder.samples), "errors": recorder.errors,
                "safe_failures": recorder.safe_failures, "no_idle_resident": recorder.no_idle_resident,
                "send_lags": recorder.send_lags, "samples": recorder.samples,
                "first_send": recorder.first_send, "last_done": recorder.last_done,
            }
            with open(out_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
            pause = float(phase.get("pause_after", 0))
            if pause:
                await asyncio.sleep(pause)


def main(argv: List[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        plan = json.load(handle)
    try:
        asyncio.run(main_async(plan, argv[1]))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
