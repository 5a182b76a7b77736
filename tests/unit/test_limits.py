"""The web channel's request limits (#29, item 4), without a server."""

import sys

from bot.channels.limits import RateLimiter, address_key
from bot.config import PROJECT_DIR, runtime_env, settings
from bot.launcher import rasa_server_cmd


def test_a_key_is_held_back_for_the_rest_of_the_window_and_others_are_not():
    now = [0.0]
    limiter = RateLimiter(3, window=60, clock=lambda: now[0])
    assert [limiter.hit("a") for _ in range(3)] == [0, 0, 0]
    now[0] = 10
    assert limiter.hit("a") == 50  # seconds until the oldest leaves the window
    assert limiter.hit("b") == 0
    now[0] = 60
    assert limiter.hit("a") == 0


def test_held_back_requests_do_not_count_and_idle_keys_are_dropped():
    now = [0.0]
    limiter = RateLimiter(1, window=60, clock=lambda: now[0])
    assert limiter.hit("a") == 0
    for _ in range(10):
        assert limiter.hit("a") > 0
    now[0] = 61
    limiter.prune()
    assert not limiter.events  # nothing is kept of a key after its window


def test_zero_means_no_limit():
    limiter = RateLimiter(0)
    assert all(limiter.hit("a") == 0 for _ in range(1000))
    assert not limiter.events


def test_the_address_limit_keeps_no_address():
    key = address_key("192.168.17.23")
    assert "192.168" not in key and "17.23" not in key and len(key) == 32
    assert key == address_key("192.168.17.23") != address_key("192.168.17.24")


def test_servers_listen_on_localhost_without_access_log_api_or_telemetry(monkeypatch):
    for name in ("MELDCODE_HOST", "MELDCODE_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    cfg = settings()
    cmd = rasa_server_cmd(cfg, PROJECT_DIR / "models" / "x.tar.gz", env={})
    assert cmd[cmd.index("--interface") + 1] == "127.0.0.1"
    assert "--enable-api" not in cmd  # Rasa's HTTP API (the tracker, among others) is off
    env = runtime_env({})
    assert env["SANIC_ACCESS_LOG"] == "false" and env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert sys.executable in cmd
