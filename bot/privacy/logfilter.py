"""No user text in logs, at any log level.

Three measures, installed in both server processes (the Rasa server imports
the web channel, the action server imports `actions`):

1. Loggers that echo user or bot text at DEBUG (Rasa's processor, NLU,
   policies, tracker and action code, rasa_sdk) are clamped to INFO.
2. Every log record is scrubbed when it is created (a log record factory):
   texts the channel has seen recently are replaced, and so are the JSON
   fields and request bodies that carry conversation content.
3. Exception tracebacks are rendered and scrubbed the same way, because
   Rasa logs the action server's error body, which holds the whole tracker.
4. Python warnings go through logging (`logging.captureWarnings`), so they
   are scrubbed too: Rasa prints a message that starts with "/" through
   `warnings` (the gateway no longer lets typed text start with "/").

The channel registers each incoming text and each reply with
`remember(conversation_id, ...)`. They are kept for that conversation only:
`forget(conversation_id)` drops them when the conversation is deleted or
expires (the tracker store calls it), `expire()` drops those of
conversations that have been silent longer than the conversation's lifetime,
and there are never more than MAX_TEXTS.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque

CLAMPED_LOGGERS = (
    "rasa.core.processor",
    "rasa.core.actions",
    "rasa.core.policies",
    "rasa.nlu",
    "rasa.core.tracker_store",
    "rasa.shared.core",
    "rasa.core.lock_store",
    "rasa.core.agent",
    "rasa.core.channels",
    "rasa.engine",
    "rasa.utils.endpoints",
    "rasa.core.nlg",
    "rasa_sdk",
    "rasa.graph_components",
    "sanic.access",
)
REDACTED = "[weggelaten]"

_PATTERNS = [
    # JSON fields with conversation content
    (
        re.compile(
            r'("(?:text|user_text|request_body|tracker|events|latest_message|parse_data|slots|'
            r'metadata|responses|response)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|\{.*|\[.*)',
            re.S,
        ),
        r"\1" + f'"{REDACTED}"',
    ),
    # Rasa's own debug phrasing
    (
        re.compile(
            r"(user message |Received user message |text=|parse_data_text=|utter_message\()"
            r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
        ),
        r"\1" + f"'{REDACTED}'",
    ),
    (re.compile(r"(body=)'.*", re.S), r"\1" + f"'{REDACTED}'"),
    # Rasa's warnings about a message that starts with "/" quote the message
    (re.compile(r"(Failed to parse arguments in line )'.*'(?=\. (?:Expected|Failed))"), r"\1" + f"'{REDACTED}'"),
    (re.compile(r"(Parsed an (?:intent|entity) )'.*'(?= which)"), r"\1" + f"'{REDACTED}'"),
    (re.compile(r"(but found ).*?(?=\.? ?Continuing|$)"), r"\1" + REDACTED),
    (re.compile(r"(Continuing without )(?!entities\.|unknown entity types)[^\n]*"), r"\1" + REDACTED),
]

MAX_TEXTS = 2000  # over all conversations; the oldest go first
_texts: dict[str, deque[str]] = {}  # conversation id -> its texts, least recently used first
_touched: dict[str, float] = {}  # conversation id -> when a text was last remembered
_count = 0
_lock = threading.Lock()
_installed = False


def remember(conversation_id: str, *texts: str) -> None:
    """Register texts of a conversation that must never appear in a log line."""
    global _count
    with _lock:
        kept = _texts.pop(conversation_id, None) or deque()
        _texts[conversation_id] = kept  # now the most recently used
        _touched[conversation_id] = time.monotonic()
        for text in texts:
            if text and len(text.strip()) >= 4:
                kept.append(text.strip())
                _count += 1
        while _count > MAX_TEXTS:
            oldest = next(iter(_texts))
            if _texts[oldest]:
                _texts[oldest].popleft()
                _count -= 1
            else:
                del _texts[oldest]
                _touched.pop(oldest, None)


def forget(conversation_id: str) -> None:
    """Drop everything remembered for a conversation (it was deleted or expired)."""
    global _count
    with _lock:
        _count -= len(_texts.pop(conversation_id, ()))
        _touched.pop(conversation_id, None)


def expire(max_age_seconds: float) -> int:
    """Drop the texts of conversations silent for longer than max_age_seconds; how many."""
    cutoff = time.monotonic() - max_age_seconds
    with _lock:
        old = [c for c, t in _touched.items() if t < cutoff]
    for conversation_id in old:
        forget(conversation_id)
    return len(old)


def known() -> dict[str, list[str]]:
    """A copy of what is remembered, per conversation (for tests)."""
    with _lock:
        return {c: list(t) for c, t in _texts.items()}


def scrub(message: str) -> str:
    with _lock:
        recent = sorted({t for kept in _texts.values() for t in kept}, key=len, reverse=True)
    for text in recent:
        if text in message:
            message = message.replace(text, REDACTED)
    for pattern, repl in _PATTERNS:
        message = pattern.sub(repl, message)
    return message


def install() -> None:
    """Install the measures once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    for name in CLAMPED_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)
    original = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = original(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break the bot
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(factory)
    logging.captureWarnings(True)  # warnings become records of "py.warnings": scrubbed like any other
