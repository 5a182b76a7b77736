"""Redaction in worker processes, with a time bound.

deduce is pure Python, and some messages keep it busy for a long time: 2000
characters of first names take tens of seconds. On Sanic's event loop that
would stall every conversation; in a thread it would still hold the GIL, the
message and hundreds of MB until it was done, because a thread cannot be
stopped. So the web channel redacts in worker processes beside the Rasa
server (MELDCODE_REDACTION_WORKERS, default 2), each with its own redactor:

* a message waits at most MELDCODE_REDACTION_TIMEOUT_SECONDS (default 5) for
  a free worker (`RedactionBusy`), and at most as long again for its redaction;
* a worker that is not done in time is killed, so the message leaves memory
  with the process and the CPU is free again, and a fresh worker takes its
  place (`RedactionTimeout`). The channel refuses that message with a Dutch
  explanation and stores and logs nothing of it.

A worker reads one JSON line per message on stdin ({"text": ...}) and answers
with one JSON line ({"text": ..., "found": {...}} or {"error": "<type>"}) on a
pipe of its own; its stdout and stderr go to the server's stderr, and it never
writes a message there. It exits when its stdin closes (the server is gone).
The worker's redaction is the public API: `redactor().redact(text)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence

from bot.config import PROJECT_DIR
from bot.privacy.redactor import Redaction

logger = logging.getLogger(__name__)
STARTUP_SECONDS = 120.0  # a worker loads deduce's lookup lists (about a second; slow disks more)
LINE_LIMIT = 2**20  # one reply line; a redacted message is a few kB
RETRY_SECONDS = 5.0  # after a worker failed to start


class RedactionError(Exception):
    """The message could not be redacted; nothing of it is kept."""


class RedactionTimeout(RedactionError):
    """The redaction took longer than the bound; the worker was killed."""


class RedactionBusy(RedactionError):
    """No worker became free within the bound."""


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc

    async def ask(self, text: str) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"text": text}).encode() + b"\n")
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            raise RedactionError("the redaction worker stopped")
        return json.loads(line)

    def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()

    @property
    def pid(self) -> int:
        return self.proc.pid


def worker_command() -> list[str]:
    return [sys.executable, "-m", "bot.privacy.redaction_pool"]


class RedactionPool:
    """`size` worker processes; `redact()` answers within about 2 × `timeout` seconds, or raises."""

    def __init__(self, size: int, timeout: float, command: Sequence[str] | None = None):
        self.size = size
        self.timeout = timeout
        self.command = list(command or worker_command())
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self.replaced = 0  # workers killed and replaced (for tests and the log)

    # --- life cycle -----------------------------------------------------------

    async def start(self) -> None:
        """Start every worker and wait until each has loaded its redactor."""
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(worker.proc.wait(), 5)
        self._all.clear()

    def pids(self) -> list[int]:
        return [w.pid for w in self._all if w.proc.returncode is None]

    async def _spawn(self) -> _Worker:
        env = dict(os.environ)
        path = env.get("PYTHONPATH", "")
        env["PYTHONPATH"] = str(PROJECT_DIR) + (os.pathsep + path if path else "")
        proc = await asyncio.create_subprocess_exec(
            *self.command,
            cwd=PROJECT_DIR,
            env=env,
            limit=LINE_LIMIT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = _Worker(proc)
        self._all.add(worker)
        try:
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), STARTUP_SECONDS)
            if json.loads(line or b"{}").get("ready") is not True:
                raise RedactionError("the redaction worker did not start")
        except BaseException:
            self._retire(worker, replace=False)
            raise
        return worker

    def _retire(self, worker: _Worker, replace: bool = True) -> None:
        """Kill a worker (its message goes with it) and start another in its place."""
        worker.kill()
        self._all.discard(worker)
        self._background(worker.proc.wait())
        if replace and not self._closed:
            self.replaced += 1
            self._background(self._replace())

    def _background(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        while not self._closed:
            try:
                worker = await self._spawn()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.error("redaction: a worker did not start (%s); retrying", type(exc).__name__)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if self._closed:
                worker.kill()
                return
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return

    # --- redaction -------------------------------------------------------------

    async def redact(self, text: str) -> Redaction:
        if self._idle is None:
            raise RedactionError("the redaction pool was not started")
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise RedactionBusy() from None
        if worker.proc.returncode is not None:  # died while idle
            self._retire(worker)
            raise RedactionError("the redaction worker stopped")
        task = asyncio.ensure_future(worker.ask(text))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.timeout)
        except TimeoutError:
            task.cancel()
            self._retire(worker)
            logger.warning("redaction: a message took longer than %.0f s; refused, worker replaced", self.timeout)
            raise RedactionTimeout() from None
        except asyncio.CancelledError:
            # The client went away: let the worker finish within the bound, then reuse it.
            self._background(self._finish(worker, task))
            raise
        except Exception:
            self._retire(worker)
            raise RedactionError("the redaction worker failed") from None
        self._idle.put_nowait(worker)
        if "error" in reply:  # the redactor raised; the worker itself is fine
            raise RedactionError(f"redaction failed ({reply['error']})")
        return Redaction(reply["text"], dict(reply.get("found") or {}))

    async def _finish(self, worker: _Worker, task: asyncio.Task) -> None:
        try:
            await asyncio.wait_for(task, self.timeout)
        except BaseException:  # too slow as well, or failed: the worker goes
            self._retire(worker)
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)


def worker_main() -> int:
    """One redaction worker: JSON lines in on stdin, JSON lines out on the original stdout."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything printed goes to stderr, not the pipe
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.disable(logging.INFO)  # deduce's "loading" messages

    from bot.privacy import logfilter
    from bot.privacy.redactor import redactor

    logfilter.install()
    redact = redactor().redact
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in sys.stdin.buffer:
        try:
            result = redact(json.loads(line)["text"])
            reply = {"text": result.text, "found": result.found}
        except Exception as exc:  # the type only: an exception's text can hold the message
            reply = {"error": type(exc).__name__}
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(worker_main())
