"""Shared fixtures: a real assistant (action server + Rasa server) on spare
ports, and a small client for the web channel's REST contract."""

from __future__ import annotations

import json
import os
import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.config import settings
from bot.launcher import model_path, running_servers

TEST_PORT = int(os.environ.get("MELDCODE_TEST_PORT", "15005"))
TEST_ACTION_PORT = int(os.environ.get("MELDCODE_TEST_ACTION_PORT", "15055"))


class Chat:
    """One conversation over POST /webhooks/web/webhook."""

    def __init__(self, base_url: str, sender: str | None = None, organisation: str | None = None):
        self.url = f"{base_url}/webhooks/web/webhook"
        self.sender = sender or "test-" + secrets.token_hex(6)
        self.organisation = organisation  # the widget's data-organisation (#31)
        self.replies: list[str] = []  # every reply of this conversation, joined per turn

    def raw(self, body: bytes, content_type: str = "application/json"):
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def send(self, message: str) -> list[dict]:
        body = {"sender": self.sender, "message": message}
        if self.organisation is not None:
            body["organisation"] = self.organisation
        status, replies = self.raw(json.dumps(body).encode())
        assert status == 200, (status, replies)
        # Every test conversation also checks #28's rule: never the same reply three times in a row.
        self.replies.append("\n".join(r.get("text", "") for r in replies))
        assert len(self.replies) < 3 or len(set(self.replies[-3:])) > 1, (
            f"the same reply three times in a row: {self.replies[-1]!r}"
        )
        return replies

    def say(self, message: str) -> str:
        """Send and return all reply texts joined, for assertions."""
        return "\n".join(r.get("text", "") for r in self.send(message))


# Fixtures that need Debian's redis-server or haproxy (make cluster-tools, done by make test).
CLUSTER_FIXTURES = {"cluster", "redis_server", "haproxy_binary"}


def pytest_collection_modifyitems(items):
    """Every test that talks to the running assistant (or a browser) is marked `assistant`.

    `make test-fast` runs the others (no trained model, no server, no browser):
    `pytest -m "not assistant"`.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"server", "chat", "debug_server", "browser", *CLUSTER_FIXTURES} & fixtures:
            item.add_marker(pytest.mark.assistant)
        if CLUSTER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Both servers, started once for the whole test session."""
    if model_path() is None:
        pytest.fail("No trained model: run `make train` (make test does this for you).")
    os.environ["MELDCODE_PORT"] = str(TEST_PORT)
    os.environ["MELDCODE_ACTION_PORT"] = str(TEST_ACTION_PORT)
    # One intranet host may embed the widget (CORS); the browser tests check others may not.
    os.environ["MELDCODE_WIDGET_ORIGINS"] = "https://intranet.example"
    # Every test talks from 127.0.0.1, and some conversations are long and quick: no
    # request limits here. tests/conversation/test_privacy_e2e.py runs a server with tight ones.
    os.environ["MELDCODE_RATE_PER_ADDRESS"] = "0"
    os.environ["MELDCODE_RATE_PER_CONVERSATION"] = "0"
    # The documented examples are the configured organisations (#31): a school, a care
    # organisation and a sports club. A test that names none gets the generic assistant.
    os.environ["MELDCODE_ORGANISATIONS_DIR"] = str(
        Path(__file__).resolve().parent.parent / "organisations" / "examples"
    )
    cfg = settings()
    log = tmp_path_factory.mktemp("logs") / "servers.log"
    with open(log, "w") as out, running_servers(cfg, stdout=out) as info:
        info["log"] = Path(log)
        info["url"] = cfg.rasa_url
        yield info


@pytest.fixture
def chat(server):
    return Chat(server["url"])
