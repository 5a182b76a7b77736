"""Which intranet origins may call the assistant from a page on another host (CORS).

Rasa's own server applies CORS to every route (sanic-cors, `rasa run --cors`),
preflights included, so the launcher hands it this list. Nothing is allowed by
default: the demo page is same-origin and needs no CORS.

Origins come from MELDCODE_WIDGET_ORIGINS (comma-separated) and `--cors` on
`python -m bot serve`. Each must be a bare origin such as
https://intranet.example (scheme, host, optional port; no path).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$", re.IGNORECASE)


class BadOrigin(ValueError):
    pass


def allowed_origins(extra: Iterable[str] = (), env: dict[str, str] | None = None) -> list[str]:
    """The configured origins, without duplicates; BadOrigin names a malformed one."""
    env = os.environ if env is None else env
    listed = [*env.get("MELDCODE_WIDGET_ORIGINS", "").split(","), *extra]
    origins: list[str] = []
    for raw in listed:
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if origin == "*" or not ORIGIN.match(origin):
            raise BadOrigin(
                f"'{origin}' is geen geldige origin voor de widget. "
                "Gebruik de vorm https://intranet.voorbeeld.nl (zonder pad, geen '*')."
            )
        if origin not in origins:
            origins.append(origin)
    return origins
