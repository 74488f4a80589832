"""Summaries of raw measurements and the printed table (Markdown, so it can go into docs/benchmarks.md)."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

GOALS = {"p95_at_20_ms": 100.0, "saturation_msgs_per_s": 60.0, "errors": 0, "rss_total_mb": 1536.0}


def percentile(values: List[float], q: float) -> Optional[float]:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(seconds: Iterable[float]) -> Dict[str, Any]:
    values = [s * 1000.0 for s in seconds]
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    return {"n": len(values), "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "p99_ms": percentile(values, 99), "max_ms": max(values), "mean_ms": sum(values) / len(values)}


def phase_summary(raw: Dict[str, Any]) -> Dict[str, Any]:
    samples = raw["samples"]
    kinds: Dict[str, List[float]] = {}
    for kind, latency, _first in samples:
        kinds.setdefault(kind, []).append(latency)
    busy = (raw["last_done"] - raw["first_send"]) if raw.get("first_send") and raw.get("last_done") else None
    error_count = sum(raw["errors"].values())
    return {
        "name": raw["name"], "target": raw["target"], "mode": raw["mode"], "rate": raw.get("rate"),
        "window_s": raw["window_s"], "sent": raw["sent"], "ok": raw["ok"], "errors": raw["errors"], "error_count": error_count,
        "safe_failures": raw["safe_failures"], "no_idle_resident": raw["no_idle_resident"],
        "achieved_rate": raw["sent"] / raw["window_s"] if raw["window_s"] else None,
        "throughput": raw["ok"] / busy if busy else None,
        "latency": latency_summary(s[1] for s in samples),
        "latency_first_in_conversation": latency_summary(s[1] for s in samples if s[2]),
        "latency_by_kind": {k: latency_summary(v) for k, v in sorted(kinds.items())},
        "send_lag": latency_summary(raw.get("send_lags") or []),
    }


# ----------------------------------------------------------------------------------------------


def _f(value: Optional[float], digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}"


def _table(header: List[str], rows: List[List[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def _phase(results: Dict[str, Any], target: str, name: str) -> Optional[Dict[str, Any]]:
    for phase in results.get("load") or []:
        if phase["target"] == target and phase["name"] == name:
            return phase
    return None


def _errors(phase: Optional[Dict[str, Any]]) -> str:
    if phase is None:
        return "-"
    text = str(phase["error_count"])
    if phase["errors"]:
        text += " (" + ", ".join(f"{k} {v}" for k, v in sorted(phase["errors"].items())) + ")"
    if phase.get("no_idle_resident"):
        text += f", {phase['no_idle_resident']} arrivals found every resident waiting"
    if phase["safe_failures"]:
        text += f", {phase['safe_failures']} safe-failure replies"
    return text


def render(results: Dict[str, Any]) -> str:
    m = results["machine"]
    out: List[str] = [
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB RAM, Python {m['python']}, Rasa {m['rasa']}, "
        f"rasa-sdk {m['rasa_sdk']}; {m['date']}; load average at start {m['loadavg_start'][0]:.2f}, "
        f"at end {m.get('loadavg_end', [0])[0]:.2f}",
        "",
    ]
    what_if = (results.get("settings") or {}).get("what_if")
    if what_if:
        out += [f"**What-if run**: the product's processes were patched with {', '.join(what_if)} (bench/whatif/); "
                "these are not the product's own figures.", ""]
    has_stock = "stock" in (results.get("startup") or {})
    P, S = "product", "stock"
    su = results.get("startup") or {}
    train = results.get("train") or {}
    nlu = results.get("nlu") or {}

    def pair(label: str, p: Optional[float], s: Optional[float], digits: int = 1, unit_ratio: bool = True) -> List[str]:
        return [label, _f(p, digits), _f(s, digits) if has_stock else "-", _ratio(p, s) if has_stock and unit_ratio else "-"]

    rows = [
        pair("training, `rasa train --force` (s)", train.get(P), train.get(S)),
        pair("content store prepare (s)", su.get(P, {}).get("content_store_s"), None, 2, False),
        pair("action server answers /health (s)", _ready(su, P, "actions"), _ready(su, S, "actions")),
        pair("Rasa server answers /status (s)", _ready(su, P, "rasa"), _ready(su, S, "rasa")),
        *[pair(f"{name[len('product '):]} server answers (s, product only)", seconds, None, 1, False)
          for name, seconds in sorted(((su.get(P) or {}).get("ready_s") or {}).items())
          if name not in ("product rasa", "product actions")],
        pair("every server answers (s)", su.get(P, {}).get("all_ready_s"), su.get(S, {}).get("all_ready_s")),
        pair("first reply after ready, cold (ms)", su.get(P, {}).get("first_reply", {}).get("ms"),
             su.get(S, {}).get("first_reply", {}).get("ms"), 0),
        pair("NLU /model/parse, sequential (msg/s)", nlu.get(P, {}).get("http", {}).get("msgs_per_s"),
             nlu.get(S, {}).get("http", {}).get("msgs_per_s")),
        pair("NLU /model/parse p50 (ms)", nlu.get(P, {}).get("http", {}).get("p50_ms"), nlu.get(S, {}).get("http", {}).get("p50_ms")),
        pair("NLU in-process ModelParser (msg/s)", nlu.get(P, {}).get("in_process", {}).get("msgs_per_s"),
             nlu.get(S, {}).get("in_process", {}).get("msgs_per_s")),
        pair("NLU in-process p50 (ms)", nlu.get(P, {}).get("in_process", {}).get("p50_ms"),
             nlu.get(S, {}).get("in_process", {}).get("p50_ms")),
    ]
    out += ["Training, start-up, NLU", "", _table(["", "product", "stock", "product/stock"], rows), ""]

    rates = sorted({p["rate"] for p in results.get("load") or [] if p["mode"] == "open"})
    rows = []
    for rate in rates:
        for target in ([P, S] if has_stock else [P]):
            ph = _phase(results, target, f"open-{rate:g}")
            if ph is None:
                continue
            lat = ph["latency"]
            rows.append([f"{rate:g}", target, _f(ph["achieved_rate"], 1), str(ph["sent"]), _f(lat["p50_ms"]), _f(lat["p95_ms"]),
                         _f(lat["p99_ms"]), _f(lat["max_ms"]), _errors(ph), _f(ph["send_lag"]["p99_ms"], 1)])
        if has_stock:
            p, s = _phase(results, P, f"open-{rate:g}"), _phase(results, S, f"open-{rate:g}")
            if p and s:
                rows.append([f"{rate:g}", "**ratio**", _ratio(p["achieved_rate"], s["achieved_rate"]), "",
                             _ratio(p["latency"]["p50_ms"], s["latency"]["p50_ms"]), _ratio(p["latency"]["p95_ms"], s["latency"]["p95_ms"]),
                             _ratio(p["latency"]["p99_ms"], s["latency"]["p99_ms"]), "", "", ""])
    out += ["Open loop (Poisson arrivals, 200 residents, REST channel end to end)", "",
            _table(["msg/s", "system", "achieved msg/s", "sent", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "send lag p99 ms"],
                   rows), ""]

    rows = []
    for target in ([P, S] if has_stock else [P]):
        ph = _phase(results, target, "closed")
        if ph is None:
            continue
        rows.append([target, _f(ph["throughput"], 1), str(ph["ok"]), _f(ph["latency"]["p50_ms"]), _f(ph["latency"]["p95_ms"]),
                     _f(ph["latency"]["p99_ms"]), _errors(ph)])
    if has_stock and _phase(results, P, "closed") and _phase(results, S, "closed"):
        p, s = _phase(results, P, "closed"), _phase(results, S, "closed")
        rows.append(["**ratio**", _ratio(p["throughput"], s["throughput"]), "", _ratio(p["latency"]["p50_ms"], s["latency"]["p50_ms"]),
                     _ratio(p["latency"]["p95_ms"], s["latency"]["p95_ms"]), _ratio(p["latency"]["p99_ms"], s["latency"]["p99_ms"]), ""])
    out += ["Closed loop (20 residents, next message as soon as the reply arrives)", "",
            _table(["system", "msg/s at saturation", "replies", "p50 ms", "p95 ms", "p99 ms", "errors"], rows), ""]

    mem = results.get("memory") or {}
    systems = results.get("memory_systems") or {}

    def mb(name: str, key: str = "hwm_mb") -> Optional[float]:
        return (mem.get(name) or {}).get(key)

    rows = [
        pair("Rasa server, peak RSS (VmHWM, MB)", mb("product rasa"), mb("stock rasa"), 0),
        pair("action server, peak RSS (VmHWM, MB)", mb("product actions"), mb("stock actions"), 0),
        *[pair(f"{name[len('product '):]} server, peak RSS (VmHWM, MB; product only)", mb(name), None, 0)
          for name in sorted(mem) if name.startswith("product ") and name not in ("product rasa", "product actions")
          and "in-process" not in name],
        pair("all servers together, peak of summed RSS (MB)", systems.get("product"), systems.get("stock"), 0),
        pair("all servers together, peak of summed PSS (MB; shared pages counted once)",
             (results.get("memory_systems_pss") or {}).get("product"), (results.get("memory_systems_pss") or {}).get("stock"), 0),
        pair("in-process NLU (ModelParser) process (MB)", mb("product nlu in-process"), mb("stock nlu in-process"), 0),
        ["load generator, peak RSS (MB)", _f(mb("loadgen"), 0), "(same process)", "-"],
    ]
    out += ["Peak memory (whole process trees, sampled every 0.25 s from /proc)", "",
            _table(["", "product", "stock", "product/stock"], rows), ""]

    # goals
    p20 = _phase(results, P, "open-20")
    closed = _phase(results, P, "closed")
    product_phases = [p for p in results.get("load") or [] if p["target"] == P and p["mode"] != "warmup"]
    errors = sum(p["error_count"] for p in product_phases)
    rss = systems.get("product")
    goals = [
        ["p95 at 20 msg/s <= 100 ms", _f(p20["latency"]["p95_ms"]) + " ms" if p20 else "not measured",
         _verdict(p20 and p20["latency"]["p95_ms"] is not None and p20["latency"]["p95_ms"] <= GOALS["p95_at_20_ms"], p20)],
        ["saturation >= 60 msg/s", _f(closed["throughput"], 1) + " msg/s" if closed else "not measured",
         _verdict(closed and closed["throughput"] >= GOALS["saturation_msgs_per_s"], closed)],
        ["0 errors (all load phases)", str(errors), _verdict(errors == 0, product_phases)],
        ["<= 1.5 GB RSS, all product processes", _f(rss, 0) + " MB" if rss else "not measured",
         _verdict(rss is not None and rss <= GOALS["rss_total_mb"], rss)],
    ]
    out += ["Product goals", "", _table(["goal", "measured", "met"], goals)]
    # CPU per reply
    rows = []
    for phase in results.get("load") or []:
        if phase["mode"] not in ("open", "closed") or not phase.get("cpu"):
            continue
        if phase["mode"] == "open" and phase["rate"] not in (20.0, 20):
            continue
        for name, cpu in phase["cpu"].items():
            rows.append([f"{phase['name']} ({phase['target']})", name, _f(cpu["ms_per_reply"], 1), _f(cpu["cores"], 2)])
    if rows:
        out += ["", "CPU used per reply (from /proc, whole process trees; 1.00 core = one CPU fully busy)", "",
                _table(["phase", "process", "CPU ms per reply", "cores busy"], rows)]
    for target, prof in (results.get("profile") or {}).items():
        out += ["", f"Profile of the {target} (py-spy, closed loop, 20 residents): where each server's main thread spends "
                    "its busy samples", ""]
        for name, server in prof.get("servers", {}).items():
            busy = server.get("main_busy_fraction")
            other = server.get("other_threads_busy")
            out.append(f"{name}: main thread busy {_f(busy * 100 if busy is not None else None)}% of the time; other threads "
                       f"together busy {_f(other * 100 if other is not None else None)}% of one CPU")
            rows = [[cat, _f(share * 100, 1) + "%"] for cat, share in server.get("main_busy_categories", []) if share >= 0.005]
            if rows:
                out += ["", _table(["main thread, busy samples", "share"], rows), ""]
    return "\n".join(out)


def _ready(startup: Dict[str, Any], target: str, short: str) -> Optional[float]:
    return ((startup.get(target) or {}).get("ready_s") or {}).get(f"{target} {short}")


def _verdict(ok: Any, measured: Any) -> str:
    if measured is None:
        return "-"
    return "yes" if ok else "**no**"
