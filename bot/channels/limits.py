"""Request limits of the web channel: a sliding window per key.

The web channel keeps two: messages per conversation (the key is the
conversation's pseudonym) and requests per client address (the key is an
HMAC of the address, so no address is held in memory). A key holds only the
times of its requests within the last window (a minute); keys without any
are dropped (`prune`, run by the channel's timer).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from bot.privacy.pseudonym import pseudonym


def address_key(address: str) -> str:
    """The per-address limit's key: an HMAC of the client's address, never the address."""
    return pseudonym("address", address)


class RateLimiter:
    """At most `limit` events per key within `window` seconds; `limit` 0 means no limit."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000
    ):
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self.events: dict[str, deque[float]] = {}

    def hit(self, key: str) -> int:
        """0 and the event counted, or the whole seconds to wait (the event not counted)."""
        if self.limit <= 0:
            return 0
        now = self.clock()
        times = self.events.get(key)
        if times is None:
            if len(self.events) >= self.max_keys:
                self.prune()
            times = self.events[key] = deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.limit:
            return max(1, math.ceil(self.window - (now - times[0])))
        times.append(now)
        return 0

    def prune(self) -> None:
        """Drop every key without an event in the current window."""
        now = self.clock()
        for key in [k for k, t in self.events.items() if not t or now - t[-1] >= self.window]:
            del self.events[key]
