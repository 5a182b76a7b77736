"""The web channel: Rasa's REST contract at /webhooks/web/webhook.

POST {"sender": "...", "message": "..."} answers a JSON list of
{"recipient_id", "text", "buttons": [{"title", "payload"}], "redacted"}, like
Rasa's own `rest` channel, with the gateway in front: input checks with Dutch
errors, a pseudonymous conversation id, and redaction. `redacted` is the
user's message as the assistant kept it: the widget shows (and stores) that
instead of what was typed.

Bounded work (issue #29): the body is read up to MELDCODE_MAX_BODY_BYTES (413),
requests per client address and messages per conversation are limited per
minute (429), and redaction runs in worker processes with a time bound
(bot/privacy/redaction_pool.py): a message not redacted in time is refused
(422) and nothing of it is kept. "vergeet dit gesprek" deletes the
conversation under Rasa's lock and says what happened; a timer deletes
conversations past their lifetime (bot/privacy/tracker_store.py).

Configured in credentials.yml as `bot.channels.web.WebInput`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.meldcode import organisations as own_organisations
from bot import texts
from bot.channels.gateway import (
    BadRequest,
    Incoming,
    as_typed_text,
    conversation_channel,
    incoming,
    is_button_payload,
    is_forget_command,
    known_payloads,
    organisation_of,
    parse_body,
    screen,
)
from bot.channels.limits import RateLimiter, address_key
from bot.config import settings
from bot.privacy import logfilter
from bot.privacy.pseudonym import pseudonym, relay_token
from bot.privacy.redaction_pool import RedactionBusy, RedactionError, RedactionPool, RedactionTimeout
from bot.privacy.redis_store import RedisConversationStore, is_store_failure, refuse_fallback
from bot.privacy.tracker_store import expire_on_a_timer, find, forget_conversation
from bot.safety import with_safety_net

logger = logging.getLogger(__name__)
logfilter.install()

CHANNEL = "web"
RELAY_HEADER = "X-Meldcode-Relay"
# The Dutch texts: actions/content/kanalen.yml, section `web` (bot/texts.py).
T = texts.section("web")


def with_own_contacts(organisation: str | None, replies: list[dict], sender: str) -> list[dict]:
    """A knowledge answer that mentions the aandachtsfunctionaris gets who that is in
    this conversation's organisation (#31), from its file, right under it (so the
    buttons of a later reply stay the newest); nothing without an organisation."""
    if organisation is None:
        return replies
    org = own_organisations.get(organisation)
    said = "\n".join(str(r.get("text") or "") for r in replies)
    line = own_organisations.aandachtsfunctionaris_line(org, said)
    if not line:
        return replies
    at = next(i for i, r in enumerate(replies) if "aandachtsfunctionaris" in str(r.get("text") or "").lower())
    return replies[: at + 1] + [{"recipient_id": sender, "text": line}] + replies[at + 1 :]


def no_fallback_from_redis(agent: Any) -> None:
    """With conversations in Redis, a store error fails the message (the channel then
    answers "store down", with 112 and 0800-2000) instead of Rasa's fail-safe wrapper
    going on with an empty conversation in memory. Set once; the in-memory store of
    `make run` keeps Rasa's own behaviour."""
    store = getattr(agent, "tracker_store", None)
    if (
        isinstance(store, FailSafeTrackerStore)
        and isinstance(find(store), RedisConversationStore)
        and store._on_tracker_store_error is not refuse_fallback  # the wrapper's callback (its constructor's argument)
    ):
        store._on_tracker_store_error = refuse_fallback


class BodyTooLarge(Exception):
    pass


def _error(status: int, message: str, retry_after: int | None = None) -> HTTPResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return response.json({"error": message}, status=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or BodyTooLarge as soon as it passes `limit` bytes."""
    if request.stream is None:
        return b""
    request.stream.request_max_size = limit  # what Sanic reads (and drops) after our answer
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)


def client_address(request: Request) -> str:
    """The client's address: from the proxy's headers when Sanic is told to trust them
    (SANIC_PROXIES_COUNT, SANIC_REAL_IP_HEADER), else the connection's."""
    return request.remote_addr or request.ip or "?"


class WebInput(InputChannel):
    """REST-contract channel with redaction and pseudonymisation."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("meldcode_web", __name__)
        cfg = settings()
        pool = RedactionPool(cfg.redaction_workers, cfg.redaction_timeout_seconds)
        per_conversation = RateLimiter(cfg.rate_per_conversation)
        per_address = RateLimiter(cfg.rate_per_address)
        relay = relay_token("telegram").encode()
        known_payloads()  # read the domain's intents and the buttons' values now, not on the first message
        timer: list[asyncio.Task] = []

        @bp.listener("before_server_start")
        async def start_redaction(app, loop) -> None:
            await pool.start()
            logger.info("web channel: %d redaction worker(s), %g s per message at most", pool.size, pool.timeout)

        @bp.listener("after_server_start")
        async def start_expiry(app, loop) -> None:
            def prune(_: float) -> None:
                per_conversation.prune()
                per_address.prune()

            timer.append(loop.create_task(expire_on_a_timer(lambda: getattr(app.ctx, "agent", None), also=prune)))

        @bp.listener("before_server_stop")
        async def stop(app, loop) -> None:
            for task in timer:
                task.cancel()
            await pool.close()

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if request.stream is not None:  # also what Sanic reads (and drops) after an early answer
                request.stream.request_max_size = cfg.max_body_bytes
            from_relay = hmac.compare_digest(request.headers.get(RELAY_HEADER, "").encode(), relay)
            if not from_relay:
                wait = per_address.hit(address_key(client_address(request)))
                if wait:
                    return _error(429, T["too_many"], wait)
            try:
                body = await read_body(request, cfg.max_body_bytes)
            except BodyTooLarge:
                return _error(413, T["too_big"])
            try:
                sender, message, requested = parse_body(body)
                organisation = organisation_of(requested)
                channel = conversation_channel(CHANNEL, organisation)
                conversation_id = pseudonym(channel, sender)
                wait = per_conversation.hit(conversation_id)
                if wait:
                    return _error(429, T["too_many"], wait)
                text = screen(message, cfg.max_message_chars)
            except BadRequest as exc:
                return _error(exc.status, exc.message)

            if is_forget_command(text):
                return await forget(request, sender, conversation_id, text)

            if is_button_payload(text):
                # /affirm, /inform{"choice":"x"}: fixed values only, nothing to redact
                got = incoming(channel, sender, text, None)
            else:
                try:
                    got = incoming(channel, sender, text, await pool.redact(as_typed_text(text)))
                except RedactionTimeout:
                    return _error(422, T["too_slow"])
                except RedactionBusy:
                    return _error(503, T["busy"], 5)
                except RedactionError:
                    logger.error("web channel: redaction failed; the message was refused")
                    return _error(500, T["failed"])
            return await handle(request, got, organisation)

        async def forget(request: Request, sender: str, conversation_id: str, text: str) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            minutes = f"{cfg.conversation_ttl_minutes:g}"
            if agent is None:
                return _error(503, T["forget_failed"].format(minutes=minutes), 5)
            try:
                outcome = await forget_conversation(agent.tracker_store, agent.lock_store, conversation_id)
            except Exception as exc:  # the lock not had in time, or the store unreachable
                if not (isinstance(exc, LockError) or is_store_failure(exc)):
                    raise
                logger.error("web channel: forgetting failed (%s)", type(exc).__name__)
                return _error(503, T["forget_failed"].format(minutes=minutes), 5)
            said = {
                True: T["forgotten"],
                False: T["nothing_to_forget"],
                None: T["cannot_forget"].format(minutes=minutes),
            }[outcome]
            return response.json([{"recipient_id": sender, "text": said, "forgotten": bool(outcome), "redacted": text}])

        async def handle(request: Request, got: Incoming, organisation: str | None) -> HTTPResponse:
            # Only the redacted text: the raw message never reaches Rasa or a log.
            logfilter.remember(got.conversation_id, got.text)
            collector = CollectingOutputChannel()
            # The organisation travels with every message (the actions read its file);
            # without one, the message is exactly what it was before #31.
            metadata = {"organisation": organisation} if organisation else None
            no_fallback_from_redis(getattr(request.app.ctx, "agent", None))
            try:
                await on_new_message(
                    UserMessage(got.text, collector, got.conversation_id, input_channel=CHANNEL, metadata=metadata)
                )
            except Exception as exc:  # never a stack trace (or user text) to the client
                if is_store_failure(exc):
                    logger.error("web channel: the conversation store is unreachable (%s)", type(exc).__name__)
                    return _error(503, T["store_down"], 10)
                logger.exception("web channel: handling a message failed")
                return _error(500, T["failed"])
            sender = got.sender
            if not collector.messages:  # e.g. the action server is down: never leave the user empty-handed
                logger.warning("web channel: the assistant produced no reply")
                return response.json([{"recipient_id": sender, "text": T["no_reply"], "redacted": got.text}])
            replies = [{"recipient_id": sender, "text": note} for note in got.notices]
            for msg in collector.messages:
                logfilter.remember(got.conversation_id, msg.get("text", ""))
                out = {"recipient_id": sender}
                for key in ("text", "buttons", "image", "custom"):
                    if msg.get(key):
                        out[key] = msg[key]
                replies.append(out)
            replies = with_own_contacts(organisation, replies, sender)
            replies = with_safety_net(got.text, replies, sender)
            for reply in replies:
                reply["redacted"] = got.text
            return response.json(replies)

        return bp
