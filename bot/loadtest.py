"""`make loadtest`: 50 users at once through haproxy, with 1 and with 2 replicas (#30).

Each user types whole consultations in free Dutch, one after the other, each
under a new sender id, waiting for every reply before typing the next
message, as a person at the widget does. A run ends when the users have
finished `total` conversations, or at `time_limit` seconds. Only loopback
addresses are allowed: this is not a tool to load someone else's server.

Printed per run: messages per second, the latency of a message (p50, p95,
max), errors (anything but a 200 with at least one reply text, including a
failed connection) and how many conversations reached an outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

import aiohttp

from bot.launcher import LauncherError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Typed consultations (lowercase, short, a typo here and there), each to an outcome.
SCRIPTS = (
    (
        "hoi ik ben leerkracht in groep 6 en maak me zorgen over een meisje",
        "ze komt vaak zonder eten naar school en heeft vieze kleren aan",
        "nee ze is enig kind",
        "ja met de intern begeleider",
        "nee nog niet",
        "ja met haar vader gepraat",
        "ja",
        "nee het is niet acuut",
        "ja wij kunnen hulp regelen via het wijkteam",
        "ja hij wil wel meewerken",
        "ja het gaat beter",
    ),
    (
        "ik ben wijkverpleegkundige en ik maak me zorgen om een oudere client",
        "haar zoon lijkt geld van haar rekening te halen en ze is bang voor hem",
        "al een paar maanden",
        "nee ze heeft geen kinderen thuis",
        "ja met mijn teamleider",
        "nee",
        "nee nog niet gesproken",
        "ja",
        "twijfel eigenlijk wel",
        "nog steeds twijfel",
    ),
    (
        "ik ben jeugdarts en ik maak me zorgen om een kind",
        "verwaarlozing denk ik",
        "al een paar maanden",
        "nee",
        "ja met een collega-arts",
        "ja, die zeiden dat we het moeten volgen",
        "ja met de ouders",
        "ja",
        "nee niet acuut",
        "nee dat lukt ons niet",
    ),
    (
        "ik ben vrijwilliger bij een voetbalclub en ik maak me zorgen",
        "om een jongen uit het team thuis",
        "hij heeft me zelf iets verteld",
        "ja er is een vertrouwenscontactpersoon",
    ),
)
OUTCOME_MARKS = ("Uitkomst:", "Route:")
TARGET_RATIO = 1.6  # issue #30: 2 replicas at least 1.6x the throughput of 1 on the 2-core machine


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    conversations: int = 0
    outcomes: int = 0
    seconds: float = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def figures(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else 0.0

        return {
            "messages": len(lat),
            "conversations": self.conversations,
            "outcomes": self.outcomes,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "seconds": round(self.seconds, 1),
            "throughput": round(len(lat) / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": round(1000 * (statistics.median(lat) if lat else 0.0)),
            "p95_ms": round(1000 * pct(0.95)),
            "max_ms": round(1000 * (lat[-1] if lat else 0.0)),
        }


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise LauncherError(f"the load test only runs against this machine (127.0.0.1), not {host!r}")


async def conversation(session: aiohttp.ClientSession, url: str, script: tuple[str, ...], run: Run) -> bool:
    """Type one consultation; False when a message failed (the rest is not sent)."""
    sender = f"load-{uuid.uuid4().hex[:12]}"
    last = ""
    for message in script:
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as resp:
                body = await resp.read()
                status = resp.status
        except (TimeoutError, aiohttp.ClientError) as exc:
            run.error(type(exc).__name__)
            return False
        if status != 200:
            run.error(f"HTTP {status}")
            return False
        try:
            replies = json.loads(body)
            texts = [r.get("text") or "" for r in replies]
        except (ValueError, AttributeError, TypeError):
            run.error("unreadable reply")
            return False
        if not any(texts):
            run.error("no reply text")
            return False
        run.latencies.append(time.perf_counter() - start)
        last = "\n".join(texts)
    run.conversations += 1
    run.outcomes += any(mark in last for mark in OUTCOME_MARKS)
    return True


async def load(url: str, users: int, total: int, time_limit: float) -> Run:
    """`users` at once, until `total` conversations are done or `time_limit` seconds have passed."""
    check_loopback(url)
    run = Run()
    started = itertools.count()
    scripts = itertools.cycle(SCRIPTS)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=users)
    deadline = time.monotonic() + time_limit

    async def user(session: aiohttp.ClientSession) -> None:
        while next(started) < total and time.monotonic() < deadline:
            await conversation(session, url, next(scripts), run)

    t0 = time.perf_counter()
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = [asyncio.create_task(user(session)) for _ in range(users)]
        await asyncio.wait(tasks, timeout=time_limit + 65)
        for task in tasks:
            if not task.done():
                task.cancel()
                run.error("time limit")
    run.seconds = time.perf_counter() - t0
    return run


def merged(runs: list[Run]) -> Run:
    """Several runs as one: all their messages over all their seconds."""
    total = Run()
    for run in runs:
        total.latencies += run.latencies
        for kind, n in run.errors.items():
            total.errors[kind] = total.errors.get(kind, 0) + n
        total.conversations += run.conversations
        total.outcomes += run.outcomes
        total.seconds += run.seconds
    return total


def print_run(replicas: int, figures: dict) -> None:
    print(
        f"{replicas} replica(s): {figures['throughput']:.1f} msg/s, p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms, {figures['errors']} errors "
        f"{figures['error_kinds'] or ''}, {figures['messages']} messages in {figures['seconds']} s, "
        f"{figures['outcomes']}/{figures['conversations']} conversations reached an outcome",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    from bot.cluster import running_cluster

    parser = argparse.ArgumentParser(prog="python -m bot loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="conversations at once (default 50)")
    parser.add_argument("--total", type=int, default=100, help="conversations per run (default 100)")
    parser.add_argument("--replicas", default="1,2", help="replica counts to run, comma-separated (default 1,2)")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds per run at most (default 300)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="runs per replica count, taken in turns: 1, 2, 1, 2 (default 2)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    args = parser.parse_args(argv)
    try:
        counts = [int(n) for n in args.replicas.split(",") if n.strip()]
    except ValueError:
        parser.error("--replicas takes whole numbers, e.g. 1,2")
    if not counts or min(counts) < 1 or args.users < 1 or args.total < 1 or args.rounds < 1:
        parser.error("--replicas, --users, --total and --rounds must be at least 1")
    # Every user of the test comes from 127.0.0.1: the per-address limit would
    # count them as one client. The per-conversation limit stays.
    os.environ["MELDCODE_RATE_PER_ADDRESS"] = "0"
    # The counts take turns (1, 2, 1, 2, ...): this VM's speed drifts over minutes,
    # and a drift would otherwise favour whichever count ran in the faster minutes.
    runs: dict[int, list[Run]] = {n: [] for n in counts}
    try:
        for _ in range(args.rounds):
            for replicas in counts:
                with open("/dev/null", "w") as quiet, running_cluster(replicas, log=quiet) as cluster:
                    url = cluster.url + "/webhooks/web/webhook"
                    asyncio.run(load(url, 4, 4, 120))  # warm-up, not counted
                    run = asyncio.run(load(url, args.users, args.total, args.time_limit))
                runs[replicas].append(run)
                print_run(replicas, run.figures())
    except LauncherError as exc:
        print(f"De belastingtest kon niet starten: {exc}", file=sys.stderr)
        return 1
    results = {n: merged(done).figures() for n, done in runs.items()}
    if args.rounds > 1:
        print(f"all {args.rounds} rounds together:")
        for replicas, figures in results.items():
            print_run(replicas, figures)
    if 1 in results and len(results) > 1:
        for replicas, figures in results.items():
            if replicas > 1 and results[1]["throughput"]:
                ratio = figures["throughput"] / results[1]["throughput"]
                verdict = "at least" if ratio >= TARGET_RATIO else "below"
                print(f"throughput {replicas} vs 1 replica: {ratio:.2f}x ({verdict} the target of {TARGET_RATIO}x)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0 if all(f["errors"] == 0 for f in results.values()) else 1
