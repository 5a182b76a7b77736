"""Benchmark, side by side with Rasa's own starter bot (what `make bench` runs).

    make bench                 # everything: both trainings, both servers, load, memory
    make bench ARGS=--no-train # skip the two timed trainings (serves models/ and a starter bot)

In one run, on this machine, with the same Rasa install:

* training time: this assistant (`rasa train --force` as `make train` runs it)
  and Rasa's starter bot (`rasa init --no-prompt` in a temporary folder, then
  `rasa train --force` there);
* server start time, until each answers;
* latency and throughput with the same load against both: CONCURRENCY
  conversations at once, TOTAL messages in all, each conversation a realistic
  sequence for that bot; p50, p95, messages per second and the ratios;
* memory (RSS) of both Rasa servers after the load, and of this assistant's
  action server; then what the large parts take (bench/memory_parts.py);
* round trips: HTTP calls from Rasa to the action server per user message,
  counted by a relay between the two;
* redaction time per message.

Prints figures; asserts nothing (tests check behaviour, not timings). Ports
16005/16055/16056/16105 so it can run beside `make run`. Only loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.disable(logging.INFO)  # the figures only; no client chatter

import httpx  # noqa: E402
import psutil  # noqa: E402

from bot.config import PROJECT_DIR, rasa_train_args, runtime_env, settings  # noqa: E402
from bot.launcher import stop, wait_http  # noqa: E402

CONCURRENCY = 10
TOTAL = 200
PORT, ACTION_PORT, RELAY_PORT, STARTER_PORT = 16005, 16055, 16056, 16105

# What a professional types and clicks through a consultation, with a knowledge question.
CONVERSATION = [
    "hallo",
    "ik ben leerkracht en ik maak me zorgen over een leerling",
    '/inform{"choice":"gedrag"}',
    '/inform{"choice":"vaker"}',
    "/deny",
    "/affirm",
    "/affirm",
    "/affirm",
    "wat is structurele onveiligheid?",
    "/affirm",
    "/deny",
    "/affirm",
    "/affirm",
    "/affirm",
    "samenvatting",
]
# The starter bot's own paths (its stories: greet, mood, cheer up, bot challenge).
STARTER_CONVERSATION = ["hello", "I am sad", "no", "hi", "great", "are you a bot?", "bye"]


def train_seconds(cmd: list[str], cwd: Path) -> float:
    start = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env=runtime_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def make_starter_bot(folder: Path) -> None:
    """Rasa's starter bot, exactly as `rasa init --no-prompt` makes and trains it."""
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder,
        env=runtime_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class CountingRelay:
    """A TCP relay in front of the action server that counts the HTTP requests it passes."""

    def __init__(self, listen: int, target: int) -> None:
        self.listen, self.target = listen, target
        self.requests = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, count: bool) -> None:
        try:
            while data := await reader.read(65536):
                if count:
                    # each request starts with its method; keep-alive sends several per connection
                    self.requests += data.count(b"POST /webhook")
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        await asyncio.gather(self._pipe(reader, up_writer, True), self._pipe(up_reader, writer, False))

    def __enter__(self) -> CountingRelay:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", self.listen), self._loop
        ).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


async def load(
    url: str, conversation: list[str], total: int = TOTAL, concurrency: int = CONCURRENCY
) -> tuple[list[float], float]:
    """Latencies of `total` messages over `concurrency` conversations at once, and the wall time."""
    latencies: list[float] = []

    async def worker(client: httpx.AsyncClient, i: int) -> None:
        sender = f"bench-{i}-{time.time_ns()}"
        for n in range(total // concurrency):
            start = time.monotonic()
            response = await client.post(url, json={"sender": sender, "message": conversation[n % len(conversation)]})
            response.raise_for_status()
            latencies.append(time.monotonic() - start)

    async with httpx.AsyncClient(timeout=120) as client:
        await client.post(url, json={"sender": "warm-up", "message": conversation[0]})
        start = time.monotonic()
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
        return latencies, time.monotonic() - start


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def figures(latencies: list[float], wall: float) -> dict[str, float]:
    q = statistics.quantiles(latencies, n=100)
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "throughput": len(latencies) / wall}


def start(cmd: list[str], cwd: Path, env: dict[str, str], health: str) -> tuple[subprocess.Popen, float]:
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(health, 300, proc)
    return proc, time.monotonic() - t0


def bench_redaction() -> None:
    from bot.privacy.redactor import redactor
    from tests.privacy_sets import identifying_set

    red = redactor()
    timings = []
    for message, _ in identifying_set():
        t0 = time.perf_counter()
        red.redact(message)
        timings.append(time.perf_counter() - t0)
    q = statistics.quantiles(timings, n=100)
    print(f"redaction per message:          p50 {q[49] * 1000:.2f} ms, p95 {q[94] * 1000:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-train", action="store_true", help="skip the two timed trainings")
    args = parser.parse_args()
    os.environ["MELDCODE_PORT"], os.environ["MELDCODE_ACTION_PORT"] = str(PORT), str(ACTION_PORT)
    # The load comes from one address, quicker than a person types: no request limits here.
    os.environ["MELDCODE_RATE_PER_ADDRESS"] = os.environ["MELDCODE_RATE_PER_CONVERSATION"] = "0"
    cfg = settings()
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
        f"load: {TOTAL} messages, {CONCURRENCY} conversations at once"
    )
    bench_redaction()
    starter = Path(tempfile.mkdtemp(prefix="rasa-starter-"))
    procs: list[subprocess.Popen] = []
    try:
        make_starter_bot(starter)
        rasa = [sys.executable, "-m", "rasa"]
        if not args.no_train:
            ours = train_seconds(
                [*rasa, *rasa_train_args(starter / "ours"), "--force"],
                PROJECT_DIR,
            )
            theirs = train_seconds([*rasa, "train", "--force"], starter)
            print(
                f"training (forced):              assistant {ours:6.1f} s   starter bot {theirs:6.1f} s"
                f"   ratio {ours / theirs:.2f}"
            )

        env = runtime_env()
        rasa_env = {**env, "MELDCODE_ACTION_PORT": str(RELAY_PORT)}
        from bot.launcher import action_server_cmd, model_path, rasa_server_cmd

        with CountingRelay(RELAY_PORT, ACTION_PORT) as relay:
            actions, _ = start(action_server_cmd(cfg), PROJECT_DIR, env, f"http://{cfg.host}:{ACTION_PORT}/health")
            procs.append(actions)
            server, our_start = start(
                rasa_server_cmd(cfg, model_path(), (), rasa_env), PROJECT_DIR, rasa_env, f"{cfg.rasa_url}/webhooks/web/"
            )
            procs.append(server)
            their_server, their_start = start(
                [*rasa, "run", "--model", "models", "--interface", "127.0.0.1", "--port", str(STARTER_PORT)],
                starter,
                runtime_env(),
                f"http://127.0.0.1:{STARTER_PORT}/webhooks/rest/",
            )
            procs.append(their_server)
            print(f"server start (answering):       assistant {our_start:6.1f} s   starter bot {their_start:6.1f} s")

            # one conversation alone: the round trips per message, and single-message latency
            relay.requests = 0
            alone, _ = asyncio.run(
                load(f"{cfg.rasa_url}/webhooks/web/webhook", CONVERSATION, total=len(CONVERSATION), concurrency=1)
            )
            calls = relay.requests
            their_alone, _ = asyncio.run(
                load(
                    f"http://127.0.0.1:{STARTER_PORT}/webhooks/rest/webhook",
                    STARTER_CONVERSATION,
                    total=len(STARTER_CONVERSATION) * 2,
                    concurrency=1,
                )
            )
            print(
                f"one conversation alone, p50:    assistant {statistics.median(alone) * 1000:6.0f} ms"
                f"   starter bot {statistics.median(their_alone) * 1000:6.0f} ms"
            )
            print(
                f"action server calls:            {calls} for {len(CONVERSATION)} messages "
                f"({calls / len(CONVERSATION):.2f} per message)"
            )

            ours = figures(*asyncio.run(load(f"{cfg.rasa_url}/webhooks/web/webhook", CONVERSATION)))
            theirs = figures(
                *asyncio.run(load(f"http://127.0.0.1:{STARTER_PORT}/webhooks/rest/webhook", STARTER_CONVERSATION))
            )
            print(
                f"{CONCURRENCY} concurrent, p50:              assistant {ours['p50']:6.0f} ms"
                f"   starter bot {theirs['p50']:6.0f} ms   ratio {ours['p50'] / theirs['p50']:.2f}"
            )
            print(
                f"{CONCURRENCY} concurrent, p95:              assistant {ours['p95']:6.0f} ms"
                f"   starter bot {theirs['p95']:6.0f} ms   ratio {ours['p95'] / theirs['p95']:.2f}"
            )
            print(
                f"{CONCURRENCY} concurrent, throughput:       assistant {ours['throughput']:6.1f}/s"
                f"   starter bot {theirs['throughput']:6.1f}/s   ratio "
                f"{ours['throughput'] / theirs['throughput']:.2f}"
            )
            print(
                f"memory (RSS), Rasa server:      assistant {rss_mb(server.pid):6.0f} MB"
                f"   starter bot {rss_mb(their_server.pid):6.0f} MB"
            )
            print(f"memory (RSS), action server:    assistant {rss_mb(actions.pid):6.0f} MB")
            workers = [
                p.pid
                for p in psutil.Process(server.pid).children()
                if "bot.privacy.redaction_pool" in " ".join(p.cmdline())
            ]
            print(
                f"memory (RSS), redaction workers: {len(workers)} x "
                f"{sum(rss_mb(pid) for pid in workers) / max(1, len(workers)):.0f} MB (beside the Rasa server)"
            )
    finally:
        stop(procs)
        shutil.rmtree(starter, ignore_errors=True)
    parts = ROOT / "bench" / "memory_parts.py"
    if parts.exists():
        subprocess.run([sys.executable, str(parts)], cwd=PROJECT_DIR, env=runtime_env(), check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
