"""In-process NLU throughput: `python -m bench.nlu_inproc MODEL TEXTS.json` prints one JSON line.

Loads the model once with bot.rasa_components.model_loader.ModelParser (the same full pipeline
`bot triage` uses), parses a few texts to warm up, then times parsing every text sequentially.
Runs in its own process so the benchmark's own process never loads TensorFlow.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv) -> int:
    model, texts_file = argv
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    from bot.rasa_components.model_loader import ModelParser

    parser = ModelParser(Path(model))
    parser.parse_many(texts[:10])
    load_s = time.perf_counter() - started
    latencies = []
    begin = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        parser.parse(text)
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - begin
    parser.close()
    hwm_kb = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm_kb = int(line.split()[1])
    print(json.dumps({"messages": len(texts), "seconds": total, "msgs_per_s": len(texts) / total,
                      "load_and_warm_s": load_s, "latencies": latencies, "hwm_mb": hwm_kb / 1024}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
