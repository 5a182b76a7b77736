"""What every channel does with a message before Rasa sees it.

Plain Python, no Rasa imports, so it is tested on its own. A channel calls
`parse_request` on the raw body (web) or builds the fields itself (Telegram),
then `prepare` to get the text Rasa may see and the pseudonymous sender id.
Errors are `BadRequest`s with a Dutch message for the user.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bot.privacy.pseudonym import pseudonym
from bot.privacy.redactor import redactor

MAX_SENDER_CHARS = 200
BUTTON_PAYLOAD = re.compile(r'^/[a-z_]+(/[a-z_]+)?(\{"(choice|rol)": ?"[a-z_]+"\})?$')
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


FORGET_COMMANDS = {"vergeet dit gesprek", "vergeet het gesprek", "vergeet alles", "wis dit gesprek",
                   "wis het gesprek", "/vergeet", "/forget", "/stop"}


def is_forget_command(text: str) -> bool:
    """'vergeet dit gesprek' (and Telegram's /stop) delete the conversation at once."""
    return text.strip().lower().rstrip(".!") in FORGET_COMMANDS


def parse_request(body: bytes) -> tuple[str, str]:
    """Return (sender, message) from a REST-contract body or raise BadRequest."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(
            400, "Ik kon je bericht niet lezen. Stuur JSON met de velden 'sender' en 'message'."
        ) from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "Stuur een JSON-object met de velden 'sender' en 'message'.")
    sender = payload.get("sender")
    message = payload.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, "Het veld 'sender' ontbreekt of is leeg.")
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(400, "Het veld 'sender' is te lang.")
    if not isinstance(message, str):
        raise BadRequest(400, "Het veld 'message' ontbreekt. Typ je vraag.")
    return sender, message


def prepare(channel: str, sender: str, message: str, max_chars: int) -> Incoming:
    text = message.strip()
    if not text:
        raise BadRequest(400, "Je bericht is leeg. Typ je vraag of kies een knop.")
    if len(text) > max_chars:
        raise BadRequest(
            413,
            f"Je bericht is te lang: meer dan {max_chars} tekens. "
            "Maak het korter, of stuur het in delen. Je tekst is niet verstuurd.",
        )
    text = LEGACY_PAYLOADS.get(text, text)
    if BUTTON_PAYLOAD.match(text):
        # A button payload (/affirm, /inform{"choice":"x"}, /inform{"rol":"x"}): fixed values only,
        # so nothing to redact; the entity JSON must stay intact. Anything else
        # that starts with "/" is redacted like typed text.
        return Incoming(sender=sender, conversation_id=pseudonym(channel, sender), text=text)
    redaction = redactor().redact(text)
    notice = redaction.notice()
    return Incoming(
        sender=sender,
        conversation_id=pseudonym(channel, sender),
        text=redaction.text,
        notices=[notice] if notice else [],
    )
