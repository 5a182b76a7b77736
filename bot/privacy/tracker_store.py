"""An in-memory tracker store that forgets.

Rasa's InMemoryTrackerStore keeps every conversation for the life of the
process. This one drops a conversation once it has been idle for
`ttl_minutes` (default from MELDCODE_CONVERSATION_TTL_MINUTES, 30), and on
request ("vergeet dit gesprek"). Nothing is written to disk. Configured in
endpoints.yml:

    tracker_store:
      type: bot.privacy.tracker_store.EphemeralTrackerStore
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import settings


class EphemeralTrackerStore(InMemoryTrackerStore):
    def __init__(self, domain, event_broker=None, ttl_minutes: float | None = None, **kwargs: Any):
        kwargs.pop("host", None)
        super().__init__(domain, event_broker=None, **kwargs)  # never an event broker
        minutes = ttl_minutes if ttl_minutes is not None else settings().conversation_ttl_minutes
        self.ttl_seconds = float(minutes) * 60
        self.touched: dict[str, float] = {}

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.ttl_seconds
        for sender_id in [s for s, t in self.touched.items() if t < cutoff]:
            self.forget_now(sender_id)

    def forget_now(self, sender_id: str) -> bool:
        self.touched.pop(sender_id, None)
        return self.store.pop(sender_id, None) is not None

    async def forget(self, sender_id: str) -> bool:
        """Delete one conversation at once; True if there was one."""
        return self.forget_now(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._expire()
        await super().save(tracker)
        self.touched[tracker.sender_id] = time.monotonic()

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool):
        self._expire()
        return await super()._retrieve(sender_id, fetch_all_sessions)

    async def keys(self):
        self._expire()
        return list(self.store.keys())


def find(store: Any) -> EphemeralTrackerStore | None:
    """The EphemeralTrackerStore inside Rasa's wrappers, if that is the store in use."""
    seen = 0
    while store is not None and seen < 5:
        if isinstance(store, EphemeralTrackerStore):
            return store
        store = getattr(store, "tracker_store", None) or getattr(store, "_tracker_store", None)
        seen += 1
    return None
