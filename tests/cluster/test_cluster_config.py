"""What bot/cluster.py writes for haproxy and Redis, and how the launcher picks
the Redis endpoints (#30): checked without starting the cluster."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from bot import config
from bot.cluster import (
    HEALTH_PATH,
    LOCK_SECONDS,
    QUEUE_SECONDS,
    REPLICA_MAXCONN,
    SERVER_SECONDS,
    STATUS_LINES,
    Cluster,
    Ports,
    busy_response,
    haproxy_config,
    redis_config,
    running_pid,
    stop_running,
    tool,
)
from bot.launcher import LauncherError
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


@pytest.mark.parametrize(("status", "says"), [(503, "niet verwerkt"), (502, "Misschien"), (504, "Misschien")])
def test_haproxys_own_answers_are_the_channels_error_json_with_112_and_0800_2000(status, says):
    """503: no replica took the message in time. 502/504: a replica had it and failed or
    took too long, so it may have been handled: the text must not say it was not."""
    raw = busy_response(status)
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert f"Content-Length: {len(body)}".encode() in head
    error = json.loads(body)["error"]
    assert says in error and safety_line() in error and "112" in error and "0800-2000" in error
    if status != 503:
        assert "niet verwerkt" not in error and "vergeet dit gesprek" in error


def test_haproxy_waits_for_a_replica_longer_than_a_dead_replicas_lock_lasts(monkeypatch):
    conf = haproxy_config(5005, [5006])
    assert f"timeout server {SERVER_SECONDS}s" in conf and SERVER_SECONDS > LOCK_SECONDS
    monkeypatch.setenv("MELDCODE_REDIS_HOST", "")
    env = Cluster(2, Ports(5005, 5055, 6380)).replica_env(1)
    assert env["TICKET_LOCK_LIFETIME"] == str(LOCK_SECONDS)  # what Rasa reads
    assert (env["MELDCODE_PORT"], env["MELDCODE_ACTION_PORT"], env["MELDCODE_REDIS_PORT"]) == ("5007", "5056", "6380")


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


def test_a_cluster_that_is_not_running_is_not_stopped(tmp_path, capsys):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    assert running_pid(run_dir) is None and stop_running(run_dir) == 0  # no pid file
    assert "geen cluster" in capsys.readouterr().out
    for stale in ("", "0", "1", "999999999", "niet-een-getal"):  # pid 1 is not a cluster; the others are no process
        (run_dir / "pid").write_text(stale)
        assert running_pid(run_dir) is None
        assert stop_running(run_dir) == 0
    (run_dir / "pid").write_text(str(os.getpid()))
    assert running_pid(run_dir) == os.getpid()  # this process's own cluster


def test_a_second_cluster_on_the_same_folder_refuses_to_start_and_leaves_the_first_alone(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "pid").write_text(str(os.getpid()))  # as if this process ran one there
    (run_dir / "redis.conf").write_text("port 1")
    second = Cluster(2, Ports(25005, 25055, 26380), run_dir)
    with pytest.raises(LauncherError, match="er draait al een cluster"):
        second.start()
    second.stop()
    assert (run_dir / "redis.conf").exists()  # not its folder to delete


def test_replicas_out_of_range_are_a_clear_error():
    for n in (0, 9):
        with pytest.raises(LauncherError, match="between 1 and 8"):
            Cluster(n)
