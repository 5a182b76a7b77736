"""The web channel over real HTTP against the running servers."""

import json
import threading
import time

import pytest

from tests.conftest import Chat


def test_dutch_greeting_with_privacy_notice_and_safety_numbers(chat):
    replies = chat.send("hallo")
    text = replies[0]["text"]
    assert "Meldcode-assistent" in text
    assert "geen namen" in text
    assert "112" in text and "0800-2000" in text
    assert all(r["recipient_id"] == chat.sender for r in replies)
    assert {b["payload"] for b in replies[0]["buttons"]} >= {"/inform", "/help"}


@pytest.mark.parametrize("message,expect", [
    ("wat kun je?", "5 stappen van de meldcode"),
    ("bedankt!", "Graag gedaan"),
    ("doei", "Tot ziens"),
    ("wat voor weer wordt het morgen", "Daar kan ik je niet mee helpen"),
])
def test_basic_conversation_in_dutch(chat, message, expect):
    assert expect in chat.say(message)


def test_danger_now_from_the_first_message(chat):
    text = chat.say("hij heeft een mes en het kind is thuis")
    assert "112" in text and "0800-2000" in text


@pytest.mark.parametrize("raw,status", [
    (b"{broken", 400),
    (json.dumps({"sender": "x"}).encode(), 400),
    (json.dumps({"message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "x", "message": ""}).encode(), 400),
    (json.dumps({"sender": "x", "message": "a" * 50_000}).encode(), 413),
])
def test_bad_input_gets_a_clear_4xx_not_a_crash(chat, raw, status):
    got, payload = chat.raw(raw)
    assert got == status
    assert isinstance(payload, dict) and payload["error"]
    # the server is still fine afterwards
    assert "Meldcode-assistent" in chat.say("hallo")


def test_logs_at_default_level_hold_no_user_text(server, chat):
    planted = "Pietje-Puk-uniek-7731"
    chat.say(f"ik maak me zorgen over {planted}")
    chat.say("ja")
    log = server["log"].read_text(errors="replace")
    assert planted not in log
    assert chat.sender not in log


def test_a_long_message_being_redacted_does_not_hold_up_another_conversation(server):
    # Many name-like words make deduce take seconds; meanwhile another user says hello.
    slow = " ".join(["Jan Piet Klaas Marie Anna Sophie Emma Lucas"] * 30)[:1200]
    took: dict[str, float] = {}

    def send_slow() -> None:
        start = time.monotonic()
        Chat(server["url"]).send(slow)
        took["slow"] = time.monotonic() - start

    thread = threading.Thread(target=send_slow)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    assert "Meldcode-assistent" in Chat(server["url"]).say("hallo")
    took["hello"] = time.monotonic() - start
    thread.join(timeout=120)
    # Had the redaction run on the event loop, the greeting would have waited for most of it.
    assert took["hello"] < took["slow"] / 3, took


def test_widget_origins_are_checked_before_the_server_starts():
    from bot.channels.cors import BadOrigin, allowed_origins

    env = {"MELDCODE_WIDGET_ORIGINS": " https://intranet.example/ ,https://intranet.example,"}
    assert allowed_origins(["http://wiki.local:8080"], env) == [
        "https://intranet.example", "http://wiki.local:8080"]
    assert allowed_origins((), {}) == []
    for bad in ("*", "intranet.example", "https://intranet.example/pagina"):
        with pytest.raises(BadOrigin, match="geen geldige origin"):
            allowed_origins([bad], {})
