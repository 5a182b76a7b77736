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

The channel registers each incoming text and each reply with `remember()`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque

CLAMPED_LOGGERS = (
    "rasa.core.processor", "rasa.core.actions", "rasa.core.policies", "rasa.nlu",
    "rasa.core.tracker_store", "rasa.shared.core", "rasa.core.lock_store", "rasa.core.agent",
    "rasa.core.channels", "rasa.engine", "rasa.utils.endpoints", "rasa.core.nlg", "rasa_sdk",
    "rasa.graph_components", "sanic.access",
)
REDACTED = "[weggelaten]"

_PATTERNS = [
    # JSON fields with conversation content
    (re.compile(r'("(?:text|request_body|tracker|events|latest_message|parse_data|slots|'
                r'metadata|responses|response)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|\{.*|\[.*)', re.S),
     r"\1" + f'"{REDACTED}"'),
    # Rasa's own debug phrasing
    (re.compile(r"(user message |Received user message |text=|parse_data_text=|utter_message\()"
                r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"), r"\1" + f"'{REDACTED}'"),
    (re.compile(r"(body=)'.*", re.S), r"\1" + f"'{REDACTED}'"),
]

_recent: deque[str] = deque(maxlen=2000)
_lock = threading.Lock()
_installed = False


def remember(*texts: str) -> None:
    """Register texts that must never appear in a log line."""
    with _lock:
        for text in texts:
            if text and len(text.strip()) >= 4:
                _recent.append(text.strip())


def scrub(message: str) -> str:
    with _lock:
        recent = sorted(set(_recent), key=len, reverse=True)
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
