"""The load test's own arithmetic and error accounting (bot/loadtest.py), against a
small stand-in server, so that its figures can be trusted (#30)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.launcher import LauncherError
from bot.loadtest import SCRIPTS, Run, check_loopback, load, merged


def test_only_this_machine_can_be_loaded():
    for url in ("http://example.org/webhooks/web/webhook", "http://10.0.0.5:5005/x"):
        with pytest.raises(LauncherError, match="127.0.0.1"):
            check_loopback(url)
    check_loopback("http://127.0.0.1:5005/webhooks/web/webhook")


def test_runs_are_merged_as_all_their_messages_over_all_their_seconds():
    a = Run(latencies=[0.1, 0.2], errors={"HTTP 503": 1}, conversations=1, outcomes=1, seconds=1.0)
    b = Run(latencies=[0.3, 0.4, 0.5, 0.6], errors={"HTTP 503": 2, "no reply text": 1}, conversations=2, seconds=1.0)
    figures = merged([a, b]).figures()
    assert figures["messages"] == 6 and figures["throughput"] == 3.0
    assert figures["errors"] == 4 and figures["error_kinds"] == {"HTTP 503": 3, "no reply text": 1}
    assert (figures["conversations"], figures["outcomes"], figures["max_ms"]) == (3, 1, 600)


def test_every_failed_answer_is_counted_and_only_whole_conversations_count_as_done():
    refuse = SCRIPTS[3][1]  # one message of one script gets a 503, another script's an empty reply
    empty = SCRIPTS[0][2]

    async def webhook(request: web.Request) -> web.Response:
        message = (await request.json())["message"]
        if message == refuse:
            return web.json_response({"error": "druk"}, status=503)
        text = "" if message == empty else ("Uitkomst: klaar" if message.startswith("ja") else "Vraag?")
        return web.json_response([{"recipient_id": "x", "text": text}])

    async def scenario() -> dict:
        app = web.Application()
        app.router.add_post("/webhooks/web/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        try:
            return (await load(f"http://127.0.0.1:{port}/webhooks/web/webhook", 4, 8, 30)).figures()
        finally:
            await runner.cleanup()

    figures = asyncio.run(scenario())
    assert figures["error_kinds"] == {"HTTP 503": 2, "no reply text": 2}  # 8 conversations: each script twice
    assert figures["conversations"] == 4  # the other two scripts, twice each
    assert figures["messages"] == 2 * (len(SCRIPTS[1]) + len(SCRIPTS[2])) + 2 * (1 + 2)
