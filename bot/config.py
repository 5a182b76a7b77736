"""Runtime settings of the Meldcode-assistent, read from the environment.

Everything the launcher, the channels and the tests need to agree on lives
here: paths, ports and the privacy settings. Defaults are safe for a single
machine on an intranet: both servers listen on localhost only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_DIR / "models"
SPACY_DIR = PROJECT_DIR / ".spacy"
SECRETS_DIR = PROJECT_DIR / ".secrets"
MODEL_NAME = "meldcode"


def _int_env(name: str, default: int, env: Mapping[str, str] | None = None) -> int:
    raw = (os.environ if env is None else env).get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a typo in the environment must be loud
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from exc


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a number, got {raw!r}") from exc
    if value < 0:
        raise SystemExit(f"{name} must not be negative, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    host: str
    rasa_port: int
    action_port: int
    conversation_ttl_minutes: float
    max_message_chars: int
    max_body_bytes: int  # a web request's body; larger ones are refused (413)
    redaction_timeout_seconds: float  # a message not redacted within this is refused (422)
    redaction_workers: int  # redaction processes beside the Rasa server
    rate_per_conversation: int  # messages per conversation per minute (0: no limit)
    rate_per_address: int  # requests per client address per minute (0: no limit)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"


def settings() -> Settings:
    return Settings(
        host=os.environ.get("MELDCODE_HOST", "127.0.0.1"),
        rasa_port=_int_env("MELDCODE_PORT", 5005),
        action_port=_int_env("MELDCODE_ACTION_PORT", 5055),
        conversation_ttl_minutes=_float_env("MELDCODE_CONVERSATION_TTL_MINUTES", 30),
        max_message_chars=_int_env("MELDCODE_MAX_MESSAGE_CHARS", 2000),
        max_body_bytes=_int_env("MELDCODE_MAX_BODY_BYTES", 64 * 1024),
        redaction_timeout_seconds=_float_env("MELDCODE_REDACTION_TIMEOUT_SECONDS", 5.0),
        redaction_workers=max(1, _int_env("MELDCODE_REDACTION_WORKERS", 2)),
        rate_per_conversation=_int_env("MELDCODE_RATE_PER_CONVERSATION", 30),
        rate_per_address=_int_env("MELDCODE_RATE_PER_ADDRESS", 120),
    )


@dataclass(frozen=True)
class RedisSettings:
    """Where the conversations live when several Rasa replicas share them (#30)."""

    host: str
    port: int
    password: str | None = field(repr=False)  # never logged
    db: int
    socket_timeout: float  # a Redis that does not answer within this counts as down


def redis_settings(env: Mapping[str, str] | None = None) -> RedisSettings | None:
    """The Redis of MELDCODE_REDIS_HOST, or None: conversations stay in this process's memory."""
    env = os.environ if env is None else env
    host = env.get("MELDCODE_REDIS_HOST", "").strip()
    if not host:
        return None
    return RedisSettings(
        host=host,
        port=_int_env("MELDCODE_REDIS_PORT", 6379, env),
        password=env.get("MELDCODE_REDIS_PASSWORD", "").strip() or None,
        db=_int_env("MELDCODE_REDIS_DB", 0, env),
        socket_timeout=2.0,
    )


def cluster_redis_port() -> int:
    """The port of the Redis that `make cluster` starts (not 6379, where a system Redis may listen)."""
    return _int_env("MELDCODE_CLUSTER_REDIS_PORT", 6380)


def endpoints_file(env: Mapping[str, str] | None = None) -> Path:
    """endpoints.yml (conversations in memory), or endpoints-redis.yml when MELDCODE_REDIS_HOST is set."""
    return PROJECT_DIR / ("endpoints-redis.yml" if redis_settings(env) else "endpoints.yml")


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram bot's settings (bot/channels/telegram.py); see the README's table."""

    token: str  # never logged
    mode: str  # "polling" or "webhook"
    api_base: str  # the Bot API (the tests point it at a local fake)
    assistant_url: str  # where the assistant's web channel is
    webhook_url: str | None
    webhook_secret: str | None
    webhook_port: int
    flood_messages: int  # messages per chat per minute before "wacht even"
    organisation: str | None = None  # the bot's organisation (#31), unless a deep link chose another


def telegram_settings(env: Mapping[str, str] | None = None) -> TelegramSettings:
    """From the environment (or `env`); a missing token or a bad mode stops the start."""
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
    organisation = env.get("TELEGRAM_ORGANISATION", "").strip() or None
    if organisation is not None and not re.match(r"^[a-z0-9][a-z0-9_-]{0,63}$", organisation):
        raise SystemExit(
            f"TELEGRAM_ORGANISATION must be the key of an organisation file (organisations/<key>.yml), "
            f"got {organisation!r}"
        )
    return TelegramSettings(
        token=token,
        mode=mode,
        api_base=env.get("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/"),
        assistant_url=env.get("MELDCODE_ASSISTANT_URL", settings().rasa_url).rstrip("/"),
        webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
        webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
        webhook_port=_int_env("TELEGRAM_WEBHOOK_PORT", 8443, env),
        flood_messages=_int_env("TELEGRAM_FLOOD_MESSAGES", 20, env),
        organisation=organisation,
    )


# One thread per process for the numeric libraries. Their default, a thread per
# core that spins while it waits, took half a core more per Rasa server under
# load and slowed every other process beside it (measured with `make loadtest`).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def runtime_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the Rasa and action server processes.

    Telemetry off (it would phone home and fail on an intranet), TensorFlow's
    C++ chatter off, and the project on the import path so that Rasa finds
    `bot.channels.web.WebInput` and the `actions` package.
    """
    env = dict(os.environ if base is None else base)
    cfg = settings()
    env["RASA_TELEMETRY_ENABLED"] = "false"
    for name in THREAD_VARIABLES:  # see THREAD_VARIABLES
        env.setdefault(name, "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("LOG_LEVEL", "INFO")
    env["SANIC_ACCESS_LOG"] = "false"  # access logs hold client IP addresses
    env["SANIC_HOST"] = cfg.host  # rasa_sdk binds to this (default would be 0.0.0.0)
    env.setdefault("MELDCODE_ACTION_PORT", str(cfg.action_port))  # endpoints.yml
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = str(PROJECT_DIR) + (os.pathsep + path if path else "")
    return env


def rasa_train_args(out: Path) -> list[str]:
    """`rasa train` for this project's config, domain and data, writing to `out` (make train, make bench)."""
    return ["train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data", "--out", str(out)]
