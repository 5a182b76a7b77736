"""What bot/cluster.py writes for haproxy and Redis, and how the launcher picks
the Redis endpoints (#30): checked without starting the cluster."""

from __future__ import annotations

import json
import subprocess

import pytest

from bot import config
from bot.cluster import (
    HEALTH_PATH,
    QUEUE_SECONDS,
    REPLICA_MAXCONN,
    STATUS_LINES,
    busy_response,
    haproxy_config,
    redis_config,
    tool,
)
from bot.texts import safety_line


@pytest.fixture
def haproxy_binary():
    return tool("haproxy")


def test_haproxy_checks_every_replica_queues_and_answers_busy_in_dutch(tmp_path, haproxy_binary):
    for status in STATUS_LINES:
        (tmp_path / f"{status}.http").write_bytes(busy_response(status))
    conf = haproxy_config(5005, [5006, 5007, 5008], tmp_path)
    assert "bind 127.0.0.1:5005" in conf
    for name, port in (("rasa1", 5006), ("rasa2", 5007), ("rasa3", 5008)):
        assert f"server {name} 127.0.0.1:{port} check" in conf
    assert f"option httpchk GET {HEALTH_PATH}" in conf
    assert f"maxconn {REPLICA_MAXCONN}" in conf and f"timeout queue {QUEUE_SECONDS}s" in conf
    assert "option redispatch" in conf
    assert "\nlog" not in conf and " log " not in conf  # haproxy logs nothing
    path = tmp_path / "haproxy.cfg"
    path.write_text(conf)
    check = subprocess.run([haproxy_binary, "-c", "-f", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("status", sorted(STATUS_LINES))
def test_the_busy_answer_is_the_web_channels_error_json_with_112_and_0800_2000(status):
    raw = busy_response(status)
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert f"Content-Length: {len(body)}".encode() in head
    error = json.loads(body)["error"]
    assert "druk" in error and safety_line() in error and "112" in error and "0800-2000" in error


def test_redis_listens_on_loopback_with_a_password_and_writes_nothing_to_disk(tmp_path):
    conf = redis_config(6380, "s3cret", tmp_path).splitlines()
    assert "bind 127.0.0.1" in conf and "requirepass s3cret" in conf and "protected-mode yes" in conf
    assert 'save ""' in conf and "appendonly no" in conf


def test_the_launcher_uses_the_redis_endpoints_only_when_a_redis_is_configured(monkeypatch):
    assert config.endpoints_file({}).name == "endpoints.yml"  # make run: as before
    assert config.redis_settings({}) is None
    env = {"MELDCODE_REDIS_HOST": "redis", "MELDCODE_REDIS_PASSWORD": "pw"}
    assert config.endpoints_file(env).name == "endpoints-redis.yml"
    cfg = config.redis_settings(env)
    assert (cfg.host, cfg.port, cfg.password, cfg.db) == ("redis", 6379, "pw", 0)
    with pytest.raises(SystemExit, match="MELDCODE_REDIS_PORT"):
        config.redis_settings({**env, "MELDCODE_REDIS_PORT": "zes"})


def test_the_endpoint_files_name_the_stores_the_code_has():
    import yaml

    from bot.privacy import redis_store, tracker_store

    plain = yaml.safe_load((config.PROJECT_DIR / "endpoints.yml").read_text())
    shared = yaml.safe_load((config.PROJECT_DIR / "endpoints-redis.yml").read_text())
    assert plain["tracker_store"]["type"] == f"{tracker_store.__name__}.EphemeralTrackerStore"
    assert "lock_store" not in plain  # Rasa's in-memory lock store
    assert shared["tracker_store"]["type"] == f"{redis_store.__name__}.RedisConversationStore"
    assert shared["lock_store"]["type"] == f"{redis_store.__name__}.RedisConversationLockStore"
    assert shared["action_endpoint"] == plain["action_endpoint"]


def test_servers_run_one_numeric_thread_each(monkeypatch):
    for name in config.THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    env = config.runtime_env({})
    assert all(env[name] == "1" for name in config.THREAD_VARIABLES)
    assert config.runtime_env({"OMP_NUM_THREADS": "2"})["OMP_NUM_THREADS"] == "2"  # an operator's choice stays
