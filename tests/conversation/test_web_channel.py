"""The web channel over real HTTP against the running servers."""

import json
import re
import threading
import time

import pytest

from bot.config import settings
from tests.conftest import Chat


def test_dutch_greeting_with_privacy_notice_and_safety_numbers(chat):
    replies = chat.send("hallo")
    text = replies[0]["text"]
    assert "Meldcode-assistent" in text
    assert "geen namen" in text
    assert "112" in text and "0800-2000" in text
    assert all(r["recipient_id"] == chat.sender for r in replies)
    assert {b["payload"] for b in replies[0]["buttons"]} >= {"/inform", "/help"}


@pytest.mark.parametrize(
    "message,expect",
    [
        ("wat kun je?", "5 stappen van de meldcode"),
        ("bedankt!", "Graag gedaan"),
        ("doei", "Tot ziens"),
        ("wat voor weer wordt het morgen", "Daar kan ik je niet mee helpen"),
    ],
)
def test_basic_conversation_in_dutch(chat, message, expect):
    assert expect in chat.say(message)


def test_danger_now_from_the_first_message(chat):
    text = chat.say("hij heeft een mes en het kind is thuis")
    assert "112" in text and "0800-2000" in text


@pytest.mark.parametrize(
    "raw,status",
    [
        (b"{broken", 400),
        (json.dumps({"sender": "x"}).encode(), 400),
        (json.dumps({"message": "hoi"}).encode(), 400),
        (json.dumps({"sender": "x", "message": ""}).encode(), 400),
        (json.dumps({"sender": "x", "message": "a" * 50_000}).encode(), 413),  # too many characters
        (json.dumps({"sender": "x", "message": "a" * 70_000}).encode(), 413),  # over the 64 kB body limit
        (b"[" * 60_000, 400),  # nested too deep: was a 500
        (json.dumps({"sender": "x", "message": "hoi", "n": json.loads("[" * 25 + "]" * 25)}).encode(), 400),
    ],
)
def test_bad_input_gets_a_clear_4xx_not_a_crash(chat, raw, status):
    got, payload = chat.raw(raw)
    assert got == status
    assert isinstance(payload, dict) and payload["error"]
    assert not re.search(r"\b(the|request|error|exceeds|body)\b", payload["error"], re.I)  # Dutch
    # the server is still fine afterwards
    assert "Meldcode-assistent" in chat.say("hallo")


def test_logs_at_default_level_hold_no_user_text(server, chat):
    planted = "Pietje-Puk-uniek-7731"
    chat.say(f"ik maak me zorgen over {planted}")
    chat.say("ja")
    log = server["log"].read_text(errors="replace")
    assert planted not in log
    assert chat.sender not in log


# The worst case we know for deduce: 2000 characters of first names (tens of seconds).
WORST_CASE = " ".join(["Jan Piet Klaas Marie Anna Sophie Emma Lucas"] * 60)[:2000]


def test_other_conversations_are_answered_within_a_second_while_a_worst_case_message_is_redacted(server):
    bound = settings().redaction_timeout_seconds
    slow: dict = {}

    def send_slow() -> None:
        start = time.monotonic()
        slow["status"], slow["body"] = Chat(server["url"]).raw(
            json.dumps({"sender": "worst-case", "message": WORST_CASE}).encode()
        )
        slow["took"] = time.monotonic() - start

    thread = threading.Thread(target=send_slow)
    thread.start()
    time.sleep(0.3)
    took: list[float] = []
    while thread.is_alive() or len(took) < 5:  # and on, while the stopped worker is replaced
        start = time.monotonic()
        assert "Meldcode-assistent" in Chat(server["url"]).say("hallo")
        took.append(time.monotonic() - start)
    thread.join(timeout=60)
    took.sort()
    print(
        f"\nworst-case message refused after {slow['took']:.1f} s; meanwhile {len(took)} other "
        f"conversations answered in {took[len(took) // 2]:.2f} s (median), {took[-1]:.2f} s (slowest)"
    )
    assert took[-1] < 1.0, took
    # The message itself: refused in Dutch once the bound has passed, and kept nowhere.
    assert slow["status"] == 422 and "niet op tijd" in slow["body"]["error"], slow
    assert bound <= slow["took"] < bound + 2
    assert "Klaas Marie" not in server["log"].read_text(errors="replace")


def test_replies_carry_the_message_as_the_assistant_kept_it(chat):
    replies = chat.send(
        "Ik maak me zorgen over Jan-Willem Verschuuren, hij woont op de Lindengracht 217, bel 06-48213975"
    )
    kept = {r.get("redacted") for r in replies}
    assert len(kept) == 1 and all("redacted" in r for r in replies)
    kept = kept.pop()
    assert "[naam]" in kept and "[telefoonnummer]" in kept
    for value in ("Verschuuren", "Lindengracht", "48213975"):
        assert value not in kept
    assert chat.send("/affirm")[0]["redacted"] == "/affirm"  # a button payload is kept as it is


def test_forgetting_says_what_happened(chat):
    first = chat.send("vergeet dit gesprek")
    assert first[0]["forgotten"] is False and "niets te vergeten" in first[0]["text"]
    chat.send("ik maak me zorgen over een leerling")
    again = chat.send("vergeet dit gesprek")
    assert again[0]["forgotten"] is True and "vergeten" in again[0]["text"]
    assert chat.send("/stop")[0]["forgotten"] is False  # gone already: nothing left to forget


def test_a_message_that_starts_with_a_slash_never_reaches_stderr(server, chat):
    # Rasa reads "/..." as an intent and prints the message through Python's warnings.
    for message in (
        "/ik ben Femke Zwanenburg",
        "/zwanenburg",
        '/inform{"choice":"zwanenburg"}',
        '/help{"naam":"zwanenburg"}',
        "/inform met een geheimzinnig-verhaal",
    ):
        chat.send(message)
    log = server["log"].read_text(errors="replace")
    assert "wanenburg" not in log and "geheimzinnig" not in log


def test_widget_origins_are_checked_before_the_server_starts():
    from bot.channels.cors import BadOrigin, allowed_origins

    env = {"MELDCODE_WIDGET_ORIGINS": " https://intranet.example/ ,https://intranet.example,"}
    assert allowed_origins(["http://wiki.local:8080"], env) == ["https://intranet.example", "http://wiki.local:8080"]
    assert allowed_origins((), {}) == []
    for bad in ("*", "intranet.example", "https://intranet.example/pagina"):
        with pytest.raises(BadOrigin, match="geen geldige origin"):
            allowed_origins([bad], {})
