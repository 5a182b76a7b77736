"""Start, watch and stop the two server processes of the assistant.

The Rasa server (NLU, dialogue, the redacting web channel) and the action
server (custom actions) run as child processes of one launcher. Ctrl-C or
SIGTERM stops both; if either dies, the launcher stops the other and exits
non-zero, so a supervisor (systemd, a container runtime) sees the failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

from bot.channels.cors import BadOrigin, allowed_origins
from bot.config import MODELS_DIR, PROJECT_DIR, Settings, endpoints_file, runtime_env


class LauncherError(RuntimeError):
    pass


def model_path() -> Path | None:
    candidates = sorted(MODELS_DIR.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return candidates[-1] if candidates else None


def action_server_cmd(cfg: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(cfg.action_port),
    ]


def rasa_server_cmd(
    cfg: Settings, model: Path, cors: Sequence[str] = (), env: dict[str, str] | None = None
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "bot.rasa_server",
        "run",  # Rasa's CLI, with bot/rasa_server.py's fix
        "--model",
        str(model),
        "--credentials",
        str(PROJECT_DIR / "credentials.yml"),
        "--endpoints",
        str(endpoints_file(env)),  # endpoints-redis.yml when MELDCODE_REDIS_HOST is set
        "--interface",
        cfg.host,
        "--port",
        str(cfg.rasa_port),
    ]
    try:
        origins = allowed_origins(cors, env)
    except BadOrigin as exc:
        raise LauncherError(str(exc)) from None
    if origins:
        # Rasa's sanic-cors answers preflights and sets the headers on every route.
        cmd += ["--cors", *origins]
    token = (env if env is not None else os.environ).get("MELDCODE_API_TOKEN", "").strip()
    if token:
        # Rasa's HTTP API (incl. GET /conversations/<id>/tracker) is off by default.
        # The privacy tests turn it on, on localhost, behind a random token, to
        # inspect what the tracker store holds.
        cmd += ["--enable-api", "--auth-token", token]
    return cmd


def check_organisations(env: dict[str, str]) -> None:
    """An invalid organisation file stops the start, naming file, line and field."""
    from actions.meldcode import organisations

    directory = organisations.folder(env)
    _, problems = organisations.check_folder(directory)
    if problems:
        raise LauncherError(
            f"een organisatiebestand in {directory} klopt niet:\n"
            + "\n".join(problems)
            + "\n(controleer met: python -m bot check-organisations)"
        )


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Poll `url` until it answers 200; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise LauncherError(f"process for {url} exited with code {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - start
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.3)
    raise LauncherError(f"{url} did not answer within {timeout:.0f} s")


def stop(procs: list[subprocess.Popen], grace: float = 10.0) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            proc.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def running_servers(
    cfg: Settings,
    *,
    rasa: bool = True,
    stdout=None,
    env: dict[str, str] | None = None,
    cors: Sequence[str] = (),
    timeout: float = 180.0,
    rasa_action_port: int | None = None,
) -> Iterator[dict]:
    """Run the action server (and the Rasa server) for the duration of a block.

    Yields a dict with the processes and their start-up times in seconds.
    `rasa_action_port` points the Rasa server at another port than the one the
    action server listens on (the benchmark puts a counting relay between them).
    """
    env = runtime_env(env)
    check_organisations(env)  # before anything starts: an invalid file names its field and line
    model = model_path()
    if rasa and model is None:
        raise LauncherError("Er is nog geen getraind model. Draai eerst: make train")
    procs: list[subprocess.Popen] = []
    info: dict = {}
    try:
        t0 = time.monotonic()

        def start(cmd: list[str], process_env: dict[str, str]) -> subprocess.Popen:
            process = subprocess.Popen(
                cmd, cwd=PROJECT_DIR, env=process_env, stdout=stdout, stderr=subprocess.STDOUT if stdout else None
            )
            procs.append(process)
            return process

        actions = start(action_server_cmd(cfg), env)
        info["actions"] = actions
        if rasa:
            rasa_env = dict(env)
            if rasa_action_port is not None:
                rasa_env["MELDCODE_ACTION_PORT"] = str(rasa_action_port)
            server = start(rasa_server_cmd(cfg, model, cors, env), rasa_env)
            info["rasa"] = server
        wait_http(f"http://{cfg.host}:{cfg.action_port}/health", timeout, actions)
        info["actions_started_s"] = time.monotonic() - t0
        if rasa:
            wait_http(f"{cfg.rasa_url}/webhooks/web/", timeout, info["rasa"])
            info["rasa_started_s"] = time.monotonic() - t0
        yield info
    finally:
        stop(procs)


def serve(cfg: Settings, cors: Sequence[str] = ()) -> int:
    """Run both servers in the foreground until Ctrl-C; return an exit code."""
    stopping = False

    def _on_term(signum, frame):  # SIGTERM behaves like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)
    try:
        with running_servers(cfg, cors=cors) as info:
            print(
                f"\nDe Meldcode-assistent draait ({info['rasa_started_s']:.0f} s opstarttijd).\n"
                f"  Chat (demo-pagina): {cfg.rasa_url}/widget/demo.html\n"
                f"  Webkanaal: {cfg.rasa_url}/webhooks/web/webhook\n"
                "  Stoppen:   Ctrl-C\n",
                flush=True,
            )
            while True:
                for name in ("rasa", "actions"):
                    code = info[name].poll()
                    if code is not None:
                        print(f"De {name}-server is gestopt (code {code}); ik stop ook.", file=sys.stderr)
                        return code or 1
                time.sleep(0.5)
    except KeyboardInterrupt:
        stopping = True
    except LauncherError as exc:
        print(f"Starten lukte niet: {exc}", file=sys.stderr)
        return 1
    if stopping:
        print("\nGestopt. Er is niets bewaard.", flush=True)
    return 0
