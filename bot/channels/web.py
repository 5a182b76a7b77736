"""The web channel: Rasa's REST contract at /webhooks/web/webhook.

POST {"sender": "...", "message": "..."} answers a JSON list of
{"recipient_id", "text", "buttons": [{"title", "payload"}]}, like Rasa's own
`rest` channel, with the gateway in front: input checks with Dutch errors,
a pseudonymous conversation id, and (privacy issue) redaction.

Configured in credentials.yml as `bot.channels.web.WebInput`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.gateway import BadRequest, is_forget_command, parse_request, prepare
from bot.config import settings
from bot.privacy import logfilter
from bot.privacy.redactor import redactor
from bot.privacy.tracker_store import find
from bot.safety import with_safety_net

logger = logging.getLogger(__name__)
logfilter.install()

CHANNEL = "web"
FORGOTTEN = (
    "Ik heb dit gesprek vergeten: er staat niets meer van op de server. "
    "Je kunt opnieuw beginnen als je wilt. "
    "Bij direct gevaar: bel 112. Advies of melden: Veilig Thuis, 0800-2000."
)
NO_REPLY = (
    "Sorry, er ging iets mis en ik heb nu geen antwoord. Probeer het zo nog eens. "
    "Bij direct gevaar: bel 112. Advies of melden: Veilig Thuis, 0800-2000."
)


# Redaction (deduce is pure Python) runs beside Sanic's event loop, not on it,
# so a long message does not stall the other conversations. Two threads, so a
# short message is not queued behind one long one; the redactor keeps no
# per-call state (deduce's annotators only read their lookup lists).
_REDACTION = ThreadPoolExecutor(max_workers=2, thread_name_prefix="redaction")


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class WebInput(InputChannel):
    """REST-contract channel with redaction and pseudonymisation."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        bp = Blueprint("meldcode_web", __name__)
        max_chars = settings().max_message_chars
        redactor()  # load deduce's lookup lists now, not on the first message

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, message = parse_request(request.body or b"")
                incoming = await asyncio.get_running_loop().run_in_executor(
                    _REDACTION, prepare, CHANNEL, sender, message, max_chars)
            except BadRequest as exc:
                return _error(exc.status, exc.message)

            if is_forget_command(incoming.text):
                store = find(request.app.ctx.agent.tracker_store) if request.app.ctx.agent else None
                if store is not None:
                    await store.forget(incoming.conversation_id)
                return response.json([{"recipient_id": sender, "text": FORGOTTEN}])

            # Only the redacted text: the raw message never reaches Rasa or a log,
            # and must not outlive the request in memory either.
            logfilter.remember(incoming.text)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        incoming.text,
                        collector,
                        incoming.conversation_id,
                        input_channel=CHANNEL,
                    )
                )
            except Exception:  # never a stack trace (or user text) to the client
                logger.exception("web channel: handling a message failed")
                return _error(
                    500,
                    "Er ging iets mis bij de assistent. Probeer het zo opnieuw. "
                    "Bij direct gevaar: bel 112. Advies: Veilig Thuis 0800-2000.",
                )
            if not collector.messages:  # e.g. the action server is down: never leave the user empty-handed
                logger.warning("web channel: the assistant produced no reply")
                return response.json([{"recipient_id": sender, "text": NO_REPLY}])
            replies = [{"recipient_id": sender, "text": note} for note in incoming.notices]
            for msg in collector.messages:
                logfilter.remember(msg.get("text", ""))
                out = {"recipient_id": sender}
                for key in ("text", "buttons", "image", "custom"):
                    if msg.get(key):
                        out[key] = msg[key]
                replies.append(out)
            return response.json(with_safety_net(incoming.text, replies, sender))

        return bp
