"""Runtime settings of the Meldcode-assistent, read from the environment.

Everything the launcher, the channels and the tests need to agree on lives
here: paths, ports and the privacy settings. Defaults are safe for a single
machine on an intranet: both servers listen on localhost only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_DIR / "models"
SPACY_DIR = PROJECT_DIR / ".spacy"
SECRETS_DIR = PROJECT_DIR / ".secrets"
MODEL_NAME = "meldcode"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a typo in the environment must be loud
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    host: str
    rasa_port: int
    action_port: int
    conversation_ttl_minutes: int
    max_message_chars: int

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
        conversation_ttl_minutes=_int_env("MELDCODE_CONVERSATION_TTL_MINUTES", 30),
        max_message_chars=_int_env("MELDCODE_MAX_MESSAGE_CHARS", 2000),
    )


def runtime_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the Rasa and action server processes.

    Telemetry off (it would phone home and fail on an intranet), TensorFlow's
    C++ chatter off, and the project on the import path so that Rasa finds
    `bot.channels.web.WebInput` and the `actions` package.
    """
    env = dict(os.environ if base is None else base)
    cfg = settings()
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("LOG_LEVEL", "INFO")
    env["SANIC_ACCESS_LOG"] = "false"  # access logs hold client IP addresses
    env["SANIC_HOST"] = cfg.host  # rasa_sdk binds to this (default would be 0.0.0.0)
    env.setdefault("MELDCODE_ACTION_PORT", str(cfg.action_port))  # endpoints.yml
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = str(PROJECT_DIR) + (os.pathsep + path if path else "")
    return env
