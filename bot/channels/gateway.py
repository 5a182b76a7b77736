"""What every channel does with a message before Rasa sees it.

Plain Python, no Rasa imports, so it is tested on its own. A channel calls
`parse_request` on the raw body (web) or builds the fields itself (Telegram),
then `screen` (input checks), and `incoming` with the redaction to get the
text Rasa may see and the pseudonymous sender id; `prepare` does all three
in one call, redacting in this thread (the web channel redacts in worker
processes instead, see bot/privacy/redaction_pool.py).
Errors are `BadRequest`s with a Dutch message for the user.

A request may name an organisation (`"organisation": "<key>"`, #31): the key of
a file in the organisations folder. `organisation_of` checks it against the
configured organisations: an unknown key gets the generic assistant and a log
line without user data. The organisation is part of the conversation's
pseudonym (`conversation_channel`), so conversations of different
organisations never mix, and it travels with every message as metadata.

A message that starts with "/" reaches Rasa as it is only when it is one of
the assistant's own button payloads: an intent of the domain (or a question
of the knowledge base), with a `choice` or `rol` that the assistant's own
buttons can carry. Anything else is typed text: its leading slashes are taken
off, so that Rasa does not read it as an intent (and print it, through
Python's `warnings`, to stderr), and it is redacted like any other text.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from bot import texts
from bot.config import PROJECT_DIR
from bot.privacy.pseudonym import pseudonym
from bot.privacy.redactor import Redaction, redactor

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 200
MAX_JSON_DEPTH = 20  # a REST-contract body is one flat object
BUTTON_PAYLOAD = re.compile(
    r'^/(?P<intent>[a-z_]+)(?:/(?P<sub>[a-z_]+))?(?:\{"(?P<entity>choice|rol)": ?"(?P<value>[a-z_]+)"\})?$'
)
# Buttons of earlier releases still sit in open chats (Telegram keeps them);
# they are mapped to what the assistant understands now.
LEGACY_PAYLOADS = {
    "/start_consultation": "/inform",
    '/start_consultation{"choice":"vrijwilliger"}': '/inform{"rol":"vrijwilliger"}',
}


class BadRequest(Exception):
    """A request the assistant cannot take; `message` is shown to the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Incoming:
    sender: str  # what the client called itself; echoed back, never given to Rasa
    conversation_id: str  # the pseudonym Rasa sees
    text: str  # the text Rasa may see
    notices: list[str] = field(default_factory=list)  # Dutch notes for the user


FORGET_COMMANDS = {
    "vergeet dit gesprek",
    "vergeet het gesprek",
    "vergeet alles",
    "wis dit gesprek",
    "wis het gesprek",
    "/vergeet",
    "/forget",
    "/stop",
}


def is_forget_command(text: str) -> bool:
    """'vergeet dit gesprek' (and Telegram's /stop) delete the conversation at once."""
    return text.strip().lower().rstrip(".!") in FORGET_COMMANDS


@cache
def known_payloads() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(intents, questions, values) the assistant's own buttons can carry.

    Intents from domain.yml, questions (`/question/<name>`) from the knowledge
    base in data/nlu, values (`choice`, `rol`) from the consultation's questions.
    """
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    intents = frozenset(i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", []))
    questions: set[str] = set()
    for path in sorted((PROJECT_DIR / "data").rglob("*.yml")):
        questions.update(re.findall(r"intent: question/([a-z_]+)", path.read_text(encoding="utf-8")))
    from actions.meldcode import consultation  # plain Python: the consultation's texts and values

    values = {"vrijwilliger"}  # the rol of the welcome's "Ik ben vrijwilliger" button
    for slot in consultation.texts()["questions"]:
        values.update(consultation.allowed_values(slot))
    return intents, frozenset(questions), frozenset(values)


def is_button_payload(text: str) -> bool:
    """One of the assistant's own button payloads (fixed values only: nothing to redact)."""
    match = BUTTON_PAYLOAD.match(text)
    if not match:
        return False
    intents, questions, values = known_payloads()
    if match["intent"] not in intents:
        return False
    if match["sub"] is not None and (match["intent"] != "question" or match["sub"] not in questions):
        return False
    return match["value"] is None or match["value"] in values


def as_typed_text(text: str) -> str:
    """Typed text never starts with "/": Rasa would read it as an intent and warn with it on stderr."""
    return text.lstrip("/ ") or "?"


def _too_deep(node: object, depth: int = 0) -> bool:
    if depth > MAX_JSON_DEPTH:
        return True
    if isinstance(node, dict):
        return any(_too_deep(v, depth + 1) for v in node.values())
    if isinstance(node, list):
        return any(_too_deep(v, depth + 1) for v in node)
    return False


def parse_request(body: bytes) -> tuple[str, str]:
    """Return (sender, message) from a REST-contract body or raise BadRequest."""
    sender, message, _ = parse_body(body)
    return sender, message


def parse_body(body: bytes) -> tuple[str, str, object]:
    """(sender, message, the organisation asked for: None when the body names none)."""
    unreadable = BadRequest(400, texts.text("web.unreadable"))
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep
        raise unreadable from None
    if _too_deep(payload):
        raise unreadable
    if not isinstance(payload, dict):
        raise BadRequest(400, texts.text("web.not_an_object"))
    sender = payload.get("sender")
    message = payload.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, texts.text("web.no_sender"))
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(400, texts.text("web.sender_too_long"))
    if not isinstance(message, str):
        raise BadRequest(400, texts.text("web.no_message"))
    return sender, message, payload.get("organisation")


def organisation_of(requested: object) -> str | None:
    """The key of a configured organisation, or None: the generic assistant.

    An unknown key (or one that is no key at all) is logged without the key or
    anything else the client sent, and the generic assistant answers."""
    if requested is None or requested == "":
        return None
    from actions.meldcode import organisations  # plain Python: the organisation files

    if isinstance(requested, str) and organisations.get(requested) is not None:
        return requested
    logger.warning("web channel: unknown organisation key; the generic assistant answers")
    return None


def conversation_channel(channel: str, organisation: str | None) -> str:
    """What the pseudonym is made with: per organisation, so conversations never mix.
    Without an organisation the channel alone, so generic conversations stay as they were."""
    return channel if organisation is None else f"{channel}/{organisation}"


def screen(message: str, max_chars: int) -> str:
    """The message, stripped, or a BadRequest (empty, too long); old buttons mapped to new ones."""
    text = message.strip()
    if not text:
        raise BadRequest(400, texts.text("web.empty"))
    if len(text) > max_chars:
        raise BadRequest(413, texts.text("web.too_long", max_chars=max_chars))
    return LEGACY_PAYLOADS.get(text, text)


def incoming(channel: str, sender: str, text: str, redaction: Redaction | None) -> Incoming:
    """What Rasa may see: a button payload as it is (redaction None), or the redacted text."""
    conversation_id = pseudonym(channel, sender)
    if redaction is None:
        return Incoming(sender=sender, conversation_id=conversation_id, text=text)
    notice = redaction.notice()
    return Incoming(
        sender=sender, conversation_id=conversation_id, text=redaction.text, notices=[notice] if notice else []
    )


def prepare(channel: str, sender: str, message: str, max_chars: int) -> Incoming:
    """screen + redaction in this thread + incoming."""
    text = screen(message, max_chars)
    if is_button_payload(text):
        # /affirm, /inform{"choice":"x"}, /inform{"rol":"x"}: fixed values only, so
        # nothing to redact; the entity JSON must stay intact.
        return incoming(channel, sender, text, None)
    return incoming(channel, sender, text, redactor().redact(as_typed_text(text)))
