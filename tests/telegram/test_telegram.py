"""Telegram: the real python-telegram-bot Application (`python -m bot telegram`)
against a local fake Bot API server and the real assistant."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.channels.telegram import FloodGate, keyboard, split_text
from bot.config import PROJECT_DIR
from bot.texts import safety_line
from tests.telegram.fake_telegram import FakeTelegram

TOKEN = "7777777:TEST-token-never-in-logs-Zq9x"
CHAT = 731846295  # a private chat id: must never reach Rasa or a log
GROUP = -1001234567


def start_bot(fake: FakeTelegram, assistant_url: str, log: Path, **extra: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=fake.url,
        MELDCODE_ASSISTANT_URL=assistant_url,
        PYTHONPATH=str(PROJECT_DIR),
        **extra,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "getUpdates" not in fake.methods():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError("telegram bot did not start:\n" + log.read_text())
        time.sleep(0.1)
    return proc


def stop_bot(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


@pytest.fixture(scope="module")
def telegram(server, tmp_path_factory):
    fake = FakeTelegram(TOKEN).start()
    log = tmp_path_factory.mktemp("telegram") / "bot.log"
    proc = start_bot(fake, server["url"], log)
    yield {"fake": fake, "proc": proc, "log": log, "server": server}
    if proc.poll() is None:
        assert stop_bot(proc) == 0  # SIGTERM: a clean shutdown
    fake.stop()


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def count_at_least(n):
    return lambda got: len(got) >= n


def test_start_gives_welcome_privacy_and_telegram_caveat(telegram):
    fake = telegram["fake"]
    fake.send_text(CHAT, "/start")
    got = fake.wait_for(CHAT, lambda r: "Telegram zelf bewaart" in texts(r))
    assert "Meldcode-assistent" in texts(got) and "112" in texts(got)
    assert safety_line() in texts(got)  # the same line as the web channel and the widget


def test_a_question_gets_the_right_dutch_answer(telegram):
    fake = telegram["fake"]
    chat = CHAT + 1
    fake.send_text(chat, "wat doet veilig thuis met een melding?")
    got = fake.wait_for(chat, lambda r: "5 werkdagen" in texts(r))
    assert "sendChatAction" in fake.methods()  # "typing..." while waiting
    assert all("parse_mode" not in m for m in got)  # plain text: no Markdown/HTML surprises


def test_button_round_trip(telegram):
    fake = telegram["fake"]
    chat = CHAT + 2
    fake.send_text(chat, "ik ben leerkracht en maak me zorgen over een leerling")
    got = fake.wait_for(chat, lambda r: any(m.get("reply_markup") for m in r))
    markup = next(m["reply_markup"] for m in got if m.get("reply_markup"))
    data = [b[0]["callback_data"] for b in markup["inline_keyboard"]]
    assert '/inform{"choice":"letsel"}' in data
    before = len(got)
    fake.tap(chat, '/inform{"choice":"letsel"}')
    got = fake.wait_for(chat, lambda r: len(r) > before and "Hoe vaak" in texts(r[before:]))
    assert "answerCallbackQuery" in fake.methods()
    edits = [p for m, p in fake.calls if m == "editMessageReplyMarkup"]
    assert edits and not edits[-1].get("reply_markup")  # the answered keyboard is removed


def test_stop_deletes_the_conversation(telegram):
    fake = telegram["fake"]
    chat = CHAT + 3
    fake.send_text(chat, "ik ben huisarts en maak me zorgen over een kind")
    fake.wait_for(chat, lambda r: "Stap 1" in texts(r))
    fake.send_text(chat, "/stop")
    got = fake.wait_for(chat, lambda r: "Telegram bewaart de chat zelf" in texts(r))
    assert "Ik heb dit gesprek vergeten" in texts(got)  # the assistant's own account
    n = len(got)
    fake.send_text(chat, "/stop")  # nothing left: and it says so
    got = fake.wait_for(chat, lambda r: "Telegram bewaart de chat zelf" in texts(r[n:]))
    assert "niets te vergeten" in texts(got[n:])
    n = len(got)
    fake.send_text(chat, "samenvatting")
    got = fake.wait_for(chat, lambda r: len(r) > n)
    assert "nog niets om samen te vatten" in texts(got[n:])


def test_a_deep_link_makes_the_chat_the_organisations(telegram):
    """t.me/<bot>?start=sv-voorbeeld arrives as "/start sv-voorbeeld" (#31): the club's
    own route and contact; another chat, and the same chat after /stop, stay apart."""
    fake = telegram["fake"]
    club, other = CHAT + 20, CHAT + 21
    fake.send_text(club, "/start sv-voorbeeld")
    got = fake.wait_for(club, lambda r: "Telegram zelf bewaart" in texts(r))
    n = len(got)
    fake.send_text(club, "Ik maak me zorgen over een kind")
    got = fake.wait_for(club, lambda r: "Waar maak je je zorgen over?" in texts(r[n:]))
    assert "SV Voorbeeld" in texts(got[n:])
    n = len(got)
    fake.send_text(club, "over hoe het thuis gaat")
    fake.wait_for(club, lambda r: "zelf iets verteld" in texts(r[n:]))
    n = len(fake.replies(club))
    fake.send_text(club, "nee")
    got = fake.wait_for(club, lambda r: "vcp@sv-voorbeeld.example" in texts(r[n:]))
    assert "OBS Het Voorbeeld" not in texts(got)
    fake.send_text(other, "Ik maak me zorgen over een kind")
    got = fake.wait_for(other, lambda r: "In welke sector" in texts(r))
    assert "Voorbeeld" not in texts(got)
    assert str(club) not in telegram["log"].read_text()


def test_photo_and_voice_are_refused_and_not_downloaded(telegram):
    fake = telegram["fake"]
    chat = CHAT + 4
    fake.send_photo(chat)
    fake.send_voice(chat)
    got = fake.wait_for(chat, count_at_least(2))
    assert all("alleen tekst" in m["text"] and "foto" in m["text"] for m in got)
    assert "getFile" not in fake.methods()


def test_group_chat_is_refused(telegram):
    fake = telegram["fake"]
    group = GROUP
    fake.send_text(group, "wat is de kindcheck?", chat_type="supergroup")
    got = fake.wait_for(group, count_at_least(1))
    assert "privégesprek" in got[0]["text"]
    assert "kindcheck hoort" not in texts(got)


def test_markup_characters_arrive_unchanged(telegram):
    fake = telegram["fake"]
    chat = CHAT + 5
    fake.send_text(chat, "<b>wat</b> is *acute* onveiligheid_?")
    got = fake.wait_for(chat, count_at_least(1))
    assert all(m.get("parse_mode") is None for m in got)


def test_no_token_and_no_chat_id_in_the_logs(telegram):
    fake = telegram["fake"]
    fake.send_text(CHAT, "hallo")
    fake.wait_for(CHAT, lambda r: "Meldcode-assistent" in texts(r[-1:]))
    bot_log = telegram["log"].read_text()
    assert "telegram: starting" in bot_log  # the log is real
    server_log = telegram["server"]["log"].read_text(errors="replace")
    for text in (bot_log, server_log):
        assert TOKEN not in text
        assert str(CHAT) not in text


def test_assistant_down_gives_the_fallback_and_the_bot_keeps_running(tmp_path):
    fake = FakeTelegram(TOKEN).start()
    proc = start_bot(fake, "http://127.0.0.1:9", tmp_path / "bot.log")  # nothing listens there
    try:
        fake.send_text(CHAT, "wat is de kindcheck?")
        got = fake.wait_for(CHAT, count_at_least(1))
        assert "niet bereikbaar" in got[0]["text"] and "0800-2000" in got[0]["text"]
        fake.send_text(CHAT, "nog een keer")
        fake.wait_for(CHAT, count_at_least(2))
        assert proc.poll() is None
    finally:
        assert stop_bot(proc) == 0
        fake.stop()


def test_rate_limit_from_telegram_is_retried(tmp_path, server):
    fake = FakeTelegram(TOKEN).start()
    fake.fail_next = [
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
    ]
    proc = start_bot(fake, server["url"], tmp_path / "bot.log")
    try:
        t0 = time.monotonic()
        fake.send_text(CHAT, "/privacy")
        got = fake.wait_for(CHAT, count_at_least(1))
        assert "Privacy" in got[0]["text"]
        assert time.monotonic() - t0 >= 1.0  # it waited as Telegram asked
    finally:
        stop_bot(proc)
        fake.stop()


def test_missing_token_is_a_clear_error():
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "telegram"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode != 0 and "TELEGRAM_BOT_TOKEN" in out.stderr + out.stdout


# --- pure helpers ------------------------------------------------------------------


def test_long_replies_are_split_at_telegrams_limit():
    text = ("Zin met een paar woorden. " * 400).strip()
    parts = split_text(text, limit=4096)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == text


def test_buttons_become_an_inline_keyboard_within_callback_limits():
    markup = keyboard([{"title": "Ja", "payload": "/affirm"}, {"title": "Te lang", "payload": "/x" + "y" * 80}])
    rows = markup.inline_keyboard
    assert [[b.text for b in r] for r in rows] == [["Ja"]]
    assert keyboard([]) is None


def test_flood_gate_holds_back_a_chat_and_warns_once():
    now = [0.0]
    gate = FloodGate(limit=3, window=60, clock=lambda: now[0])
    assert [gate.allow("a") for _ in range(4)] == [True, True, True, False]
    assert gate.warn_once("a") and not gate.warn_once("a")
    assert gate.allow("b")  # other chats are not affected
    now[0] = 61
    assert gate.allow("a")


def test_the_flood_gate_and_the_bot_keep_pseudonyms_not_chat_ids():
    """The real Application and handlers, in-process, against the fake Bot API; the
    assistant is unreachable, which changes nothing for what the bot keeps."""
    import asyncio

    import httpx
    from telegram import Update

    from bot.channels.telegram import Relay, TelegramBot, telegram_settings

    fake = FakeTelegram(TOKEN).start()
    cfg = telegram_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": fake.url,
            "MELDCODE_ASSISTANT_URL": "http://127.0.0.1:9",
            "TELEGRAM_FLOOD_MESSAGES": "2",
        }
    )

    async def scenario():
        bot = TelegramBot(cfg, Relay(cfg.assistant_url, httpx.AsyncClient()))
        app = bot.application()
        await app.initialize()
        try:
            for i in range(4):  # two get through, then the gate holds the chat back
                fake.send_text(CHAT, f"bericht {i}")
            fake.send_text(GROUP, "hallo", chat_type="supergroup")  # refused
            for raw in fake._updates:
                await app.process_update(Update.de_json(raw, app.bot))
            # AIORateLimiter keeps no chat's id (its per-group limiter would).
            assert not app.bot.rate_limiter._group_limiters
            return bot, dict(app.chat_data), dict(app.user_data)
        finally:
            await app.shutdown()
            await bot.relay.client.aclose()

    try:
        bot, chat_data, user_data = asyncio.run(scenario())
    finally:
        fake.stop()
    assert "Je stuurt veel berichten" in texts(fake.replies(CHAT))  # the gate did hold it back
    assert "privégesprek" in texts(fake.replies(GROUP))
    keys = set(bot.flood.seen) | set(bot.flood.warned)
    assert keys == {Relay.sender(CHAT)}
    assert not any(str(CHAT) in key for key in keys)
    assert not chat_data and not user_data  # python-telegram-bot keeps nothing per chat either
