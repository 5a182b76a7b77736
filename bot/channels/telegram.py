"""The assistant on Telegram, with python-telegram-bot (v22).

    python -m bot telegram      (or: make telegram)

A separate process that relays each text message to the assistant's web
channel, so Telegram users pass the same gateway as the widget: input checks,
redaction and a pseudonymous conversation id. The Telegram process itself
forwards only an HMAC of the chat id, never the id. Rasa's own Telegram channel
(aiogram) is not used.

Environment:
    TELEGRAM_BOT_TOKEN         the token from BotFather (required; never logged)
    TELEGRAM_MODE              "polling" (default) or "webhook"
    TELEGRAM_WEBHOOK_URL       public https address Telegram posts to (webhook mode)
    TELEGRAM_WEBHOOK_SECRET    secret token Telegram sends along (webhook mode)
    TELEGRAM_WEBHOOK_PORT      local port for the webhook listener (default 8443)
    TELEGRAM_API_BASE          Bot API address (default https://api.telegram.org;
                               the tests point it at a local fake)
    MELDCODE_ASSISTANT_URL     the assistant (default http://127.0.0.1:5005)
    TELEGRAM_FLOOD_MESSAGES    messages per chat per minute before "wacht even" (20)
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import settings
from bot.privacy.pseudonym import pseudonym, relay_token

logger = logging.getLogger("meldcode.telegram")
T = TypeVar("T")

SAFETY = "Bij direct gevaar: bel 112. Advies of melden: Veilig Thuis, 0800-2000 (gratis, dag en nacht)."
TEXTS = {
    "welcome": (
        "Hallo. Ik ben de Meldcode-assistent. Maak je je zorgen over huiselijk geweld of "
        "kindermishandeling? Ik loop met je de stappen van de meldcode door en beantwoord "
        "vragen. Ik geef advies; jij beslist.\n\n"
        "Typ bijvoorbeeld: ik maak me zorgen. Of stel een vraag, zoals: wat doet Veilig Thuis "
        "met een melding?\n\n" + SAFETY
    ),
    "privacy": (
        "Privacy. Typ geen namen, adressen, telefoonnummers of andere gegevens die iemand "
        "herkenbaar maken. Typ je er toch een? Dan haalt de assistent die weg voordat er iets "
        "wordt bewaard. De assistent weet niet wie je bent: je chat-id wordt vervangen door een "
        "code. Je gesprek staat alleen in het geheugen van de assistent en is na 30 minuten "
        "zonder bericht weg; met /stop meteen.\n\n"
        "Let op: Telegram zelf bewaart je chats op de servers van Telegram. Daar hebben wij "
        "geen invloed op. Wil je de chat ook daar kwijt? Verwijder hem dan in Telegram "
        "(Chat verwijderen). Stuur geen foto's: die kunnen mensen herkenbaar maken."
    ),
    "not_text": (
        "Ik begrijp alleen tekst. Stuur geen foto's, spraakberichten of bestanden: die kunnen "
        "mensen herkenbaar maken. Ik heb niets ervan bekeken of bewaard. Typ je vraag in woorden."
    ),
    "group": (
        "Deze assistent werkt alleen in een privégesprek, niet in een groep. Zo blijft wat je "
        "vertelt tussen jou en de assistent. Stuur me een privébericht."
    ),
    "down": (
        "De assistent is nu niet bereikbaar. Probeer het over een paar minuten opnieuw. "
        + SAFETY
    ),
    "flood": "Je stuurt veel berichten kort na elkaar. Wacht even en probeer het dan opnieuw.",
    "telegram_keeps": (
        "Telegram bewaart de chat zelf nog; verwijder hem in Telegram als je dat wilt. "
        "Typ /start om opnieuw te beginnen."
    ),
}
COMMANDS = {  # Telegram command -> what the assistant receives
    "help": "/help",
    "opnieuw": "/restart_consultation",
    "stop": "vergeet dit gesprek",
}
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    mode: str
    api_base: str
    assistant_url: str
    webhook_url: str | None
    webhook_secret: str | None
    webhook_port: int
    flood_messages: int


def telegram_settings(env: dict[str, str] | None = None) -> TelegramSettings:
    env = dict(os.environ if env is None else env)
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SystemExit(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and put its token "
            "in the environment (see README, Telegram)."
        )
    mode = env.get("TELEGRAM_MODE", "polling").strip().lower()
    if mode not in ("polling", "webhook"):
        raise SystemExit(f"TELEGRAM_MODE must be 'polling' or 'webhook', got {mode!r}")
    if mode == "webhook" and not env.get("TELEGRAM_WEBHOOK_URL", "").startswith("https://"):
        raise SystemExit("Webhook mode needs TELEGRAM_WEBHOOK_URL, an https:// address.")
    return TelegramSettings(
        token=token,
        mode=mode,
        api_base=env.get("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/"),
        assistant_url=env.get("MELDCODE_ASSISTANT_URL", settings().rasa_url).rstrip("/"),
        webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
        webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
        webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        flood_messages=int(env.get("TELEGRAM_FLOOD_MESSAGES", "20")),
    )


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


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def with_retry(call: Callable[[], Awaitable[T]], attempts: int = 4) -> T:
    """A Telegram API call, retried on rate limits (as told) and network errors (backoff)."""
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(_seconds(exc.retry_after) + 0.1)
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest) or attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


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

    async def send(self, chat_id: int, message: str) -> list[dict]:
        try:
            resp = await self.client.post(
                self.url, json={"sender": self.sender(chat_id), "message": message}, timeout=60,
                headers=self.headers,
            )
        except httpx.HTTPError as exc:
            raise AssistantDown() from exc
        if resp.status_code in (400, 413, 422, 429, 503):  # the gateway's Dutch explanation
            try:
                return [{"text": str(resp.json().get("error") or TEXTS["down"])}]
            except ValueError:
                raise AssistantDown() from None
        if resp.status_code != 200:
            raise AssistantDown()
        replies = resp.json()
        return replies if isinstance(replies, list) else []


class TelegramBot:
    def __init__(self, cfg: TelegramSettings, relay: Relay):
        self.cfg = cfg
        self.relay = relay
        self.flood = FloodGate(cfg.flood_messages)

    # handlers ---------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.say(context, update.effective_chat.id, TEXTS["welcome"])
        await self.say(context, update.effective_chat.id, TEXTS["privacy"])

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.say(context, update.effective_chat.id, TEXTS["privacy"])

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        name = (update.effective_message.text or "").split()[0].lstrip("/").split("@")[0].lower()
        message = COMMANDS[name]
        replied = await self.relay_and_reply(update.effective_chat.id, message, context)
        if name == "stop" and replied:  # the assistant said what it deleted; Telegram keeps its copy
            await self.say(context, update.effective_chat.id, TEXTS["telegram_keeps"])

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay_and_reply(update.effective_chat.id, update.effective_message.text, context)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await with_retry(lambda: query.answer())
        if query.message is not None:
            try:  # the keyboard is answered: take it away
                await with_retry(lambda: query.edit_message_reply_markup(reply_markup=None))
            except BadRequest:
                pass  # already removed (double tap)
        if query.data:
            await self.relay_and_reply(update.effective_chat.id, query.data, context)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Nothing of the photo, voice or file is downloaded: no getFile, no bytes.
        await self.say(context, update.effective_chat.id, TEXTS["not_text"])

    async def group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            await self.say(context, update.effective_chat.id, TEXTS["group"])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The type only: an exception's text can hold message content.
        logger.error("telegram: handling an update failed (%s)", type(context.error).__name__)

    # sending ------------------------------------------------------------------

    async def relay_and_reply(self, chat_id: int, message: str, context) -> bool:
        """Relay one message and send the assistant's replies; False if it did not get through."""
        key = self.relay.sender(chat_id)  # the flood gate keeps pseudonyms, never chat ids
        if not self.flood.allow(key):
            if self.flood.warn_once(key):
                await self.say(context, chat_id, TEXTS["flood"])
            return False
        try:
            await with_retry(lambda: context.bot.send_chat_action(chat_id, ChatAction.TYPING))
        except TelegramError:
            pass  # "typing..." is a nicety
        try:
            replies = await self.relay.send(chat_id, message)
        except AssistantDown:
            logger.warning("telegram: the assistant is not reachable")
            await self.say(context, chat_id, TEXTS["down"])
            return False
        for reply in replies:
            await self.say(context, chat_id, str(reply.get("text") or ""), reply.get("buttons"))
        return True

    async def say(self, context, chat_id: int, text: str, buttons: list[dict] | None = None) -> None:
        """Plain text (no parse mode): nothing in it is read as Markdown or HTML."""
        parts = split_text(text) or ([""] if buttons else [])
        markup = keyboard(buttons)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await with_retry(lambda part=part, last=last: context.bot.send_message(
                chat_id, part or "Kies:", reply_markup=markup if last else None,
            ))

    # wiring -------------------------------------------------------------------

    def application(self) -> Application:
        async def close_relay(_: Application) -> None:
            await self.relay.client.aclose()

        app = (
            Application.builder()
            .token(self.cfg.token)
            .base_url(f"{self.cfg.api_base}/bot")
            .base_file_url(f"{self.cfg.api_base}/file/bot")
            .concurrent_updates(False)  # one chat's messages in order
            .post_shutdown(close_relay)
            .build()
        )
        private = filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(~private & filters.UpdateType.MESSAGE, self.group))
        app.add_handler(CommandHandler("start", self.start, filters=private))
        app.add_handler(CommandHandler("privacy", self.privacy, filters=private))
        app.add_handler(CommandHandler(list(COMMANDS), self.command, filters=private))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(MessageHandler(
            private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, self.text))
        app.add_handler(MessageHandler(
            private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            self.not_text))
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
            listen="127.0.0.1", port=cfg.webhook_port, url_path="telegram",
            webhook_url=cfg.webhook_url, secret_token=cfg.webhook_secret,
            allowed_updates=["message", "callback_query"], drop_pending_updates=False,
        )
    else:  # long polling; SIGINT and SIGTERM stop it cleanly
        app.run_polling(allowed_updates=["message", "callback_query"], poll_interval=0.0, timeout=10)
    logger.info("telegram: stopped")
    return 0
