"""The Dutch texts that the channels, the safety net and the widget show.

They live in one content file, actions/content/kanalen.yml, next to the
consultation's texts; this module reads it (once per process, through
actions.meldcode.content.load) and puts the safety line, written there once as
`veiligheid`, wherever a text says "{veiligheid}".

    text("web.too_many")                 -> the 429 message
    text("web.too_long", max_chars=2000) -> with the code's value filled in
    safety_line()                        -> "Bij direct gevaar: bel 112. ..."
"""

from __future__ import annotations

from functools import cache
from typing import Any

from actions.meldcode.content import load

CONTENT = "kanalen"
SAFETY_KEY = "veiligheid"


def _resolve(node: Any, safety: str) -> Any:
    if isinstance(node, dict):
        return {key: _resolve(value, safety) for key, value in node.items()}
    if isinstance(node, str):
        return node.replace("{" + SAFETY_KEY + "}", safety)
    return node


@cache
def texts() -> dict[str, Any]:
    """The whole content file, with the safety line filled in."""
    raw = load(CONTENT)
    safety = " ".join(raw[SAFETY_KEY].split())
    return _resolve(raw, safety)


def safety_line() -> str:
    return texts()[SAFETY_KEY]


def section(name: str) -> dict[str, str]:
    """One part of the file (`web`, `widget`, `telegram`, ...), as it is."""
    return dict(texts()[name])


def text(key: str, **values: Any) -> str:
    """The text at a dotted key, e.g. "web.busy"; `values` fill its {names}."""
    node: Any = texts()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"{key} is not a text in actions/content/{CONTENT}.yml")
    return node.format(**values) if values else node


def widget_texts(max_chars: int) -> dict[str, str]:
    """The widget's texts as the served widget.js carries them. Only {title}
    (the page's data-title) is left for the widget to fill in."""
    out = section("widget")
    out["too_long"] = out["too_long"].format(max_chars=max_chars)
    return out
