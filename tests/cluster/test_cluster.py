"""The cluster against the real thing (#30): Debian's redis-server and haproxy,
two real Rasa replicas with their action servers (bot/cluster.py).

One cluster serves the whole module; the tests run in file order, and the
ones that break something (a replica killed, Redis stopped) come last.
Conversation ids are read back into Redis keys with the pseudonym key the
replicas share (bot/privacy/pseudonym.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
import redis

from bot.cluster import Ports, running_cluster
from bot.privacy.pseudonym import pseudonym
from bot.privacy.redis_store import KEY_PREFIX, RedisConversationLockStore
from bot.texts import section
from tests.conftest import Chat
from tests.telegram.fake_telegram import FakeTelegram
from tests.telegram.test_telegram import TOKEN, start_bot, stop_bot, texts

WEB = section("web")
BASE = int(os.environ.get("MELDCODE_TEST_CLUSTER_PORT", "16600"))
TTL_MINUTES = 0.5  # 30 s: the expiry test waits for it; longer than a lock's lifetime (20 s)
QUESTION_SIGNALS = "Wat voor signalen"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    saved = {k: os.environ.get(k) for k in ("MELDCODE_CONVERSATION_TTL_MINUTES", "MELDCODE_RATE_PER_ADDRESS")}
    os.environ["MELDCODE_CONVERSATION_TTL_MINUTES"] = str(TTL_MINUTES)
    os.environ["MELDCODE_RATE_PER_ADDRESS"] = "0"  # every test talks from 127.0.0.1
    ports = Ports(front=BASE, actions=BASE + 50, redis=BASE + 99)
    run_dir = tmp_path_factory.mktemp("cluster") / "run"
    log = tmp_path_factory.mktemp("cluster-logs") / "cluster.log"
    try:
        with open(log, "w") as out, running_cluster(2, ports, run_dir, log=out) as running:
            running.test_log = log
            yield running
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def store(cluster):
    cfg = cluster.redis
    return redis.Redis(host=cfg.host, port=cfg.port, password=cfg.password, decode_responses=True)


def tracker_key(sender: str) -> str:
    return f"{KEY_PREFIX}:tracker:{pseudonym('web', sender)}"


def post(url: str, sender: str, message: str, timeout: float = 60) -> tuple[int, object, str | None]:
    """POST one message; (status, JSON body, the replica haproxy chose)."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(url + "/webhooks/web/webhook", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read()), resp.headers.get("X-Meldcode-Replica")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), exc.headers.get("X-Meldcode-Replica")


def said(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def user_texts(store: redis.Redis, sender: str) -> list[str]:
    raw = store.get(tracker_key(sender))
    events = json.loads(raw)["events"] if raw else []
    return [e.get("text") for e in events if e.get("event") == "user"]


def test_a_conversation_spread_over_both_replicas_reaches_its_outcome(cluster):
    chat = Chat(cluster.url)
    served = []
    script = [
        ("ik ben leerkracht op een basisschool en maak me zorgen om een meisje", QUESTION_SIGNALS),
        ("ze heeft vaak blauwe plekken", "broertjes of zusjes"),
        ("nee", "Heb je al overlegd met"),
        ("ja met de intern begeleider", "Heb je advies gevraagd aan Veilig Thuis"),
        ("nee", "Heb je met de betrokkene(n) gesproken"),
        ("ja met moeder", "Vraag 1 (vermoeden)"),
        ("ja", "Vraag 2 (veiligheid)"),
        ("ja het is acuut onveilig", "Uitkomst: melden bij Veilig Thuis is nodig"),
    ]
    for message, expected in script:
        status, replies, replica = post(cluster.url, chat.sender, message)
        assert status == 200, replies
        assert expected in said(replies), f"after {message!r}: expected {expected!r}, got:\n{said(replies)}"
        served.append(replica)
    assert set(served) == {"rasa1", "rasa2"}, served  # round robin: both replicas served turns
    assert any(a != b for a, b in zip(served, served[1:], strict=False))
    assert "0800-2000" in said(replies) and "112" in said(replies)


def test_two_messages_at_the_same_moment_on_two_replicas_are_handled_one_after_the_other(cluster, store):
    sender = "test-lock-" + os.urandom(4).hex()
    first = "ik ben huisarts en ik maak me zorgen om een kind"
    status, _, _ = post(cluster.replica_url(0), sender, first)
    assert status == 200
    messages = ["wat is de kindcheck?", "wat doet veilig thuis met een melding?"]

    async def both() -> list[int]:
        async with aiohttp.ClientSession() as session:

            async def send(i: int) -> int:
                url = cluster.replica_url(i) + "/webhooks/web/webhook"
                async with session.post(url, json={"sender": sender, "message": messages[i]}) as resp:
                    await resp.read()
                    return resp.status

            return await asyncio.gather(send(0), send(1))

    for _ in range(3):  # three rounds: each must keep every message
        assert asyncio.run(both()) == [200, 200]
        kept = user_texts(store, sender)
        # Without the lock both replicas read the same conversation and the last
        # to write it back drops the other's message.
        assert all(m in kept for m in messages), kept
        assert kept.count(messages[0]) == kept.count(messages[1])
    events = json.loads(store.get(tracker_key(sender)))["events"]
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    # one after the other: every message has its answer before the next message arrives
    assert all(kinds[i + 1] == "bot" for i, k in enumerate(kinds[:-1]) if k == "user"), kinds
    assert not store.keys(f"{KEY_PREFIX}:lock:*")  # no lock left behind


def test_forget_on_one_replica_deletes_the_conversation_for_both(cluster, store):
    sender = "test-forget-" + os.urandom(4).hex()
    status, replies, _ = post(cluster.replica_url(0), sender, "ik ben wijkverpleegkundige en maak me zorgen")
    assert status == 200 and store.exists(tracker_key(sender))
    status, replies, _ = post(cluster.replica_url(1), sender, "vergeet dit gesprek")
    assert status == 200 and replies[0]["forgotten"] is True
    assert "Ik heb dit gesprek vergeten" in said(replies)
    assert not store.exists(tracker_key(sender))
    status, replies, _ = post(cluster.replica_url(0), sender, "vergeet dit gesprek")
    assert "niets te vergeten" in said(replies)  # the other replica knows it is gone too


def test_a_lock_left_by_a_replica_that_died_mid_message_holds_the_conversation_only_for_its_lifetime(
    cluster, store, monkeypatch
):
    """A replica killed while it handles a message leaves its lock ticket in Redis. The
    next message waits for it to expire (the replicas' TICKET_LOCK_LIFETIME), then is
    answered: haproxy must not give up first, and nothing of the conversation is lost."""
    chat = Chat(cluster.url)
    status, replies, _ = post(cluster.url, chat.sender, "ik ben jeugdarts en ik maak me zorgen om een kind")
    assert QUESTION_SIGNALS in said(replies)
    lifetime = float(cluster.replica_env(0)["TICKET_LOCK_LIFETIME"])
    for name, value in cluster.replica_env(0).items():
        if name.startswith("MELDCODE_REDIS_"):
            monkeypatch.setenv(name, value)
    RedisConversationLockStore().issue_ticket(pseudonym("web", chat.sender), lifetime)  # and then "dies"
    start = time.monotonic()
    status, replies, replica = post(cluster.url, chat.sender, "verwaarlozing denk ik", timeout=lifetime + 30)
    waited = time.monotonic() - start
    assert status == 200 and replica is not None, replies
    assert lifetime - 2 <= waited <= lifetime + 10, waited  # it waited for the dead ticket, then went on
    assert "Hoe vaak" in said(replies)  # where the conversation was
    assert not store.exists(f"{KEY_PREFIX}:lock:{pseudonym('web', chat.sender)}")


def test_an_idle_conversation_expires_in_redis_for_every_replica(cluster, store):
    sender = "test-expiry-" + os.urandom(4).hex()
    status, _, _ = post(cluster.url, sender, "ik ben leerkracht en maak me zorgen om een leerling")
    assert status == 200
    ttl = store.ttl(tracker_key(sender))
    assert 0 < ttl <= TTL_MINUTES * 60
    time.sleep(TTL_MINUTES * 60 + 1.5)
    assert not store.exists(tracker_key(sender))
    for i in (0, 1):  # neither replica still has it
        status, replies, _ = post(cluster.replica_url(i), sender, "vergeet dit gesprek")
        assert "niets te vergeten" in said(replies)


PLANTED = {
    "name": "Ilse de Vries-Kortenhoeven",
    "street": "Prinsengracht 263",
    "phone": "06-12345678",
    "email": "ilse.kortenhoeven@example.nl",
    "bsn": "111222333",
    "birth": "14-03-2016",
}


def test_only_redacted_text_reaches_redis_and_nothing_on_disk(cluster, store):
    chat = Chat(cluster.url)
    chat.send("ik ben leerkracht en ik maak me zorgen om een leerling")
    chat.send(f"het gaat om {PLANTED['name']}, geboren {PLANTED['birth']}, bsn {PLANTED['bsn']}")
    chat.send(f"ze woont op de {PLANTED['street']} in amsterdam. moeder bellen op {PLANTED['phone']}")
    chat.send(f"of mailen naar {PLANTED['email']}")
    assert store.exists(tracker_key(chat.sender))
    dump = []
    for key in store.scan_iter(count=500):
        dump.append(key)
        kind = store.type(key)
        if kind == "string":
            dump.append(store.get(key) or "")
        elif kind == "hash":
            dump.extend(f"{k}={v}" for k, v in store.hgetall(key).items())
        elif kind in ("list", "set", "zset"):
            dump.append(repr(store.dump(key)))
    everything = "\n".join(dump).lower()
    digits = "".join(c for c in everything if c.isdigit())
    for what, value in PLANTED.items():
        assert value.lower() not in everything, f"the planted {what} is in Redis"
    for part in ("kortenhoeven", "prinsengracht"):
        assert part not in everything
    assert "12345678" not in digits.replace("0612345678", "") and "0612345678" not in digits
    assert store.config_get("save")["save"] == ""
    assert store.config_get("appendonly")["appendonly"] == "no"
    assert store.config_get("bind")["bind"] == "127.0.0.1"
    data_dir = Path(store.config_get("dir")["dir"])
    assert data_dir.is_dir() and not any(data_dir.iterdir()), list(data_dir.iterdir())
    assert not list(cluster.run_dir.rglob("*.rdb")) and not list(cluster.run_dir.rglob("*.aof"))


def test_redis_needs_its_password(cluster):
    cfg = cluster.redis
    anonymous = redis.Redis(host=cfg.host, port=cfg.port, socket_timeout=2)
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.get("anything")


def test_a_killed_replica_loses_nothing_the_other_one_continues(cluster):
    chat = Chat(cluster.url)
    status, replies, _ = post(cluster.replica_url(0), chat.sender, "ik ben jeugdarts en ik maak me zorgen om een kind")
    assert QUESTION_SIGNALS in said(replies)
    status, replies, _ = post(cluster.replica_url(0), chat.sender, "verwaarlozing denk ik")
    assert status == 200 and "Hoe vaak" in said(replies)
    cluster.kill_replica(0)  # SIGKILL: no clean shutdown
    # haproxy has not noticed yet (health checks each second): the next message
    # may be sent to the dead replica first, and goes on to the live one.
    seen = []
    for message, expected in (("al een paar maanden", "broertjes of zusjes"), ("nee", "Heb je al overlegd met")):
        status, replies, replica = post(cluster.url, chat.sender, message, timeout=30)
        assert status == 200, replies
        assert expected in said(replies), said(replies)  # where it was: not started again, nothing lost
        seen.append(replica)
    assert seen == ["rasa2", "rasa2"]


def test_with_redis_stopped_every_channel_gives_112_and_0800_2000_and_recovers(cluster, tmp_path):
    fake = FakeTelegram(TOKEN).start()
    bot = start_bot(fake, cluster.url, tmp_path / "telegram.log")
    try:
        cluster.stop_redis()
        data_dir = cluster.run_dir / "redis-data"
        assert data_dir.is_dir() and not any(data_dir.iterdir())  # nothing written at the shutdown either
        chat = Chat(cluster.url)
        start = time.monotonic()
        status, body, replica = post(cluster.url, chat.sender, "ik maak me zorgen over een kind", timeout=20)
        assert time.monotonic() - start < 5  # no hang: a stopped Redis refuses at once
        # the replica's own answer (haproxy's pages carry no replica), not a crash or a hang
        assert status == 503 and replica in ("rasa1", "rasa2") and body["error"] == WEB["store_down"], body
        assert "112" in body["error"] and "0800-2000" in body["error"]
        status, body, replica = post(cluster.url, chat.sender, "vergeet dit gesprek", timeout=20)
        assert status == 503 and replica is not None, body
        assert body["error"] == WEB["forget_failed"].format(minutes=f"{TTL_MINUTES:g}")
        assert "112" in body["error"] and "0800-2000" in body["error"]
        fake.send_text(4242, "wat is de kindcheck?")
        got = fake.wait_for(4242, lambda r: len(r) >= 1, timeout=30)
        assert WEB["store_down"] in texts(got)  # Telegram relays the channel's answer

        cluster.start_redis()
        status, replies, _ = post(cluster.url, chat.sender, "ik ben leerkracht en maak me zorgen om een leerling")
        assert status == 200 and QUESTION_SIGNALS in said(replies)
        fake.send_text(4242, "wat is de kindcheck?")
        got = fake.wait_for(4242, lambda r: "kindcheck" in texts(r[1:]).lower(), timeout=30)
        assert bot.poll() is None
    finally:
        if cluster.redis_proc is None:
            cluster.start_redis()
        assert stop_bot(bot) == 0
        fake.stop()


def test_the_cluster_logs_keep_nothing_the_user_typed_unredacted(cluster):
    """Last: everything every process of the cluster wrote (Rasa, actions, Redis, haproxy)."""
    log = cluster.test_log.read_text(errors="replace").lower()
    assert "rasa" in log  # the log is there and was written
    for what, value in PLANTED.items():
        assert value.lower() not in log, f"the planted {what} is in the cluster's log"
