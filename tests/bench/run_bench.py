"""Benchmark: training time, server start time, memory, web latency.

    make bench            # everything (retrains into a temporary folder)
    make bench ARGS=--no-train

Prints figures; asserts nothing. Ports 16005/16055 so it can run beside `make run`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil  # noqa: E402

from bot.config import PROJECT_DIR, runtime_env, settings  # noqa: E402
from bot.launcher import running_servers  # noqa: E402

CONVERSATION = [
    "hallo",
    "ik ben leerkracht en ik maak me zorgen over een leerling",
    '/inform{"choice":"gedrag"}',
    '/inform{"choice":"vaker"}',
    "/deny", "/affirm", "/affirm", "/affirm",
    "wat is structurele onveiligheid?",
    "/affirm", "/deny", "/affirm", "/affirm", "/affirm",
    "samenvatting",
]


def bench_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--force", "--out", out,
             "--config", "config.yml", "--domain", "domain.yml", "--data", "data"],
            cwd=PROJECT_DIR, env=runtime_env(), check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - start


def post(url: str, sender: str, message: str) -> float:
    data = json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    start = time.monotonic()
    with urllib.request.urlopen(req, timeout=60) as resp:
        resp.read()
    return time.monotonic() - start


def bench_latency(url: str, total: int = 200, concurrency: int = 10) -> list[float]:
    per_worker = total // concurrency
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        sender = f"bench-{i}-{time.time_ns()}"
        for n in range(per_worker):
            took = post(url, sender, CONVERSATION[n % len(CONVERSATION)])
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        total += child.memory_info().rss
    return total / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-train", action="store_true")
    args = parser.parse_args()
    os.environ["MELDCODE_PORT"] = "16005"
    os.environ["MELDCODE_ACTION_PORT"] = "16055"
    cfg = settings()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    from bot.privacy.redactor import redactor
    from tests.privacy_sets import identifying_set

    red = redactor()
    timings = []
    for message, _ in identifying_set():
        t0 = time.perf_counter()
        red.redact(message)
        timings.append(time.perf_counter() - t0)
    q = statistics.quantiles(timings, n=100)
    print(f"redaction per message:         p50 {q[49] * 1000:.2f} ms   p95 {q[94] * 1000:.2f} ms")
    if not args.no_train:
        print(f"training (full, forced):       {bench_training():7.1f} s")
    with open(os.devnull, "w") as devnull, running_servers(cfg, stdout=devnull) as info:
        print(f"server start (both ready):     {info['rasa_started_s']:7.1f} s")
        url = f"{cfg.rasa_url}/webhooks/web/webhook"
        post(url, "warm-up", "hallo")
        lat = sorted(bench_latency(url))
        q = statistics.quantiles(lat, n=100)
        print(f"web latency, {len(lat)} msgs, 10 concurrent: p50 {q[49] * 1000:6.0f} ms"
              f"   p95 {q[94] * 1000:6.0f} ms   max {lat[-1] * 1000:6.0f} ms")
        print(f"memory (RSS) rasa server:      {rss_mb(info['rasa'].pid):7.0f} MB")
        print(f"memory (RSS) action server:    {rss_mb(info['actions'].pid):7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
