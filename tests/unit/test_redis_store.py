"""The Redis tracker and lock stores (#30) against a real redis-server (Debian's),
started for this module on a spare port, with the cluster's configuration."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import threading
import time

import pytest
import redis
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cluster import redis_config, tool
from bot.privacy import redis_store
from bot.privacy.redis_store import (
    RedisConversationLockStore,
    RedisConversationStore,
    StoreUnavailable,
    is_store_failure,
    refuse_fallback,
)

PASSWORD = "test-" + os.urandom(8).hex()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    conf = folder / "redis.conf"
    conf.write_text(redis_config(port, PASSWORD, folder))
    proc = subprocess.Popen([tool("redis-server"), str(conf)], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port, password=PASSWORD)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    yield {"port": port, "client": client, "folder": folder}
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def env(redis_server, monkeypatch):
    monkeypatch.setenv("MELDCODE_REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("MELDCODE_REDIS_PORT", str(redis_server["port"]))
    monkeypatch.setenv("MELDCODE_REDIS_PASSWORD", PASSWORD)
    redis_server["client"].flushdb()
    return redis_server


def conversation(sender: str, *texts: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    for text in texts:
        tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    return tracker


def test_a_conversation_is_kept_with_its_lifetime_and_forgotten_on_request(env):
    store = RedisConversationStore(Domain.empty(), ttl_minutes=2)
    asyncio.run(store.save(conversation("abc", "ik maak me zorgen", "al een paar maanden")))
    back = asyncio.run(store.retrieve("abc"))
    assert [e.text for e in back.events if isinstance(e, UserUttered)] == ["ik maak me zorgen", "al een paar maanden"]
    assert 115 <= env["client"].ttl("meldcode:tracker:abc") <= 120  # Redis deletes it after 2 minutes
    assert store.forget_now("abc") is True
    assert asyncio.run(store.retrieve("abc")) is None
    assert store.forget_now("abc") is False


def test_an_idle_conversation_is_gone_when_its_key_expires(env):
    store = RedisConversationStore(Domain.empty(), ttl_minutes=1 / 60)  # a second
    asyncio.run(store.save(conversation("idle", "hallo")))
    assert not store.is_expired("idle")
    time.sleep(2.1)
    assert store.is_expired("idle") and asyncio.run(store.retrieve("idle")) is None


def test_two_replicas_taking_tickets_at_once_never_get_the_same_one(env):
    """Rasa's own store reads, changes and writes a lock: two replicas can both get
    the first ticket. Ours changes it in one transaction."""
    stores = [RedisConversationLockStore(), RedisConversationLockStore()]
    tickets: list[int] = []
    start = threading.Barrier(2)

    def take(store: RedisLockStore) -> None:
        start.wait()
        for _ in range(150):
            tickets.append(store.issue_ticket("same", 60))

    threads = [threading.Thread(target=take, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(tickets) == list(range(300))
    assert 55 <= env["client"].ttl("meldcode:lock:same") <= 60  # the lock key expires with its tickets


def test_a_lock_is_released_and_its_key_removed_after_the_message(env):
    store = RedisConversationLockStore()

    async def handle() -> None:
        async with store.lock("conv", lock_lifetime=30, wait_time_in_seconds=0.01):
            assert env["client"].exists("meldcode:lock:conv")

    asyncio.run(handle())
    assert not env["client"].exists("meldcode:lock:conv")


def test_an_unreachable_redis_is_a_store_failure_not_an_empty_conversation(monkeypatch):
    monkeypatch.setenv("MELDCODE_REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("MELDCODE_REDIS_PORT", str(free_port()))  # nothing listens there
    store = FailSafeTrackerStore(RedisConversationStore(Domain.empty()))
    assert asyncio.run(store.retrieve("x")) is None  # Rasa's wrapper: as if it were a new conversation
    store._on_tracker_store_error = refuse_fallback  # what the web channel sets
    with pytest.raises(StoreUnavailable) as raised:
        asyncio.run(store.retrieve("x"))
    assert is_store_failure(raised.value)
    with pytest.raises(redis.exceptions.ConnectionError) as raised:
        RedisConversationLockStore().issue_ticket("x")
    assert is_store_failure(raised.value) and not is_store_failure(ValueError("x"))


def test_without_a_redis_host_the_stores_say_so(monkeypatch):
    monkeypatch.delenv("MELDCODE_REDIS_HOST", raising=False)
    with pytest.raises(StoreUnavailable):
        redis_store.client()
    with pytest.raises(StoreUnavailable):
        RedisConversationLockStore()


def test_a_lifetime_of_zero_still_keeps_a_conversation_for_a_second(env):
    store = RedisConversationStore(Domain.empty(), ttl_minutes=0)
    asyncio.run(store.save(conversation("zero", "hallo")))  # Redis refuses an expiry of 0
    assert env["client"].ttl("meldcode:tracker:zero") == 1


def test_a_broken_connection_during_a_lock_change_is_not_taken_for_a_race(env, monkeypatch):
    """redis-py raises WatchError when the connection dies under a watched key, also
    after the change went through: taking the ticket again would queue the message
    behind its own ticket."""
    calls = []

    def broken(self, raise_on_error=True):
        calls.append(1)
        try:
            raise redis.ConnectionError("gone")
        except redis.ConnectionError:
            raise redis.WatchError("A ConnectionError occurred on while watching one or more keys") from None

    monkeypatch.setattr(redis.client.Pipeline, "execute", broken)
    with pytest.raises(StoreUnavailable):
        RedisConversationLockStore().issue_ticket("conv")
    assert len(calls) == 1


def test_a_wrong_password_stops_the_start_and_a_persisting_redis_is_named(env, monkeypatch, caplog):
    monkeypatch.setenv("MELDCODE_REDIS_PASSWORD", "wrong")
    with pytest.raises(StoreUnavailable, match="password"):
        RedisConversationStore(Domain.empty())
    monkeypatch.setenv("MELDCODE_REDIS_PASSWORD", PASSWORD)
    env["client"].config_set("save", "900 1")
    try:
        with caplog.at_level("WARNING"):
            RedisConversationStore(Domain.empty())
    finally:
        env["client"].config_set("save", "")
    assert "Redis writes data to disk" in caplog.text and PASSWORD not in caplog.text


def test_only_a_redis_store_loses_rasas_fallback_to_memory(env):
    from types import SimpleNamespace

    from bot.channels.web import no_fallback_from_redis
    from bot.privacy.tracker_store import EphemeralTrackerStore

    plain = SimpleNamespace(tracker_store=FailSafeTrackerStore(EphemeralTrackerStore(Domain.empty())))
    shared = SimpleNamespace(tracker_store=FailSafeTrackerStore(RedisConversationStore(Domain.empty())))
    no_fallback_from_redis(plain)
    no_fallback_from_redis(shared)
    assert plain.tracker_store._on_tracker_store_error is None  # make run: Rasa's own behaviour
    assert shared.tracker_store._on_tracker_store_error is refuse_fallback


def test_redis_options_in_the_endpoints_file_are_named_as_ignored(env, caplog):
    with caplog.at_level("WARNING"):
        store = RedisConversationStore(Domain.empty(), host="elsewhere", password="in-a-file", record_exp=5)
    assert "host, password, record_exp" in caplog.text and "in-a-file" not in caplog.text
    assert store.red.connection_pool.connection_kwargs["host"] == "127.0.0.1"  # MELDCODE_REDIS_HOST
