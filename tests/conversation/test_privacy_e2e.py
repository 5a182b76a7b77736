"""End to end: real servers at DEBUG level, conversations full of identifying
data over the web channel, then a scan of everything that could keep it:
the tracker store, every log line, every file the run wrote, every reply.

The same servers run with tight limits and a short conversation lifetime
(E2E_ENV), for the tests of bounded work and forgetting (#29, items 4 and 6).
Ports: MELDCODE_TEST_E2E_PORT and MELDCODE_TEST_E2E_ACTION_PORT (15105, 15155).
"""

import http.client
import json
import os
import secrets
import time
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_DIR, settings
from bot.launcher import running_servers
from bot.privacy.pseudonym import pseudonym, relay_token
from tests.conftest import Chat

E2E_PORT = os.environ.get("MELDCODE_TEST_E2E_PORT", "15105")
E2E_ACTION_PORT = os.environ.get("MELDCODE_TEST_E2E_ACTION_PORT", "15155")
E2E_ENV = {
    "MELDCODE_CONVERSATION_TTL_MINUTES": "0.15",  # 9 s; the timer looks every second
    "MELDCODE_RATE_PER_CONVERSATION": "8",
    "MELDCODE_RATE_PER_ADDRESS": "40",
    "MELDCODE_REDACTION_TIMEOUT_SECONDS": "2",
}
WORST_CASE = " ".join(["Jan Piet Klaas Marie Anna Sophie Emma Lucas"] * 60)[:1960] + " Verschuuren"

PLANTED = {
    "name": "Jan-Willem Verschuuren",
    "first": "Noortje",
    "street": "Lindengracht 217",
    "postcode": "3511 XK",
    "phone": "06-48213975",
    "email": "noortje.verschuuren@example.nl",
    "bsn": "111222333",
    "iban": "NL91ABNA0417164300",
    "dob": "14-02-2016",
}
MESSAGES = [
    "Ik ben juf en ik maak me zorgen over {first}, geboren {dob}.",
    "Haar vader {name} woont op {street}, {postcode}.",
    "Zijn nummer is {phone} en mail {email}.",
    "Het BSN is {bsn} en ze betalen vanaf {iban}.",
]
SKIP_DIRS = {".venv", ".git", "models", "__pycache__", ".pytest_cache", ".ruff_cache"}


def files_written_since(root: Path, since: float):
    for path in root.rglob("*"):
        if any(part in SKIP_DIRS for part in path.parts) or not path.is_file():
            continue
        try:
            if path.stat().st_mtime >= since:
                yield path
        except OSError:
            continue


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory):
    token = secrets.token_hex(16)
    key = secrets.token_hex(16)
    tmp = tmp_path_factory.mktemp("privacy-run")
    saved = {k: os.environ.get(k) for k in ("MELDCODE_PORT", "MELDCODE_ACTION_PORT")}
    env = dict(
        os.environ,
        LOG_LEVEL="DEBUG",
        MELDCODE_API_TOKEN=token,
        MELDCODE_PSEUDONYM_KEY=key,
        TMPDIR=str(tmp),
        MELDCODE_PORT=E2E_PORT,
        MELDCODE_ACTION_PORT=E2E_ACTION_PORT,
        **E2E_ENV,
    )
    os.environ.update({"MELDCODE_PORT": E2E_PORT, "MELDCODE_ACTION_PORT": E2E_ACTION_PORT})
    cfg = settings()
    log = tmp / "servers.log"
    start = time.time()
    with open(log, "w") as out, running_servers(cfg, stdout=out, env=env):
        os.environ.update({k: v for k, v in saved.items() if v is not None})
        yield {"url": cfg.rasa_url, "token": token, "key": key.encode(), "log": log, "tmp": tmp, "start": start}


def test_nothing_identifying_is_kept_anywhere(debug_server):
    chat = Chat(debug_server["url"])
    replies = []
    for template in MESSAGES:
        replies += chat.send(template.format(**PLANTED))
    replies += chat.send("ja")
    reply_text = json.dumps(replies, ensure_ascii=False)

    # The user is told, briefly, that something was left out.
    assert "weggelaten" in reply_text

    # The tracker store, read through Rasa's API (on for this test only).
    conversation = pseudonym("web", chat.sender, key=debug_server["key"])
    url = f"{debug_server['url']}/conversations/{conversation}/tracker?token={debug_server['token']}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        tracker = resp.read().decode()
    assert '"event": "user"' in tracker or '"event":"user"' in tracker  # it is the real tracker
    assert chat.sender not in tracker  # the channel's user id never reaches Rasa

    log = debug_server["log"].read_text(errors="replace")
    assert " DEBUG " in log  # the servers really ran at debug level

    written = list(files_written_since(PROJECT_DIR, debug_server["start"]))
    written += list(files_written_since(debug_server["tmp"], debug_server["start"]))
    files = {str(p): p.read_text(errors="replace") for p in written if p != debug_server["log"]}

    for label, value in PLANTED.items():
        assert value not in tracker, f"{label} in the tracker store"
        assert value not in log, f"{label} in the logs"
        assert value not in reply_text, f"{label} echoed in a reply"
        for path, content in files.items():
            assert value not in content, f"{label} in {path}"


def test_forget_deletes_the_conversation_at_once(debug_server):
    chat = Chat(debug_server["url"])
    chat.send("ik maak me zorgen over een leerling")
    conversation = pseudonym("web", chat.sender, key=debug_server["key"])
    url = f"{debug_server['url']}/conversations/{conversation}/tracker?token={debug_server['token']}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert "start_consultation" in resp.read().decode()
    assert "vergeten" in chat.say("vergeet dit gesprek")
    with urllib.request.urlopen(url, timeout=30) as resp:
        after = json.loads(resp.read())
    # Rasa answers an unknown id with a fresh, empty tracker
    assert not [e for e in after.get("events", []) if e.get("event") == "user"]


def user_events(server: dict, sender: str) -> list[dict]:
    """The user messages of a conversation in the tracker store (read through Rasa's API)."""
    conversation = pseudonym("web", sender, key=server["key"])
    url = f"{server['url']}/conversations/{conversation}/tracker?token={server['token']}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        return [e for e in json.loads(resp.read()).get("events", []) if e.get("event") == "user"]


def test_expiry_runs_on_a_timer_not_on_the_next_message(debug_server):
    chat = Chat(debug_server["url"])
    chat.send("ik maak me zorgen over een leerling")
    assert user_events(debug_server, chat.sender)  # there, right after
    ttl = float(E2E_ENV["MELDCODE_CONVERSATION_TTL_MINUTES"]) * 60
    time.sleep(ttl + 3)  # no message to the web channel meanwhile; reading (below) deletes nothing
    assert not user_events(debug_server, chat.sender)
    assert "expiry: " in debug_server["log"].read_text(errors="replace")


def test_a_message_not_redacted_in_time_is_refused_and_kept_nowhere(debug_server):
    chat = Chat(debug_server["url"])
    start = time.monotonic()
    status, body = chat.raw(json.dumps({"sender": chat.sender, "message": WORST_CASE}).encode())
    took = time.monotonic() - start
    assert status == 422 and "niet op tijd" in body["error"] and "niets ervan bewaard" in body["error"]
    assert took < float(E2E_ENV["MELDCODE_REDACTION_TIMEOUT_SECONDS"]) + 2
    assert not user_events(debug_server, chat.sender)
    log = debug_server["log"].read_text(errors="replace")
    assert " DEBUG " in log
    assert "Verschuuren" not in log and "Klaas Marie" not in log
    written = [p for p in files_written_since(PROJECT_DIR, debug_server["start"]) if p != debug_server["log"]]
    written += list(files_written_since(debug_server["tmp"], debug_server["start"]))
    for path in written:
        if path != debug_server["log"]:
            assert "Klaas Marie" not in path.read_text(errors="replace"), path


def test_slash_messages_reach_no_log_even_at_debug_level(debug_server):
    chat = Chat(debug_server["url"])
    for message in (
        "/ik ben Femke Zwanenburg",
        "/zwanenburg",
        '/inform{"choice":"zwanenburg"}',
        '/help{"naam":"zwanenburg"}',
    ):
        chat.send(message)
    assert "wanenburg" not in debug_server["log"].read_text(errors="replace")


def post_from(server: dict, address: str, sender: str, headers: dict | None = None) -> tuple[int, dict, dict]:
    """POST a message from another loopback address (127.0.0.x): another client for the limits."""
    host, port = server["url"].removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(address, 0))
    try:
        conn.request(
            "POST",
            "/webhooks/web/webhook",
            json.dumps({"sender": sender, "message": "hallo"}),
            {"Content-Type": "application/json", **(headers or {})},
        )
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read()), dict(resp.getheaders())
    finally:
        conn.close()


def test_too_many_messages_in_one_conversation_get_a_dutch_429(debug_server):
    limit = int(E2E_ENV["MELDCODE_RATE_PER_CONVERSATION"])
    sender = "limit-" + secrets.token_hex(4)
    got = [post_from(debug_server, "127.0.0.3", sender) for _ in range(limit + 1)]
    assert [s for s, _, _ in got] == [200] * limit + [429]
    status, body, headers = got[-1]
    assert "Wacht even" in body["error"] and int(headers["Retry-After"]) > 0
    assert post_from(debug_server, "127.0.0.3", sender + "-other")[0] == 200  # other conversations go on


def test_too_many_requests_from_one_address_get_a_dutch_429_but_not_the_relay(debug_server):
    limit = int(E2E_ENV["MELDCODE_RATE_PER_ADDRESS"])
    statuses = [post_from(debug_server, "127.0.0.2", f"addr-{i}")[0] for i in range(limit + 1)]
    assert statuses == [200] * limit + [429]
    status, body, _ = post_from(debug_server, "127.0.0.2", "addr-x")
    assert status == 429 and "Wacht even" in body["error"]
    assert post_from(debug_server, "127.0.0.4", "addr-y")[0] == 200  # another address is not held back
    relay = {"X-Meldcode-Relay": relay_token("telegram", key=debug_server["key"])}
    assert post_from(debug_server, "127.0.0.2", "tg-z", relay)[0] == 200  # Telegram's relay: per chat
    log = debug_server["log"].read_text(errors="replace")
    for address in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):  # client addresses: not logged, even at DEBUG
        assert address not in log


def test_telegram_chat_id_and_identifying_text_never_reach_rasa_or_logs(debug_server, tmp_path):
    """The Telegram channel through the same gateway: redacted text, no chat id."""
    from tests.telegram.fake_telegram import FakeTelegram
    from tests.telegram.test_telegram import TOKEN, start_bot, stop_bot

    chat = 580193746
    fake = FakeTelegram(TOKEN).start()
    bot_log = tmp_path / "telegram.log"
    proc = start_bot(
        fake, debug_server["url"], bot_log, MELDCODE_PSEUDONYM_KEY=debug_server["key"].decode(), LOG_LEVEL="DEBUG"
    )
    try:
        fake.send_text(chat, f"Ik maak me zorgen over {PLANTED['name']}, bel {PLANTED['phone']}.")
        replies = fake.wait_for(chat, lambda r: len(r) >= 2)
    finally:
        stop_bot(proc)
        fake.stop()

    sender = "tg-" + pseudonym("telegram", str(chat), key=debug_server["key"])
    conversation = pseudonym("web", sender, key=debug_server["key"])
    url = f"{debug_server['url']}/conversations/{conversation}/tracker?token={debug_server['token']}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        tracker = resp.read().decode()
    assert "[naam]" in tracker and "[telefoonnummer]" in tracker  # it reached Rasa, redacted
    logs = debug_server["log"].read_text(errors="replace") + bot_log.read_text(errors="replace")
    shown = json.dumps(replies, ensure_ascii=False)
    for value in (str(chat), PLANTED["name"], PLANTED["phone"], TOKEN):
        assert value not in tracker, f"{value} in the tracker store"
        assert value not in logs, f"{value} in the logs"
    assert PLANTED["phone"] not in shown
