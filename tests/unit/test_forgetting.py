"""Forgetting is true (#29, item 6), in-process with Rasa's own stores:
the conversation's lock is taken, what was there is said, expiry runs on a
timer, and the log filter keeps nothing of a conversation that is gone."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from rasa.core.lock_store import InMemoryLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import logfilter
from bot.privacy.tracker_store import EphemeralTrackerStore, expire_on_a_timer, forget_conversation


def tracker(conversation_id: str, text: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(conversation_id, [UserUttered(text)])


async def handle_a_message(store, locks, conversation_id: str, seconds: float) -> None:
    """What Rasa does with a message: under the lock, read, work, write the conversation back."""
    async with locks.lock(conversation_id):
        current = await store.retrieve(conversation_id)
        await asyncio.sleep(seconds)
        current.update(UserUttered("nog iets"))
        await store.save(current)


def test_forget_waits_for_the_message_being_handled_and_then_deletes():
    async def scenario():
        store, locks = EphemeralTrackerStore(Domain.empty()), InMemoryLockStore()
        await store.save(tracker("c1", "ik maak me zorgen"))
        handling = asyncio.create_task(handle_a_message(store, locks, "c1", 0.3))
        await asyncio.sleep(0.05)
        forgetting = asyncio.create_task(forget_conversation(store, locks, "c1"))
        await asyncio.sleep(0.1)
        waited = not forgetting.done()  # the message still holds the lock
        await handling
        deleted = await forgetting
        return waited, deleted, "c1" in store.store, locks.conversation_locks

    waited, deleted, still_there, locks_left = asyncio.run(scenario())
    assert waited and deleted is True
    assert not still_there  # the write-back came first, the deletion after it
    assert not locks_left  # the lock itself is gone too


def test_without_the_lock_the_write_back_would_bring_it_back():
    # Why the lock matters: the behaviour before #29.
    async def scenario():
        store, locks = EphemeralTrackerStore(Domain.empty()), InMemoryLockStore()
        await store.save(tracker("c2", "ik maak me zorgen"))
        handling = asyncio.create_task(handle_a_message(store, locks, "c2", 0.2))
        await asyncio.sleep(0.05)
        store.forget_now("c2")
        await handling
        return "c2" in store.store

    assert asyncio.run(scenario()) is True


def test_forget_says_whether_there_was_anything():
    async def scenario():
        store, locks = EphemeralTrackerStore(Domain.empty()), InMemoryLockStore()
        nothing = await forget_conversation(store, locks, "c3")
        await store.save(tracker("c3", "hallo"))
        something = await forget_conversation(store, locks, "c3")
        not_ours = await forget_conversation(object(), locks, "c3")  # e.g. a Redis store
        return nothing, something, not_ours

    assert asyncio.run(scenario()) == (False, True, None)


def test_expiry_runs_on_a_timer_without_any_further_message():
    async def scenario():
        store = EphemeralTrackerStore(Domain.empty(), ttl_minutes=0.5 / 60)  # half a second
        agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
        await store.save(tracker("c4", "mijn verhaal"))
        logfilter.remember("c4", "mijn verhaal over thuis")
        timer = asyncio.create_task(expire_on_a_timer(lambda: agent))
        await asyncio.sleep(0.2)
        before = "c4" in store.store
        await asyncio.sleep(2.5)  # the sweep runs every second here; nothing touches the store
        after = "c4" in store.store
        timer.cancel()
        return before, after

    before, after = asyncio.run(scenario())
    assert before and not after
    assert "c4" not in logfilter.known()


def test_the_log_filter_keeps_nothing_of_a_conversation_that_is_gone():
    logfilter.remember("c5", "een tekst van gesprek vijf")
    logfilter.remember("c6", "een tekst van gesprek zes")
    store = EphemeralTrackerStore(Domain.empty())
    store.forget_now("c5")  # deleted ("vergeet dit gesprek", or expiry)
    assert "c5" not in logfilter.known() and "c6" in logfilter.known()
    assert "gesprek vijf" in logfilter.scrub("x een tekst van gesprek vijf x")  # no longer known
    assert logfilter.expire(0) >= 1  # silent longer than the lifetime: dropped as well
    assert "c6" not in logfilter.known()


def test_the_log_filter_holds_at_most_max_texts():
    for i in range(logfilter.MAX_TEXTS + 50):
        logfilter.remember(f"many-{i % 7}", f"tekst nummer {i}")
    assert sum(len(t) for t in logfilter.known().values()) <= logfilter.MAX_TEXTS
    logfilter.expire(0)
    assert not logfilter.known()


def test_the_timer_looks_at_least_once_a_minute():
    assert EphemeralTrackerStore(Domain.empty(), ttl_minutes=30).sweep_interval() == 60  # a minute at most
    assert EphemeralTrackerStore(Domain.empty(), ttl_minutes=0.15).sweep_interval() == 1
