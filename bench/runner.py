"""`python -m bench`: training time, start-up time, NLU throughput, end-to-end latency under load and
peak memory of the product, and of a stock Rasa 3.6 assistant measured the same way in the same run.

See docs/benchmarks.md for what each figure means and the latest results.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from bench import conversations, report
from bench.procs import Cleanup, RssSampler, free_port, stop_group, wait_healthy

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SHORT_NAMES = {"action server": "actions", "Rasa server": "rasa", "widget server": "widget"}
PRODUCT = "product"
# What-if patches (bench/whatif/sitecustomize.py) and the product process each applies to.
# two-workers: SANIC_WORKERS=2 for the Rasa server with the scale-out endpoints (Redis lock store, which
# Rasa requires for more than one worker; a redis-server is started on a free port) and the SQLite tracker.
WHATIF_PROCESS = {"cached-validator": "Rasa server", "tracker-wal": "Rasa server", "no-tf": "action server",
                  "two-workers": "Rasa server"}
STOCK = "stock"


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="about 3 minutes: no training (newest model in models/, cached stock model), "
                             "rates 5 and 20 msg/s for 10 s, closed loop 10 s, 200 NLU messages")
    parser.add_argument("--skip-stock", action="store_true", help="measure the product only (no ratios)")
    parser.add_argument("--skip-train", action="store_true",
                        help="do not time training: serve the newest model in models/ and a cached stock model")
    parser.add_argument("--rates", type=lambda s: [float(x) for x in s.split(",")], default=None,
                        help="open-loop rates in msg/s, comma-separated (default 5,10,20,40)")
    parser.add_argument("--duration", type=float, default=None, help="seconds per open-loop rate (default 20)")
    parser.add_argument("--closed-duration", type=float, default=None, help="seconds of closed loop (default 20)")
    parser.add_argument("--nlu-messages", type=int, default=None, help="messages for NLU throughput (default 500)")
    parser.add_argument("--profile", action="store_true",
                        help="after the measured phases, sample the product's servers with py-spy during an extra "
                             "closed-loop phase (py-spy from PATH, --py-spy, or /tmp/pyspy/bin)")
    parser.add_argument("--py-spy", default=None, help="path of the py-spy binary")
    parser.add_argument("--what-if", type=lambda s: [x.strip() for x in s.split(",") if x.strip()], default=[],
                        help="experiment: patch the product's processes before measuring (comma-separated: "
                             + ", ".join(f"{k} [{v}]" for k, v in WHATIF_PROCESS.items()) + "); see bench/whatif/")
    parser.add_argument("--tracker-db", choices=["sqlite", "postgres"], default="sqlite",
                        help="the product's tracker store: the SQLite file (default) or a throw-away PostgreSQL "
                             "(Debian's postgresql package), as in the scale-out configuration")
    parser.add_argument("--fresh-stock", action="store_true", help="run `rasa init` again instead of using the cached one")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "bench.json")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temporary folder (logs, databases, models)")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    unknown = [w for w in args.what_if if w not in WHATIF_PROCESS]
    if unknown:
        parser.error(f"unknown --what-if patch: {', '.join(unknown)}")
    quick = args.quick
    args.rates = args.rates or ([5.0, 20.0] if quick else [5.0, 10.0, 20.0, 40.0])
    args.duration = args.duration or (10.0 if quick else 20.0)
    args.closed_duration = args.closed_duration or (10.0 if quick else 20.0)
    args.nlu_messages = args.nlu_messages or (200 if quick else 500)
    args.skip_train = args.skip_train or quick
    return args


# ----------------------------------------------------------------------------------------------
# machine


def machine_info() -> Dict[str, Any]:
    import importlib.metadata

    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "-"

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "rasa_sdk": version("rasa-sdk"),
        "sanic": version("sanic"),
        "onnxruntime": version("onnxruntime"),
        "tensorflow": version("tensorflow"),
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain")),
        "loadavg_start": os.getloadavg(),
    }


# ----------------------------------------------------------------------------------------------
# helpers


def resident_texts(count: int) -> List[str]:
    from bot.nlu.training_data import read_examples

    texts = [text for text, _ in read_examples([PROJECT_ROOT / "tests" / "nlu"])]
    if not texts:
        raise SystemExit("no texts in tests/nlu/")
    return [texts[i % len(texts)] for i in range(count)]


def first_reply(url: str, message: str) -> Dict[str, Any]:
    started = time.perf_counter()
    response = requests.post(url, json={"sender": f"bench-first-{secrets.token_hex(4)}", "message": message}, timeout=60)
    elapsed = time.perf_counter() - started
    replies = response.json() if response.status_code == 200 else []
    return {"ms": elapsed * 1000, "status": response.status_code, "replies": len(replies)}


def parse_throughput(base_url: str, token: str, texts: List[str]) -> Dict[str, Any]:
    """Sequential POST /model/parse over one keep-alive connection."""
    session = requests.Session()
    # The product's API takes its token in a header only (bot/rasa_components/server.py).
    session.headers["Authorization"] = f"Bearer {token}"
    url = f"{base_url}/model/parse"
    for text in texts[:10]:
        session.post(url, json={"text": text}, timeout=30)
    latencies = []
    errors = 0
    begin = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        response = session.post(url, json={"text": text}, timeout=30)
        latencies.append(time.perf_counter() - t0)
        if response.status_code != 200:
            errors += 1
    total = time.perf_counter() - begin
    session.close()
    return {"messages": len(texts), "seconds": total, "msgs_per_s": len(texts) / total, "errors": errors,
            **report.latency_summary(latencies)}


def run_inprocess_nlu(model: Path, texts_file: Path, env: Dict[str, str], sampler: RssSampler, name: str,
                      cleanup: Cleanup) -> Dict[str, Any]:
    process = subprocess.Popen([sys.executable, "-m", "bench.nlu_inproc", str(model), str(texts_file)], cwd=PROJECT_ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, text=True)
    cleanup.add(name, lambda: stop_group(process, 2))
    sampler.track(name, process.pid, "nlu in-process")
    out, _ = process.communicate(timeout=600)
    sampler.untrack(name)
    cleanup.run(name)
    if process.returncode != 0:
        raise RuntimeError(f"in-process NLU run for {model} failed (exit {process.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    latencies = result.pop("latencies")
    return {**result, **report.latency_summary(latencies)}


def find_py_spy(explicit: Optional[str]) -> Optional[str]:
    for candidate in [explicit, shutil.which("py-spy"), "/tmp/pyspy/bin/py-spy"]:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


# ----------------------------------------------------------------------------------------------
# the run


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cleanup = Cleanup()
        self.sampler = RssSampler()
        self.results: Dict[str, Any] = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.cache = PROJECT_ROOT / "results" / "bench-cache"
        self.systems: Dict[str, Dict[str, Any]] = {}

    # -- product --------------------------------------------------------------------------------

    def product_settings(self):
        from bot.settings import Settings

        return Settings.from_env({
            **os.environ,
            "BOT_PROJECT_ROOT": str(PROJECT_ROOT),
            "BOT_VAR_DIR": str(self.tmp / "product-var"),
            "BOT_MODELS_DIR": str(self.tmp / "product-models"),
            "BOT_RASA_PORT": str(free_port()),
            "BOT_ACTION_PORT": str(free_port()),
            "BOT_WIDGET_PORT": str(free_port()),
            "BOT_REVIEW_PORT": str(free_port()),
            "RASA_AUTH_TOKEN": secrets.token_urlsafe(16),
            **({"BOT_ENDPOINTS_FILE": "deploy/endpoints.scale-out.yml"} if "two-workers" in self.args.what_if else {}),
            **({"BOT_TRACKER_DB_URL": self.start_postgres()} if self.args.tracker_db == "postgres" else {}),
        })

    def start_postgres(self) -> str:
        """A throw-away PostgreSQL for the product's tracker store; returns its URL."""
        from bot.local_services import start_postgres

        server = start_postgres()
        if server is None:
            raise RuntimeError("--tracker-db postgres needs PostgreSQL (apt-get install postgresql)")
        self.cleanup.add(PRODUCT, server.stop)
        postmaster = int((server.folder / "data" / "postmaster.pid").read_text().split()[0])
        self.sampler.track("product postgres", postmaster, PRODUCT)
        return server.url

    def start_redis(self) -> Dict[str, str]:
        """A throw-away redis-server for the two-workers experiment; returns the Rasa settings for it."""
        from bot.local_services import Redis

        if shutil.which("redis-server") is None:
            raise RuntimeError("--what-if two-workers needs redis-server (apt-get install redis-server)")
        server = Redis(port=free_port())
        server.start()
        self.cleanup.add(PRODUCT, server.stop)
        self.sampler.track("product redis", server.process.pid, PRODUCT)
        return {"BOT_REDIS_HOST": "127.0.0.1", "BOT_REDIS_PORT": str(server.port), "BOT_REDIS_DB": "0", "SANIC_WORKERS": "2"}

    def train_product(self, settings) -> Path:
        from bot.rasa_components.model_loader import newest_model
        from bot.training import is_up_to_date, training_data_paths

        if self.args.skip_train:
            from bot.settings import Settings

            project = Settings.from_env({**os.environ, "BOT_PROJECT_ROOT": str(PROJECT_ROOT)})
            model = newest_model(project.models_dir)
            if not is_up_to_date(project):
                print(f"warning: {model.name} may be older than the training data (run `make train`)", flush=True)
            self.results["train"] = {PRODUCT: None}
            return model
        print("Training the product's model (rasa train --force)...", flush=True)
        out = settings.models_dir
        out.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).with_name("rasa")), "train", "--force", "--config", "config.yml",
                   "--domain", "domain.yml", "--out", str(out), "--data", *[str(p) for p in training_data_paths(settings)]]
        started = time.monotonic()
        with open(self.logs / "product-train.log", "wb") as log:
            subprocess.run(command, cwd=PROJECT_ROOT, env={**os.environ, **settings.rasa_environment()}, check=True,
                           stdout=log, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - started
        self.results.setdefault("train", {})[PRODUCT] = seconds
        print(f"  trained in {seconds:.1f} s", flush=True)
        return newest_model(out)

    def start_product(self, settings, model: Path) -> None:
        from bot.launcher import Stack, prepare_content_store

        started = time.monotonic()
        prepare_content_store(settings)
        content_s = time.monotonic() - started
        stack = Stack(settings, model_path=model)
        stack.build()
        extra = self.start_redis() if "two-workers" in self.args.what_if else {}
        for proc in stack.processes:
            if proc.name == "Rasa server" and extra:
                proc.env = {**proc.env, **extra}
            patches = [w for w in self.args.what_if if WHATIF_PROCESS.get(w) == proc.name and w != "two-workers"]
            if patches:
                path = os.pathsep.join(filter(None, [str(PROJECT_ROOT / "bench" / "whatif"), proc.env.get("PYTHONPATH")]))
                proc.env = {**proc.env, "PYTHONPATH": path, "BENCH_WHATIF": ",".join(patches)}
        self.cleanup.add(PRODUCT, stack.stop)
        print("Starting the product (action server + Rasa server)...", flush=True)
        started = time.monotonic()
        for proc in stack.processes:
            proc.start()
        names = {p.name: "product " + SHORT_NAMES.get(p.name, p.name.replace(" ", "-")) for p in stack.processes}
        for proc in stack.processes:
            self.sampler.track(names[proc.name], proc.process.pid, PRODUCT)
        try:
            # The product's Rasa API answers its health check only with the token in a header.
            ready = wait_healthy({names[p.name]: p.health_url for p in stack.processes},
                                 {names[p.name]: p.process for p in stack.processes}, timeout=300, started=started,
                                 headers={names[p.name]: p.health_headers for p in stack.processes})
        except RuntimeError:
            for proc in stack.processes:
                print(f"--- last lines of {proc.log_path}:\n{proc.log_tail()}", file=sys.stderr)
            raise
        webhook = f"{stack.rasa_url}/webhooks/rest/webhook"
        self.systems[PRODUCT] = {
            "stack": stack, "webhook": webhook, "base": stack.rasa_url, "token": stack.token, "model": model,
            "env": {**os.environ, **settings.rasa_environment()}, "processes": list(names.values()) + (["product redis"] if extra else []),
            "pids": {names[p.name]: p.process.pid for p in stack.processes},
            "startup": {"content_store_s": content_s, "ready_s": ready, "all_ready_s": max(ready.values())},
        }
        self.systems[PRODUCT]["startup"]["first_reply"] = first_reply(webhook, "hi")
        print(f"  ready in {max(ready.values()):.1f} s", flush=True)

    # -- stock ------------------------------------------------------------------------------------

    def prepare_stock(self) -> Dict[str, Any]:
        from bench import stock

        env = stock.base_env()
        scaffold = stock.init_scaffold(self.cache, env, fresh=self.args.fresh_stock)
        workdir = stock.make_project(scaffold, self.tmp / "stock")
        fingerprint = stock.project_fingerprint(workdir)
        model = stock.cached_model(self.cache, fingerprint) if self.args.skip_train else None
        if model is None:
            print("Training the stock assistant (rasa train --force)...", flush=True)
            model, seconds = stock.train(workdir, env, self.logs / "stock-train.log")
            stock.keep_model(self.cache, fingerprint, model)
            print(f"  trained in {seconds:.1f} s", flush=True)
            if not self.args.skip_train:
                self.results.setdefault("train", {})[STOCK] = seconds
        return {"workdir": workdir, "model": model, "env": env}

    def start_stock(self, prepared: Dict[str, Any]) -> None:
        from bench import stock

        token = secrets.token_urlsafe(16)
        rasa_port, action_port = free_port(), free_port()
        procs = stock.processes(prepared["workdir"], prepared["model"], rasa_port, action_port, token, prepared["env"], self.logs)
        self.cleanup.add(STOCK, lambda: [p.stop() for p in reversed(procs)])
        print("Starting the stock assistant (action server + Rasa server)...", flush=True)
        started = time.monotonic()
        for proc in procs:
            proc.start()
            self.sampler.track(proc.name, proc.process.pid, STOCK)
        try:
            ready = wait_healthy({p.name: p.health_url for p in procs}, {p.name: p.process for p in procs}, timeout=300,
                                 started=started)
        except RuntimeError:
            for proc in procs:
                print(f"--- last lines of {proc.log_path}:\n{proc.log_tail()}", file=sys.stderr)
            raise
        base = f"http://127.0.0.1:{rasa_port}"
        webhook = f"{base}/webhooks/rest/webhook"
        self.systems[STOCK] = {
            "webhook": webhook, "base": base, "token": token, "model": prepared["model"], "env": prepared["env"],
            "processes": ["stock rasa", "stock actions"], "pids": {p.name: p.process.pid for p in procs},
            "startup": {"content_store_s": None, "ready_s": ready, "all_ready_s": max(ready.values())},
        }
        self.systems[STOCK]["startup"]["first_reply"] = first_reply(webhook, "hi")
        print(f"  ready in {max(ready.values()):.1f} s", flush=True)

    # -- load -------------------------------------------------------------------------------------

    def load_plan(self, profile_only: bool = False) -> Dict[str, Any]:
        from bot.conversation.replies import SAFE_FAILURE_TEXT

        scripts = {PRODUCT: conversations.PRODUCT_SCRIPTS, STOCK: conversations.STOCK_SCRIPTS}
        safe = {PRODUCT: SAFE_FAILURE_TEXT, STOCK: None}
        targets = [t for t in (PRODUCT, STOCK) if t in self.systems]

        def phase(target: str, name: str, mode: str, **extra: Any) -> Dict[str, Any]:
            return {"name": name, "target": target, "url": self.systems[target]["webhook"], "mode": mode,
                    "scripts": scripts[target], "safe_failure_text": safe[target], "max_conversation": 20,
                    "pause_after": 2.0, **extra}

        if profile_only:
            phases = [phase(target, "profile", "closed", residents=20, duration=self.args.profile_seconds) for target in targets]
        else:
            phases = [phase(t, "warmup", "warmup") for t in targets]
            phases += [phase(t, "prime", "prime", residents=200, pool=f"{t}-open", concurrency=10) for t in targets]
            for index, rate in enumerate(self.args.rates):
                order = targets if index % 2 == 0 else list(reversed(targets))
                for target in order:
                    phases.append(phase(target, f"open-{rate:g}", "open", rate=rate, residents=200, pool=f"{target}-open",
                                        duration=self.args.duration, max_messages=int(rate * self.args.duration * 1.2) + 1))
            order = targets if len(self.args.rates) % 2 == 0 else list(reversed(targets))
            for target in order:
                phases.append(phase(target, "closed", "closed", residents=20, duration=self.args.closed_duration,
                                    max_messages=int(self.args.closed_duration * 400)))
        return {"phases": phases, "timeout": 15.0, "seed": self.args.seed, "run_id": secrets.token_hex(3)}

    def run_load(self, plan: Dict[str, Any], label: str, during=None) -> List[Dict[str, Any]]:
        plan_file = self.tmp / f"{label}-plan.json"
        out_file = self.tmp / f"{label}-results.jsonl"
        plan_file.write_text(json.dumps(plan))
        process = subprocess.Popen([sys.executable, "-m", "bench.loadgen", str(plan_file), str(out_file)], cwd=PROJECT_ROOT,
                                   env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, start_new_session=True)
        self.cleanup.add(label, lambda: stop_group(process, 5))
        self.sampler.track(label, process.pid, "load generator")
        if during is not None:
            during()
        process.wait()
        self.sampler.untrack(label)
        self.cleanup.run(label)
        if process.returncode != 0:
            raise RuntimeError(f"the load generator failed (exit {process.returncode})")
        return [json.loads(line) for line in out_file.read_text().splitlines() if line.strip()]

    def profile(self) -> Optional[Dict[str, Any]]:
        """py-spy on each system's Rasa server and action server during an extra closed-loop phase each."""
        py_spy = find_py_spy(self.args.py_spy)
        if py_spy is None:
            print("warning: --profile needs py-spy (pip install --target /tmp/pyspy py-spy); skipping the profile", flush=True)
            return None
        from bench import profile as profiling

        seconds = self.args.profile_seconds
        summary: Dict[str, Any] = {}
        for target, system in self.systems.items():
            outputs: Dict[str, Path] = {}
            spies: List[subprocess.Popen] = []

            def attach() -> None:
                time.sleep(1.0)
                for name, pid in system["pids"].items():
                    if not name.endswith(("rasa", "actions")):
                        continue
                    out = self.tmp / f"profile-{name.replace(' ', '-')}.txt"
                    outputs[name] = out
                    spies.append(subprocess.Popen(
                        [py_spy, "record", "--pid", str(pid), "--duration", str(int(seconds - 3)), "--rate", "100", "--format", "raw",
                         "--idle", "--threads", "--subprocesses", "--output", str(out)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

            print(f"Profiling {target} with py-spy during a {seconds:.0f} s closed-loop phase...", flush=True)
            plan = self.load_plan(profile_only=True)
            plan["phases"] = [p for p in plan["phases"] if p["target"] == target]
            phases = self.run_load(plan, f"profile-load-{target}", during=attach)
            for spy in spies:
                try:
                    spy.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    spy.kill()
            summary[target] = {"load": self.phase_summary(phases[0]) if phases else None, "servers": {}}
            for name, path in outputs.items():
                if path.is_file():
                    suffix = "-whatif" if self.args.what_if else ""
                    kept = PROJECT_ROOT / "results" / f"bench-{path.stem}{suffix}{path.suffix}"
                    shutil.copy2(path, kept)
                    summary[target]["servers"][name] = {**profiling.summarise(path), "raw_file": str(kept.relative_to(PROJECT_ROOT))}
        return summary

    def phase_summary(self, raw: Dict[str, Any]) -> Dict[str, Any]:
        """report.phase_summary plus the CPU each process of the target used per reply in that phase."""
        summary = report.phase_summary(raw)
        start, end = raw.get("first_send"), raw.get("last_done")
        cpu: Dict[str, Any] = {}
        if start and end and end > start and raw["ok"]:
            names = list(self.systems[raw["target"]]["processes"]) + [n for n in self.sampler.peak_rss_kb if "load" in n]
            for name in names:
                used = self.sampler.cpu_between(name, start, end)
                if used is not None:
                    cpu[name] = {"ms_per_reply": used * 1000 / raw["ok"], "cores": used / (end - start)}
        summary["cpu"] = cpu
        return summary

    # -- everything -------------------------------------------------------------------------------

    def run(self) -> Dict[str, Any]:
        args = self.args
        args.profile_seconds = 15.0
        self.results["machine"] = machine_info()
        self.sampler.start()
        self.cleanup.add("sampler", self.sampler.stop)
        settings = self.product_settings()
        product_model = self.train_product(settings)
        stock_prepared = None if args.skip_stock else self.prepare_stock()

        self.start_product(settings, product_model)
        if stock_prepared is not None:
            self.start_stock(stock_prepared)

        texts = resident_texts(args.nlu_messages)
        texts_file = self.tmp / "nlu-texts.json"
        texts_file.write_text(json.dumps(texts))
        nlu: Dict[str, Dict[str, Any]] = {}
        for target, system in self.systems.items():
            print(f"NLU through /model/parse ({target}, {len(texts)} messages, sequential)...", flush=True)
            nlu[target] = {"http": parse_throughput(system["base"], system["token"], texts)}

        print("End-to-end load through the REST channel (load generator in its own process)...", flush=True)
        phases = self.run_load(self.load_plan(), "loadgen")
        load = [self.phase_summary(p) for p in phases]
        profile = self.profile() if args.profile else None

        self.results["loadavg_after_load"] = os.getloadavg()
        for system in self.systems.values():
            for name in system["processes"]:
                self.sampler.untrack(name)
        self.cleanup.run(PRODUCT)
        self.cleanup.run(STOCK)

        for target, system in self.systems.items():
            print(f"NLU in-process via ModelParser ({target})...", flush=True)
            nlu[target]["in_process"] = run_inprocess_nlu(system["model"], texts_file, {**system["env"], "PYTHONPATH": str(PROJECT_ROOT)},
                                                          self.sampler, f"{target} nlu in-process", self.cleanup)

        self.results.update({
            "startup": {t: s["startup"] for t, s in self.systems.items()},
            "nlu": nlu,
            "load": load,
            "memory": self.sampler.report(),
            "memory_systems": self.sampler.system_report(),
            "memory_systems_pss": self.sampler.system_pss_report(),
            "profile": profile,
        })
        self.results["machine"]["loadavg_end"] = os.getloadavg()
        return self.results

    def close(self) -> None:
        self.cleanup.run()
        if self.args.keep_tmp:
            print(f"Temporary files kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    for name, value in {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
                        "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}.items():
        os.environ[name] = value

    def on_term(signum, frame):  # noqa: ARG001 - signal handler signature
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    bench = Bench(args)
    started = time.monotonic()
    try:
        results = bench.run()
    except KeyboardInterrupt:
        print("\nInterrupted; stopping every process started by the benchmark...", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        args.keep_tmp = True
        return 1
    finally:
        bench.close()
    results["wall_seconds"] = time.monotonic() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(report.render(results))
    print(f"\nResults written to {args.out} (total {results['wall_seconds'] / 60:.1f} min)")
    return 0
