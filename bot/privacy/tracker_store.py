"""An in-memory tracker store that forgets, and forgetting done right.

Rasa's InMemoryTrackerStore keeps every conversation for the life of the
process. This one drops a conversation once it has been idle for
`ttl_minutes` (default from MELDCODE_CONVERSATION_TTL_MINUTES, 30), and on
request ("vergeet dit gesprek"). Nothing is written to disk. Configured in
endpoints.yml:

    tracker_store:
      type: bot.privacy.tracker_store.EphemeralTrackerStore

Forgetting takes the conversation's lock in Rasa's lock store first
(`forget_conversation`), the lock Rasa holds while it handles a message of
that conversation: a message being handled is finished and written back
before the conversation is deleted, never after. Expiry runs on a timer
(`expire_on_a_timer`, started by the web channel), under the same lock, and
only there: an idle conversation is gone within `sweep_interval()` (at most a
minute) after its lifetime, whether or not other messages arrive. Deleting a
conversation also drops what the log filter keeps of it (`logfilter.forget`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from rasa.core.lock_store import LockError, LockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import settings
from bot.privacy import logfilter

logger = logging.getLogger(__name__)
LOCK_WAIT_SECONDS = 0.05  # how often a waiting forget looks at the lock again


class ForgettingStore:
    """What the web channel needs of a tracker store: delete one conversation now,
    and the conversations past their lifetime (this store's or another's, bot/privacy/redis_store.py)."""

    ttl_seconds: float

    def expired(self) -> list[str]:
        raise NotImplementedError

    def is_expired(self, sender_id: str) -> bool:
        raise NotImplementedError

    def forget_now(self, sender_id: str) -> bool:
        raise NotImplementedError

    def sweep_interval(self) -> float:
        """How often the timer looks: a tenth of the lifetime, between 1 s and 60 s."""
        return min(60.0, max(1.0, self.ttl_seconds / 10))


def lifetime_seconds(ttl_minutes: float | None) -> float:
    minutes = ttl_minutes if ttl_minutes is not None else settings().conversation_ttl_minutes
    return float(minutes) * 60


class EphemeralTrackerStore(ForgettingStore, InMemoryTrackerStore):
    def __init__(self, domain, event_broker=None, ttl_minutes: float | None = None, **kwargs: Any):
        kwargs.pop("host", None)
        super().__init__(domain, event_broker=None, **kwargs)  # never an event broker
        self.ttl_seconds = lifetime_seconds(ttl_minutes)
        self.touched: dict[str, float] = {}

    def expired(self) -> list[str]:
        """The conversations idle for longer than the lifetime."""
        cutoff = time.monotonic() - self.ttl_seconds
        return [s for s, t in self.touched.items() if t < cutoff]

    def is_expired(self, sender_id: str) -> bool:
        touched = self.touched.get(sender_id)
        return touched is not None and touched < time.monotonic() - self.ttl_seconds

    def forget_now(self, sender_id: str) -> bool:
        """Delete one conversation and what the log filter keeps of it; True if there was one.

        Without the conversation's lock: use `forget_conversation` unless the caller holds it.
        """
        self.touched.pop(sender_id, None)
        logfilter.forget(sender_id)
        return self.store.pop(sender_id, None) is not None

    async def forget(self, sender_id: str) -> bool:
        return self.forget_now(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self.touched[tracker.sender_id] = time.monotonic()


def find(store: Any) -> ForgettingStore | None:
    """The ForgettingStore inside Rasa's wrappers, if that is the kind of store in use."""
    seen = 0
    while store is not None and seen < 5:
        if isinstance(store, ForgettingStore):
            return store
        store = getattr(store, "tracker_store", None) or getattr(store, "_tracker_store", None)
        seen += 1
    return None


async def forget_conversation(tracker_store: Any, lock_store: LockStore, sender_id: str) -> bool | None:
    """Delete a conversation under its lock.

    True: it was there and is gone. False: there was nothing to delete.
    None: the store in use cannot delete one (not a ForgettingStore).
    Raises rasa's LockError when the lock could not be had (a message hung).
    """
    store = find(tracker_store)
    if store is None:
        return None
    async with lock_store.lock(sender_id, wait_time_in_seconds=LOCK_WAIT_SECONDS):
        return store.forget_now(sender_id)


async def sweep(tracker_store: Any, lock_store: LockStore) -> int:
    """Delete every conversation past its lifetime, each under its lock; how many."""
    store = find(tracker_store)
    if store is None:
        return 0
    dropped = 0
    for sender_id in store.expired():
        try:
            async with lock_store.lock(sender_id, wait_time_in_seconds=LOCK_WAIT_SECONDS):
                if store.is_expired(sender_id):  # no message came in while we waited
                    dropped += store.forget_now(sender_id)
        except LockError:
            logger.warning("expiry: a conversation's lock could not be had; trying again later")
    return dropped


async def expire_on_a_timer(agent: Callable[[], Any], also: Callable[[float], Any] = lambda ttl: None) -> None:
    """Run `sweep` on the agent's stores every `sweep_interval()` seconds, for ever.

    `agent` returns the current Rasa agent (or None while it loads); `also` is
    called with the lifetime in seconds after each sweep, for what else the
    channel keeps per conversation.
    """
    while True:
        current = agent()
        store = find(getattr(current, "tracker_store", None))
        await asyncio.sleep(store.sweep_interval() if store else 1.0)
        if store is None:
            continue
        try:
            dropped = await sweep(current.tracker_store, current.lock_store)
            logfilter.expire(store.ttl_seconds)
            also(store.ttl_seconds)
        except Exception as exc:  # the type only; the timer keeps running
            logger.error("expiry: a sweep failed (%s)", type(exc).__name__)
            continue
        if dropped:
            logger.info(
                "expiry: %d conversation(s) deleted after %g minutes without a message", dropped, store.ttl_seconds / 60
            )
