"""Redaction off the event loop, with a time bound (#29, item 4): real worker
processes with the real redactor."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from bot.privacy.redaction_pool import RedactionPool, RedactionTimeout
from bot.privacy.redactor import redactor

# The worst case we know: first names only, 2000 characters (deduce takes tens of seconds).
WORST_CASE = " ".join(["Jan Piet Klaas Marie Anna Sophie Emma Lucas"] * 60)[:2000]


def run(coro):
    return asyncio.run(coro)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is not alive
        return fh.read().split()[2] != "Z"


def test_workers_redact_exactly_like_the_redactor():
    messages = [
        "Ik maak me zorgen over Jan de Vries, 06-12345678.",
        "Mijn cliënte woont op de Lindengracht 217 in Utrecht.",
        "ik maak me zorgen over een leerling uit groep 5",
    ]

    async def scenario():
        pool = RedactionPool(1, 10)
        await pool.start()
        try:
            return [await pool.redact(m) for m in messages]
        finally:
            await pool.close()

    for message, got in zip(messages, run(scenario()), strict=True):
        want = redactor().redact(message)
        assert (got.text, got.found, got.notice()) == (want.text, want.found, want.notice())


def test_a_message_over_the_bound_is_refused_its_worker_killed_and_replaced():
    async def scenario():
        pool = RedactionPool(2, 1.0)
        await pool.start()
        try:
            before = set(pool.pids())
            start = time.monotonic()
            with pytest.raises(RedactionTimeout):
                await pool.redact(WORST_CASE)
            took = time.monotonic() - start
            killed = before - set(pool.pids())
            quick = await pool.redact("hallo Piet")  # the other worker answers meanwhile
            for _ in range(100):  # the replacement loads its redactor
                if len(pool.pids()) == 2 and pool._idle.qsize() == 2:
                    break
                await asyncio.sleep(0.1)
            return took, killed, quick, set(pool.pids()), before
        finally:
            await pool.close()

    took, killed, quick, after, before = run(scenario())
    assert 1.0 <= took < 2.0
    assert len(killed) == 1 and not alive(next(iter(killed)))  # the message went with its process
    assert quick.text == "hallo [naam]"
    assert len(after) == 2 and after != before


def test_a_request_given_up_by_its_client_does_not_mix_up_the_replies():
    async def scenario():
        pool = RedactionPool(1, 10)
        await pool.start()
        try:
            first = asyncio.create_task(pool.redact("Jan Jansen woont in Utrecht"))
            await asyncio.sleep(0.001)
            first.cancel()  # the client went away
            second = await pool.redact("bel 06-12345678")
            return second.text
        finally:
            await pool.close()

    assert run(scenario()) == "bel [telefoonnummer]"
