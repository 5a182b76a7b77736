"""The assistant on Telegram, with python-telegram-bot (v22).

    python -m bot telegram      (or: make telegram)

A separate process that relays each text message to the assistant's web
channel, so Telegram users pass the same gateway as the widget: input checks,
redaction and a pseudonymous conversation id. The Telegram process itself
forwards only an HMAC of the chat id, never the id. Rasa's own Telegram channel
(aiogram) is not used.

Built from python-telegram-bot's own parts: an Application with one
CommandHandler per command, MessageHandlers for text and for everything else,
a CallbackQueryHandler for the buttons and an error handler. Its
AIORateLimiter keeps to Telegram's limits and retries what Telegram asks to be
retried (429, "retry after"); the HTTP transport retries a failed connection.
What is this assistant's own: the relay to the web channel under a pseudonym,
the flood gate per chat (keyed by that pseudonym), and logs without user text
or the token.

Organisations (#31): a deep link `t.me/<bot>?start=<key>` makes the chat that
organisation's (its key goes with every relayed message; the web channel
checks it and keys the conversation by it), and TELEGRAM_ORGANISATION gives a
bot one organisation for all its chats. The chosen key is kept in memory only,
under the chat's pseudonym, for at most MAX_CHOSEN chats.

Settings: bot.config.telegram_settings (TELEGRAM_* and MELDCODE_ASSISTANT_URL,
see the README). Texts: actions/content/kanalen.yml, section `telegram`.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import texts
from bot.config import TelegramSettings, telegram_settings
from bot.privacy.pseudonym import pseudonym, relay_token

logger = logging.getLogger("meldcode.telegram")

T = texts.section("telegram")
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
RETRIES = 3  # after a "retry after" from Telegram (AIORateLimiter), and a failed connection
UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # nothing else is asked for
ORGANISATION_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # as actions/meldcode/organisations.py
MAX_CHOSEN = 10_000  # chats whose deep link chose an organisation, newest kept


# --- pure helpers (unit-tested) ----------------------------------------------------


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long reply at paragraph, line or word boundaries, each part <= limit."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = max(rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def keyboard(buttons: list[dict] | None) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard, one per row; the payload is the callback data."""
    rows = []
    for b in buttons or []:
        payload, title = str(b.get("payload") or ""), str(b.get("title") or "")
        if payload and title and len(payload.encode()) <= MAX_CALLBACK_BYTES:
            rows.append([InlineKeyboardButton(title, callback_data=payload)])
    return InlineKeyboardMarkup(rows) if rows else None


class FloodGate:
    """At most `limit` messages per key per `window` seconds.

    The bot's key is the chat's pseudonym (`Relay.sender`), never the chat id;
    a key is kept only while it has messages in the window.
    """

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.seen: dict[str, deque[float]] = defaultdict(deque)
        self.warned: dict[str, float] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        self.prune(now)
        times = self.seen[key]
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True

    def prune(self, now: float | None = None) -> None:
        """Drop the keys without a message (or a warning) in the window."""
        now = self.clock() if now is None else now
        for key in [k for k, t in self.seen.items() if not t or now - t[-1] > self.window]:
            del self.seen[key]
        for key in [k for k, t in self.warned.items() if now - t > self.window]:
            del self.warned[key]

    def warn_once(self, key: str) -> bool:
        """True the first time a chat is held back in a window: tell it once."""
        now = self.clock()
        if now - self.warned.get(key, -self.window - 1) > self.window:
            self.warned[key] = now
            return True
        return False


class TokenFilter(logging.Filter):
    """Keeps the bot token out of every log line (httpx logs request URLs)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), None
        return True


# --- the relay -------------------------------------------------------------------


class AssistantDown(Exception):
    pass


class Relay:
    """Sends a chat's text to the assistant's web channel under a pseudonym.

    Its requests carry the relay token (X-Meldcode-Relay), so the web channel's
    per-address limit, meant for browsers, does not hold all Telegram chats
    back together; the FloodGate limits each chat instead.
    """

    def __init__(self, url: str, client: httpx.AsyncClient):
        self.url = url + "/webhooks/web/webhook"
        self.client = client
        self.headers = {"X-Meldcode-Relay": relay_token("telegram")}

    @staticmethod
    def sender(chat_id: int) -> str:
        return "tg-" + pseudonym("telegram", str(chat_id))

    async def send(self, chat_id: int, message: str, organisation: str | None = None) -> list[dict]:
        body = {"sender": self.sender(chat_id), "message": message}
        if organisation:
            body["organisation"] = organisation
        try:
            resp = await self.client.post(
                self.url,
                json=body,
                timeout=60,
                headers=self.headers,
            )
        except httpx.HTTPError as exc:
            raise AssistantDown() from exc
        if resp.status_code in (400, 413, 422, 429, 503):  # the gateway's Dutch explanation
            try:
                return [{"text": str(resp.json().get("error") or T["down"])}]
            except ValueError:
                raise AssistantDown() from None
        if resp.status_code != 200:
            raise AssistantDown()
        replies = resp.json()
        return replies if isinstance(replies, list) else []


# --- the bot -----------------------------------------------------------------------


class TelegramBot:
    """The handlers, and the Application that calls them."""

    def __init__(self, cfg: TelegramSettings, relay: Relay):
        self.cfg = cfg
        self.relay = relay
        self.flood = FloodGate(cfg.flood_messages)
        self.chosen: OrderedDict[str, str] = OrderedDict()  # chat pseudonym -> organisation key

    def organisation(self, chat_id: int) -> str | None:
        """The chat's organisation: from its deep link, else the bot's own (TELEGRAM_ORGANISATION)."""
        return self.chosen.get(self.relay.sender(chat_id), self.cfg.organisation)

    def choose(self, chat_id: int, args: list[str] | None) -> None:
        """`/start <key>` (a deep link t.me/<bot>?start=<key>): this chat is that organisation's."""
        key = (args or [""])[0]
        if not ORGANISATION_KEY.match(key):
            return  # plain /start (or no key at all): the chat keeps what it had
        chat = self.relay.sender(chat_id)
        self.chosen.pop(chat, None)
        self.chosen[chat] = key
        while len(self.chosen) > MAX_CHOSEN:
            self.chosen.popitem(last=False)

    # commands: one handler each ------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.choose(update.effective_chat.id, context.args)
        await self.say(context, update.effective_chat.id, T["welcome"])
        await self.say(context, update.effective_chat.id, T["privacy"])

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.say(context, update.effective_chat.id, T["privacy"])

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay_and_reply(update.effective_chat.id, "/help", context)

    async def restart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay_and_reply(update.effective_chat.id, "/restart_consultation", context)

    async def stop(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        if await self.relay_and_reply(chat_id, "vergeet dit gesprek", context):
            # The assistant said what it deleted; Telegram keeps its own copy.
            await self.say(context, chat_id, T["telegram_keeps"])

    # messages and buttons -----------------------------------------------------------

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay_and_reply(update.effective_chat.id, update.effective_message.text, context)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        if query.message is not None:
            try:  # the keyboard is answered: take it away
                await query.edit_message_reply_markup(reply_markup=None)
            except BadRequest:
                pass  # already removed (double tap)
        if query.data:
            await self.relay_and_reply(update.effective_chat.id, query.data, context)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Nothing of the photo, voice or file is downloaded: no getFile, no bytes.
        await self.say(context, update.effective_chat.id, T["not_text"])

    async def group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            await self.say(context, update.effective_chat.id, T["group"])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The type only: an exception's text (and the update) can hold message content.
        logger.error("telegram: handling an update failed (%s)", type(context.error).__name__)

    # sending ------------------------------------------------------------------------

    async def relay_and_reply(self, chat_id: int, message: str, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Relay one message and send the assistant's replies; False if it did not get through."""
        key = self.relay.sender(chat_id)  # the flood gate keeps pseudonyms, never chat ids
        if not self.flood.allow(key):
            if self.flood.warn_once(key):
                await self.say(context, chat_id, T["flood"])
            return False
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            pass  # "typing..." is a nicety
        try:
            replies = await self.relay.send(chat_id, message, self.organisation(chat_id))
        except AssistantDown:
            logger.warning("telegram: the assistant is not reachable")
            await self.say(context, chat_id, T["down"])
            return False
        for reply in replies:
            await self.say(context, chat_id, str(reply.get("text") or ""), reply.get("buttons"))
        return True

    async def say(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, buttons: list[dict] | None = None
    ) -> None:
        """Plain text (no parse mode): nothing in it is read as Markdown or HTML."""
        parts = split_text(text) or ([T["choose"]] if buttons else [])
        markup = keyboard(buttons)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await context.bot.send_message(chat_id, part, reply_markup=markup if last else None)

    # wiring -------------------------------------------------------------------------

    def application(self) -> Application:
        async def close_relay(_: Application) -> None:
            await self.relay.client.aclose()

        app = (
            Application.builder()
            .token(self.cfg.token)
            .base_url(f"{self.cfg.api_base}/bot")
            .base_file_url(f"{self.cfg.api_base}/file/bot")
            # Telegram's flood limits, and its "retry after" answers retried as told. No
            # per-group limiter: it would keep group chat ids in memory, and the bot only
            # sends a group one refusal per message (a 429 is still retried).
            .rate_limiter(AIORateLimiter(group_max_rate=0, max_retries=RETRIES))
            # A connection that fails is tried again by httpx (with a short backoff).
            .request(HTTPXRequest(httpx_kwargs={"transport": httpx.AsyncHTTPTransport(retries=RETRIES)}))
            .concurrent_updates(False)  # one chat's messages in order
            .post_shutdown(close_relay)
            .build()
        )
        private = filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(~private & filters.UpdateType.MESSAGE, self.group))
        app.add_handler(CommandHandler("start", self.start, filters=private))
        app.add_handler(CommandHandler("help", self.help, filters=private))
        app.add_handler(CommandHandler("privacy", self.privacy, filters=private))
        app.add_handler(CommandHandler("opnieuw", self.restart, filters=private))
        app.add_handler(CommandHandler("stop", self.stop, filters=private))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(
            MessageHandler(private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, self.text)
        )
        app.add_handler(
            MessageHandler(
                private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.not_text
            )
        )
        app.add_error_handler(self.on_error)
        return app


def run(env: dict[str, str] | None = None) -> int:
    cfg = telegram_settings(env)
    token_filter = TokenFilter(cfg.token)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token URL
    # python-telegram-bot logs whole updates (user text, chat ids) at DEBUG: never that low.
    logging.getLogger("telegram").setLevel(logging.INFO)

    bot = TelegramBot(cfg, Relay(cfg.assistant_url, httpx.AsyncClient()))
    app = bot.application()
    logger.info("telegram: starting (%s), assistant at %s", cfg.mode, cfg.assistant_url)
    if cfg.mode == "webhook":
        app.run_webhook(
            listen="127.0.0.1",
            port=cfg.webhook_port,
            url_path="telegram",
            webhook_url=cfg.webhook_url,
            secret_token=cfg.webhook_secret,
            allowed_updates=UPDATES,
            drop_pending_updates=False,
        )
    else:  # long polling; SIGINT and SIGTERM stop it cleanly
        app.run_polling(allowed_updates=UPDATES, poll_interval=0.0, timeout=10)
    logger.info("telegram: stopped")
    return 0
