"""Conversations and their locks in Redis, for several Rasa replicas (#30).

Configured in endpoints-redis.yml, which the launcher uses when
MELDCODE_REDIS_HOST is set (bot/config.py, `redis_settings`):

    tracker_store:
      type: bot.privacy.redis_store.RedisConversationStore
    lock_store:
      type: bot.privacy.redis_store.RedisConversationLockStore

The privacy promises of the in-memory store hold here too:

- A conversation is one Redis key that expires after the lifetime without a
  message (MELDCODE_CONVERSATION_TTL_MINUTES): Redis deletes it itself, on
  every replica's behalf. Each save writes the whole conversation again with
  that expiry; earlier sessions are not merged back in (Rasa's own store
  does), so nothing older than the current session is kept.
- "vergeet dit gesprek" deletes the key under the conversation's lock, which
  lives in the same Redis: whichever replica gets the request, the
  conversation is gone for all of them.
- Lock keys expire too (after the lock's lifetime), so a replica that dies
  while it holds one leaves nothing behind.
- Only the web channel's redacted text reaches Redis; the Redis the project
  starts (bot/cluster.py) listens on 127.0.0.1 with a password and writes
  nothing to disk (no RDB snapshots, no AOF).

When Redis cannot be reached, a message is not answered from an empty
conversation (Rasa's fail-safe wrapper would fall back to memory): the web
channel answers with a Dutch message that gives 112 and 0800-2000
(`is_store_failure`, `refuse_fallback`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import Callable
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import RedisSettings, redis_settings
from bot.privacy import logfilter
from bot.privacy.tracker_store import ForgettingStore, lifetime_seconds

logger = logging.getLogger(__name__)
Lock = TicketLock | None
KEY_PREFIX = "meldcode"  # keys: meldcode:tracker:<pseudonym>, meldcode:lock:<pseudonym>
IGNORED_OPTIONS = ("host", "port", "db", "password", "username", "record_exp", "key_prefix")
MAX_ATTEMPTS = 100  # a lock change retried when another replica changed the lock in between


class StoreUnavailable(RuntimeError):
    """The conversation store could not be read or written."""


def is_store_failure(error: BaseException) -> bool:
    return isinstance(error, StoreUnavailable | redis.exceptions.RedisError)


def refuse_fallback(error: Exception) -> None:
    """For Rasa's FailSafeTrackerStore: instead of going on with an empty
    conversation in memory, the message fails and the channel says so."""
    raise StoreUnavailable(type(error).__name__) from None


def client(cfg: RedisSettings | None = None) -> redis.Redis:
    """A Redis client for the configured server, with a time bound on every call."""
    cfg = cfg or redis_settings()
    if cfg is None:
        raise StoreUnavailable("MELDCODE_REDIS_HOST is not set")
    return redis.Redis(
        host=cfg.host,
        port=cfg.port,
        db=cfg.db,
        password=cfg.password,
        socket_timeout=cfg.socket_timeout,
        socket_connect_timeout=cfg.socket_timeout,
        decode_responses=True,
    )


def check_at_start(red: redis.Redis) -> None:
    """A wrong password stops the start; a Redis that keeps data on disk is named in the log.

    A Redis that is not reachable yet is not fatal: until it is, every message
    gets the channel's "store down" answer (and Kubernetes may start Redis later).
    """
    try:
        red.ping()
    except redis.AuthenticationError:
        raise StoreUnavailable("Redis refused the password (MELDCODE_REDIS_PASSWORD)") from None
    except redis.RedisError as exc:
        logger.warning("Redis is not reachable yet (%s): messages are refused until it is", type(exc).__name__)
        return
    try:
        settings = {**red.config_get("save"), **red.config_get("appendonly")}
    except redis.RedisError:  # CONFIG may be switched off: the operator's promise then
        return
    if settings.get("save") or settings.get("appendonly") == "yes":
        logger.warning(
            'Redis writes data to disk (save %r, appendonly %s): set save "" and appendonly no (see PRIVACY.md)',
            settings.get("save"),
            settings.get("appendonly"),
        )


class RedisConversationStore(ForgettingStore, RedisTrackerStore):
    def __init__(self, domain, event_broker=None, ttl_minutes: float | None = None, **kwargs: Any):
        ignored = [key for key in IGNORED_OPTIONS if kwargs.pop(key, None) is not None]
        if ignored:  # the settings come from the environment (bot/config.py), not from the endpoints file
            logger.warning("tracker_store options %s are ignored: set MELDCODE_REDIS_* instead", ", ".join(ignored))
        self.ttl_seconds = lifetime_seconds(ttl_minutes)
        super().__init__(domain, event_broker=None, record_exp=self.ttl_seconds, key_prefix=KEY_PREFIX, **kwargs)
        self.red = client()
        check_at_start(self.red)

    def key(self, sender_id: str) -> str:
        return self.key_prefix + sender_id

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """The conversation, written whole, expiring after the lifetime."""
        expiry = max(1, math.ceil(self.ttl_seconds))
        self.red.set(self.key(tracker.sender_id), self.serialise_tracker(tracker), ex=expiry)

    def expired(self) -> list[str]:
        return []  # Redis deletes a conversation when its key expires

    def is_expired(self, sender_id: str) -> bool:
        return not self.red.exists(self.key(sender_id))

    def forget_now(self, sender_id: str) -> bool:
        logfilter.forget(sender_id)
        return bool(self.red.delete(self.key(sender_id)))

    async def forget(self, sender_id: str) -> bool:
        return self.forget_now(sender_id)


class RedisConversationLockStore(RedisLockStore):
    """Rasa's Redis lock store on our Redis settings, with three changes.

    Every change to a lock is one Redis transaction (WATCH/MULTI): Rasa's
    own store reads a lock, changes it and writes it back, so two replicas
    that take a ticket at the same moment can both get the first one and
    handle two messages of one conversation at once. Lock keys expire with
    their last ticket, so a replica that dies holding one leaves nothing
    behind for longer than the lock's lifetime. And a waiting ticket is kept
    alive while it waits (`_acquire_lock`), so the message after such a
    death is handled once the dead ticket expires, instead of failing with it.
    """

    def __init__(self, endpoint_config: Any = None) -> None:
        red = client()  # first: without MELDCODE_REDIS_HOST, StoreUnavailable
        super().__init__(key_prefix=KEY_PREFIX)
        self.red = red

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[Any, Lock]]) -> Any:
        """Apply `change` (old lock -> result, new lock or None to delete) atomically; its result."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    result, lock = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
                    pipe.multi()
                    if lock is not None:
                        pipe.set(key, lock.dumps(), ex=_expiry(lock))
                    elif raw:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError as exc:
                    if isinstance(exc.__context__, redis.ConnectionError | redis.TimeoutError):
                        # redis-py says WatchError when the connection died: the change may
                        # or may not have been made, so it is not made again
                        raise StoreUnavailable("the connection to Redis broke during a lock change") from None
                    # else another replica changed the lock in between: read it again
        raise StoreUnavailable(f"a lock changed under us {MAX_ATTEMPTS} times in a row")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[int, TicketLock]:
            lock = lock or TicketLock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        return self._change(conversation_id, take)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def done(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if lock.is_someone_waiting() else None

        self._change(conversation_id, done)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        """Rasa's wait for a ticket's turn, with one change: the waiting ticket is kept
        alive while it waits. In Rasa's own loop a waiting ticket expires as a held one
        does, so a message that arrives just after a replica died holding the lock
        expires together with the dead ticket it waits for, and fails (LockError)."""

        def renew(lock: TicketLock | None) -> tuple[TicketLock | None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_expired_tickets()
            for held in lock.tickets:
                if held.number == ticket:
                    held.expires = time.time() + LOCK_LIFETIME
            return lock, lock if lock.tickets else None

        while True:
            lock = self._change(conversation_id, renew)
            if lock is None or all(held.number != ticket for held in lock.tickets):
                break  # the ticket is gone (it expired before it could be renewed)
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")

    def save_lock(self, lock: TicketLock) -> None:
        # Only Rasa's own read-change-write methods still call this (update_lock,
        # finish_serving; none of them is on our paths): their lock keys expire too.
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=_expiry(lock))


def _expiry(lock: TicketLock) -> int:
    """Seconds until the lock's last ticket expires (Rasa's lifetime, 60 s by default); at least 1."""
    return max(1, math.ceil(max((t.expires for t in lock.tickets), default=0.0) - time.time()))
