"""A local cluster: Redis, N Rasa replicas with their action servers, haproxy in front (#30).

    make cluster                       # 2 replicas, haproxy on MELDCODE_PORT (5005)
    make cluster REPLICAS=3            # or: python -m bot cluster --replicas 3
    make cluster-stop                  # or Ctrl-C in the terminal that runs it

haproxy serves the same web channel and widget as `make run`, on the same port;
the Telegram bot relays to it unchanged. Every replica is a Rasa server with
its own action server, both started as `make run` starts them, with
MELDCODE_REDIS_HOST set so that they keep conversations and locks in Redis
(endpoints-redis.yml, bot/privacy/redis_store.py).

- Redis (Debian's redis-server) listens on 127.0.0.1 only, with a password
  made at each start, and writes nothing to disk: no RDB snapshots, no AOF.
  Its configuration (with the password) sits in a private folder under
  .run/cluster/ (mode 0700, files 0600) and is deleted when the cluster stops.
- haproxy (Debian's) balances round robin, checks every replica's health each
  second and takes a dead one out after two failed checks; a request whose
  connection to a replica fails goes to another one. Each replica takes
  REPLICA_MAXCONN requests at a time and the rest wait in haproxy's queue (up
  to QUEUE_SECONDS): a Rasa server handles one message at a time on one core,
  so queueing in front of it keeps every request's wait short and fair. A
  request that cannot be served gets the web channel's Dutch "busy" message,
  with 112 and 0800-2000, as JSON. haproxy logs nothing (no log target).

The processes' output goes to this terminal (or to `log`), like `make run`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bot import texts
from bot.config import PROJECT_DIR, RedisSettings, cluster_redis_port, runtime_env, settings
from bot.launcher import (
    LauncherError,
    action_server_cmd,
    check_organisations,
    model_path,
    rasa_server_cmd,
    stop,
    wait_http,
)
from bot.privacy.pseudonym import relay_token

RUN_DIR = PROJECT_DIR / ".run" / "cluster"
REPLICA_MAXCONN = 6  # requests a replica handles at once; more wait in haproxy's queue
QUEUE_SECONDS = 30  # the longest a request waits in that queue before the "busy" answer
# A replica that dies while it handles a message leaves that conversation's lock
# ticket behind until it expires: LOCK_SECONDS (Rasa's TICKET_LOCK_LIFETIME, 60 s
# by default) is how long the next message of that conversation may wait for it,
# so haproxy waits longer than that for a replica's answer.
LOCK_SECONDS = 20
SERVER_SECONDS = 45
HEALTH_PATH = "/webhooks/web/"
TOOLS = {"redis-server": "/usr/bin/redis-server", "haproxy": "/usr/sbin/haproxy"}
STATUS_LINES = {502: "502 Bad Gateway", 503: "503 Service Unavailable", 504: "504 Gateway Timeout"}


def tool(name: str) -> str:
    """The path of a Debian tool the cluster needs, or a LauncherError saying how to get it."""
    found = shutil.which(name) or (TOOLS[name] if os.access(TOOLS[name], os.X_OK) else None)
    if not found:
        raise LauncherError(f"{name} is not installed: run `make cluster-tools` (Debian's redis-server and haproxy)")
    return found


@dataclasses.dataclass(frozen=True)
class Ports:
    """Where everything listens, all on 127.0.0.1: haproxy on `front`, replica i's
    Rasa server on front+1+i, its action server on actions+i, Redis on `redis`."""

    front: int
    actions: int
    redis: int

    def rasa(self, i: int) -> int:
        return self.front + 1 + i

    def action(self, i: int) -> int:
        return self.actions + i


def default_ports() -> Ports:
    cfg = settings()
    return Ports(front=cfg.rasa_port, actions=cfg.action_port, redis=cluster_redis_port())


def redis_config(port: int, password: str, directory: Path) -> str:
    """redis.conf: loopback only, a password, nothing written to disk."""
    return "\n".join(
        [
            f"port {port}",
            "bind 127.0.0.1",
            "protected-mode yes",
            f"requirepass {password}",
            'save ""',  # no RDB snapshots
            "appendonly no",  # no AOF
            f"dir {directory}",  # where a file would go (none does; the tests look)
            "daemonize no",
            'logfile ""',
            "loglevel warning",
            "",
        ]
    )


def busy_response(status: int) -> bytes:
    """haproxy's answer when it cannot get one from a replica, as the channel's error JSON
    with 112 and 0800-2000: 503 (no replica free in time) gets the web channel's "busy"
    text (nothing was handled); 502 and 504 (a replica failed or took too long while it
    had the message) say that it may have been handled."""
    text = texts.section("web")["busy" if status == 503 else "unsure"]
    body = json.dumps({"error": text}, ensure_ascii=False).encode()
    head = (
        f"HTTP/1.1 {STATUS_LINES[status]}\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        "Retry-After: 5\r\n"
        "Connection: close\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def haproxy_config(front: int, replica_ports: list[int], error_dir: Path | None = None) -> str:
    lines = [
        "global",
        "    maxconn 2000",
        "    nbthread 1",  # measured: 0.2 ms of CPU per message; with a thread per core 1.1 ms
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        f"    timeout server {SERVER_SECONDS}s",
        f"    timeout queue {QUEUE_SECONDS}s",
        "    retries 2",
        "    option redispatch 1",  # a failed connection is retried on another replica
    ]
    if error_dir is not None:
        lines += [f"    errorfile {status} {error_dir / f'{status}.http'}" for status in STATUS_LINES]
    lines += [
        "frontend meldcode",
        f"    bind 127.0.0.1:{front}",
        "    http-response set-header X-Meldcode-Replica %s",  # which replica answered (the tests read it)
        "    default_backend replicas",
        "backend replicas",
        "    balance roundrobin",
        f"    option httpchk GET {HEALTH_PATH}",
        "    http-check expect status 200",
        f"    default-server inter 1s fall 2 rise 2 maxconn {REPLICA_MAXCONN}",
    ]
    lines += [f"    server rasa{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(replica_ports)]
    return "\n".join(lines) + "\n"


def _private_file(path: Path, content: str | bytes) -> None:
    data = content.encode() if isinstance(content, str) else content
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


class Cluster:
    """The processes of one local cluster; start() and stop(), and what the tests need."""

    def __init__(self, replicas: int = 2, ports: Ports | None = None, run_dir: Path = RUN_DIR, log=None):
        if not 1 <= replicas <= 8:
            raise LauncherError(f"replicas must be between 1 and 8, got {replicas}")
        self.replicas = replicas
        self.ports = ports or default_ports()
        self.run_dir = run_dir
        self.log = log
        self.password = secrets.token_hex(24)
        self.redis_proc: subprocess.Popen | None = None
        self.haproxy_proc: subprocess.Popen | None = None
        self.owner = False  # this process made run_dir (and may delete it)
        self.rasa: list[subprocess.Popen | None] = [None] * replicas
        self.actions: list[subprocess.Popen | None] = [None] * replicas

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports.front}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports.rasa(i)}"

    @property
    def redis(self) -> RedisSettings:
        return RedisSettings("127.0.0.1", self.ports.redis, self.password, 0, 2.0)

    def replica_env(self, i: int) -> dict[str, str]:
        env = runtime_env()
        env.update(
            MELDCODE_HOST="127.0.0.1",
            MELDCODE_PORT=str(self.ports.rasa(i)),
            MELDCODE_ACTION_PORT=str(self.ports.action(i)),
            MELDCODE_REDIS_HOST="127.0.0.1",
            MELDCODE_REDIS_PORT=str(self.ports.redis),
            MELDCODE_REDIS_PASSWORD=self.password,
            MELDCODE_REDIS_DB="0",
        )
        env["TICKET_LOCK_LIFETIME"] = str(LOCK_SECONDS)  # Rasa's lock lifetime (see LOCK_SECONDS)
        return env

    def _spawn(self, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            cmd,
            cwd=PROJECT_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log else None,
            start_new_session=True,  # Ctrl-C reaches the cluster, which stops its children in order
        )

    # --- Redis --------------------------------------------------------------
    def start_redis(self, timeout: float = 20) -> None:
        import redis

        from bot.privacy.redis_store import client

        conf = self.run_dir / "redis.conf"
        _private_file(conf, redis_config(self.ports.redis, self.password, self.run_dir / "redis-data"))
        (self.run_dir / "redis-data").mkdir(mode=0o700, exist_ok=True)
        self.redis_proc = self._spawn([tool("redis-server"), str(conf)])
        red = client(self.redis)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.redis_proc.poll() is not None:
                raise LauncherError(f"redis-server exited with code {self.redis_proc.returncode}")
            try:
                if red.ping():
                    return
            except redis.exceptions.RedisError:
                time.sleep(0.1)
        raise LauncherError(f"redis-server did not answer within {timeout:.0f} s")

    def stop_redis(self) -> None:
        if self.redis_proc is not None:
            stop([self.redis_proc])
            self.redis_proc = None

    # --- replicas -----------------------------------------------------------
    def start_replica(self, i: int, model: Path) -> None:
        env = self.replica_env(i)
        ports = {"rasa_port": self.ports.rasa(i), "action_port": self.ports.action(i)}
        cfg = dataclasses.replace(settings(), host="127.0.0.1", **ports)
        self.actions[i] = self._spawn(action_server_cmd(cfg), env)
        self.rasa[i] = self._spawn(rasa_server_cmd(cfg, model, (), env), env)

    def wait_replica(self, i: int, timeout: float) -> None:
        wait_http(f"http://127.0.0.1:{self.ports.action(i)}/health", timeout, self.actions[i])
        wait_http(self.replica_url(i) + HEALTH_PATH, timeout, self.rasa[i])

    def kill_replica(self, i: int) -> None:
        """SIGKILL replica i's Rasa server (no clean shutdown), as a crash would."""
        proc = self.rasa[i]
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    # --- haproxy ------------------------------------------------------------
    def start_haproxy(self, timeout: float = 20) -> None:
        errors = self.run_dir / "errors"
        errors.mkdir(mode=0o700, exist_ok=True)
        for status in STATUS_LINES:
            _private_file(errors / f"{status}.http", busy_response(status))
        conf = self.run_dir / "haproxy.cfg"
        ports = [self.ports.rasa(i) for i in range(self.replicas)]
        _private_file(conf, haproxy_config(self.ports.front, ports, errors))
        check = subprocess.run([tool("haproxy"), "-c", "-q", "-f", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise LauncherError(f"haproxy rejected its configuration: {check.stderr.strip()}")
        self.haproxy_proc = self._spawn([tool("haproxy"), "-db", "-f", str(conf)])
        wait_http(self.url + HEALTH_PATH, timeout, self.haproxy_proc)

    # --- all ------------------------------------------------------------------
    def start(self, timeout: float = 240) -> float:
        """Start everything and wait until haproxy answers; the seconds it took."""
        t0 = time.monotonic()
        check_organisations(runtime_env())
        model = model_path()
        if model is None:
            raise LauncherError("Er is nog geen getraind model. Draai eerst: make train")
        for name in TOOLS:  # both there before anything starts
            tool(name)
        if running_pid(self.run_dir) is not None:
            raise LauncherError(f"er draait al een cluster (stop het met: make cluster-stop); zie {self.run_dir}")
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)  # what a killed cluster left behind
        self.run_dir.mkdir(parents=True, mode=0o700)
        (self.run_dir / "pid").write_text(str(os.getpid()))
        self.owner = True
        relay_token("telegram")  # the pseudonym key, made once here (on a fresh clone) before the replicas read it
        self.start_redis()
        for i in range(self.replicas):
            self.start_replica(i, model)
        for i in range(self.replicas):
            self.wait_replica(i, timeout)
        self.start_haproxy()
        return time.monotonic() - t0

    def processes(self) -> dict[str, subprocess.Popen]:
        named = {"haproxy": self.haproxy_proc, "redis": self.redis_proc}
        for i in range(self.replicas):
            named[f"rasa{i + 1}"] = self.rasa[i]
            named[f"actions{i + 1}"] = self.actions[i]
        return {name: proc for name, proc in named.items() if proc is not None}

    def stop(self) -> None:
        procs = self.processes()
        front = [p for n, p in procs.items() if n == "haproxy"]
        servers = [p for n, p in procs.items() if n.startswith(("rasa", "actions"))]
        stop(front)
        stop(servers)
        self.stop_redis()
        if self.owner:
            shutil.rmtree(self.run_dir, ignore_errors=True)  # the configuration with the password
            self.owner = False


@contextlib.contextmanager
def running_cluster(
    replicas: int = 2, ports: Ports | None = None, run_dir: Path = RUN_DIR, log=None
) -> Iterator[Cluster]:
    cluster = Cluster(replicas, ports, run_dir, log)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def serve(replicas: int) -> int:
    """`make cluster`: run the cluster in the foreground until Ctrl-C (or `make cluster-stop`).

    A replica that stops is reported and left out by haproxy; the cluster stops
    when Redis or haproxy stops, or the last replica.
    """

    def _on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)
    cluster: Cluster | None = None
    try:
        cluster = Cluster(replicas)
        took = cluster.start()
        print(
            f"\nDe Meldcode-assistent draait met {replicas} replica('s) achter haproxy ({took:.0f} s opstarttijd).\n"
            f"  Chat (demo-pagina): {cluster.url}/widget/demo.html\n"
            f"  Webkanaal: {cluster.url}/webhooks/web/webhook\n"
            "  Stoppen:   Ctrl-C (of: make cluster-stop)\n",
            flush=True,
        )
        reported: set[str] = set()
        while True:
            stopped = {name: p.returncode for name, p in cluster.processes().items() if p.poll() is not None}
            for name in sorted(set(stopped) - reported):
                print(f"{name} is gestopt (code {stopped[name]}).", file=sys.stderr, flush=True)
                reported.add(name)
            replicas_left = [i for i in range(replicas) if f"rasa{i + 1}" not in stopped]
            if "redis" in stopped or "haproxy" in stopped or not replicas_left:
                print("Het cluster kan zo niet verder; ik stop het.", file=sys.stderr)
                return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nGestopt. Er is niets bewaard.", flush=True)
        return 0
    except LauncherError as exc:
        print(f"Starten lukte niet: {exc}", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.stop()


def running_pid(run_dir: Path = RUN_DIR) -> int | None:
    """The pid of the `make cluster` that owns `run_dir`, if it still runs."""
    try:
        pid = int((run_dir / "pid").read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    ours = pid == os.getpid()
    return pid if ours or (pid > 1 and b"cluster" in cmdline) else None


def stop_running(run_dir: Path = RUN_DIR) -> int:
    """`make cluster-stop`: ask a running `make cluster` to stop (SIGTERM to its pid)."""
    pid = running_pid(run_dir)
    if pid is None:
        print("Er draait geen cluster.")
        return 0
    os.kill(pid, signal.SIGTERM)
    for _ in range(300):
        if running_pid(run_dir) is None:
            print("Cluster gestopt.")
            return 0
        time.sleep(0.1)
    print("Het cluster stopt niet binnen 30 s.", file=sys.stderr)
    return 1
