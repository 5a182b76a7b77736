"""Loads the Dutch texts in actions/content/*.yml (one read per process)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@cache
def load(name: str) -> dict[str, Any]:
    with open(CONTENT_DIR / f"{name}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def consultation() -> dict[str, Any]:
    return load("consultatie")


def with_sources(text: str, sources: list[str] | None) -> str:
    """A text with its sources under it, as users see them.

    Spaces are tidied within each line; line breaks written in the content
    (numbered lists) are kept.
    """
    text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    if not sources:
        return text
    return text + "\nBron: " + " ; ".join(sources)
