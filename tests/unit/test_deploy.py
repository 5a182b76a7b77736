"""The Kubernetes manifests in deploy/kubernetes/ (#30, part 5), without a cluster.

kubectl and a cluster do not run here, so the manifests are read as YAML and
checked against what the code reads: the environment names and values
(bot/config.py), the Rasa server's port and health path (bot/cluster.py), the
launcher's start-up wait, the Redis settings of `make cluster` (nothing on
disk), the image's user and files (deploy/Dockerfile) and the Telegram relay.
"""

from __future__ import annotations

import inspect
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml

from bot import cluster, launcher
from bot.channels.cors import allowed_origins
from bot.config import (
    PROJECT_DIR,
    THREAD_VARIABLES,
    endpoints_file,
    redis_settings,
    settings,
    telegram_settings,
)
from tests.unit.test_dependencies import dockerfile_env, dockerfile_instructions

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "kubernetes"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
SECRET = "meldcode-secrets"
# environment name -> the key of SECRET it must come from
SECRET_KEYS = {
    "MELDCODE_PSEUDONYM_KEY": "pseudonym-key",
    "MELDCODE_REDIS_PASSWORD": "redis-password",
    "TELEGRAM_BOT_TOKEN": "telegram-bot-token",
}
KINDS = {"Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"}
# Names the manifests may set that the project's code does not read itself.
STANDARD_ENV = {"HOME"}


def load_documents() -> list[dict]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    return docs


DOCS = load_documents()


def the(kind: str, name: str) -> dict:
    found = [d for d in DOCS if d.get("kind") == kind and d.get("metadata", {}).get("name") == name]
    assert len(found) == 1, f"{kind} {name}: {len(found)} in deploy/kubernetes/"
    return found[0]


def deployments() -> list[dict]:
    return [d for d in DOCS if d["kind"] == "Deployment"]


def pod_spec(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]


def only_container(deployment: dict) -> dict:
    containers = pod_spec(deployment)["containers"]
    assert len(containers) == 1, deployment["metadata"]["name"]
    return containers[0]


def all_containers() -> list[dict]:
    return [c for d in deployments() for c in pod_spec(d)["containers"] + pod_spec(d).get("initContainers", [])]


def env_entries(container: dict) -> dict[str, dict]:
    entries = container.get("env", [])
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names)), f"a name set twice in {container['name']}: {names}"
    return {e["name"]: e for e in entries}


def plain_env(container: dict) -> dict[str, str]:
    return {name: e["value"] for name, e in env_entries(container).items() if "value" in e}


def port_number(container: dict, port: int | str) -> int:
    """A port of `container`, by number or by name."""
    if isinstance(port, int):
        return port
    named = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    assert port in named, f"no port named {port!r} in {container['name']}"
    return named[port]


def selects(selector: dict, deployment: dict) -> bool:
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    return all(labels.get(k) == v for k, v in selector.items())


def service_port(service: dict) -> dict:
    ports = service["spec"]["ports"]
    assert len(ports) == 1, service["metadata"]["name"]
    return ports[0]


def source_strings() -> set[str]:
    """Every quoted upper-case name in the Python code of bot/ and actions/: what the code reads."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for folder in ("bot", "actions") for p in sorted((ROOT / folder).rglob("*.py"))
    )
    return set(re.findall(r"[\"']([A-Z][A-Z0-9_]{2,})[\"']", code))


def runtime_stage() -> list[tuple[str, str]]:
    """The instructions of the Dockerfile's last stage: the image that runs."""
    instr = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instr) if word == "FROM")
    return instr[last_from:]


def image_user() -> tuple[str, int]:
    """(name, uid) of the user the Dockerfile's useradd makes."""
    runs = [rest for word, rest in runtime_stage() if word == "RUN" and "useradd" in rest]
    assert len(runs) == 1, runs
    args = shlex.split(runs[0])
    return args[-1], int(args[args.index("--uid") + 1])


def clean_environment(monkeypatch) -> None:
    """No MELDCODE_* or TELEGRAM_* from this session (the assistant fixtures set some)."""
    for name in list(os.environ):
        if name.startswith(("MELDCODE_", "TELEGRAM_")):
            monkeypatch.delenv(name)


ASSISTANT = the("Deployment", "meldcode")
RASA = only_container(ASSISTANT)
REDIS = the("Deployment", "redis")
REDIS_CONTAINER = only_container(REDIS)
TELEGRAM = [d for d in deployments() if d["metadata"]["name"] == "meldcode-telegram"]


# --- the objects ------------------------------------------------------------------


def test_the_manifests_hold_the_assistant_redis_and_their_services_and_no_namespace():
    names = {(d["kind"], d["metadata"]["name"]) for d in DOCS}
    assert {
        ("Deployment", "meldcode"),
        ("Service", "meldcode"),
        ("Deployment", "redis"),
        ("Service", "redis"),
    } <= names
    assert {d["kind"] for d in DOCS} <= KINDS, "no Secret with values, no volume claims, no Ingress"
    for doc in DOCS:
        assert "namespace" not in doc["metadata"], doc["metadata"]["name"]  # applied with -n <namespace>
    for dep in deployments():
        assert dep["apiVersion"] == "apps/v1"
        assert selects(dep["spec"]["selector"]["matchLabels"], dep), dep["metadata"]["name"]
    # Each Service selects exactly one Deployment's pods: the assistant's never takes Redis's or the bot's.
    for svc in (d for d in DOCS if d["kind"] == "Service"):
        chosen = [d["metadata"]["name"] for d in deployments() if selects(svc["spec"]["selector"], d)]
        assert chosen == [svc["metadata"]["name"]], (svc["metadata"]["name"], chosen)


def test_several_replicas_share_one_redis_through_its_service(monkeypatch):
    clean_environment(monkeypatch)
    assert ASSISTANT["spec"]["replicas"] >= 2
    assert REDIS["spec"]["replicas"] == 1, "two Redis pods would each hold half of the conversations"
    assert REDIS["spec"]["strategy"]["type"] == "Recreate"
    env = plain_env(RASA)
    redis_service = the("Service", "redis")
    port = service_port(redis_service)
    # What bot/config.py makes of the manifest's settings (the password comes from the secret).
    cfg = redis_settings({**env, "MELDCODE_REDIS_PASSWORD": "from-the-secret"})
    assert cfg is not None, "MELDCODE_REDIS_HOST is not set: each replica would keep its own conversations"
    assert cfg.host == redis_service["metadata"]["name"]
    assert cfg.port == port["port"] == 6379
    assert port_number(REDIS_CONTAINER, port["targetPort"]) == cfg.port
    assert cfg.password == "from-the-secret" and cfg.db == 0
    assert endpoints_file(env) == PROJECT_DIR / "endpoints-redis.yml"


def test_the_settings_are_ones_the_code_reads_and_accepts(monkeypatch):
    read = source_strings()
    names = {name for c in all_containers() for name in env_entries(c)}
    assert {"MELDCODE_PSEUDONYM_KEY", "MELDCODE_REDIS_HOST", "MELDCODE_CONVERSATION_TTL_MINUTES"} <= names
    unknown = sorted(n for n in names if n not in read | STANDARD_ENV)
    assert not unknown, f"set in deploy/kubernetes/ but read by no code in bot/ or actions/: {unknown}"
    assert "MELDCODE_API_TOKEN" not in names, "Rasa's HTTP API is for the tests only"
    assert plain_env(RASA)["TICKET_LOCK_LIFETIME"] == str(cluster.LOCK_SECONDS)  # as make cluster's replicas

    clean_environment(monkeypatch)
    for name, value in plain_env(RASA).items():
        monkeypatch.setenv(name, value)
    cfg = settings()  # a bad number would stop the start (SystemExit)
    assert cfg.conversation_ttl_minutes == 30  # what the privacy texts and domain.yml's session expiry say
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert domain["session_config"]["session_expiration_time"] == cfg.conversation_ttl_minutes
    assert cfg.redaction_workers >= 1
    assert cfg.rate_per_conversation > 0 and cfg.rate_per_address > 0
    allowed_origins()  # a malformed origin would stop the start


def test_log_level_is_never_debug_and_telemetry_is_off():
    env = plain_env(RASA)
    assert env["LOG_LEVEL"] == "INFO"  # Rasa writes user text at DEBUG
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    for container in all_containers():
        assert plain_env(container).get("LOG_LEVEL", "INFO") != "DEBUG", container["name"]
    assert dockerfile_env(runtime_stage())["LOG_LEVEL"] == "INFO"


# --- ports and health ---------------------------------------------------------------


def test_the_container_port_and_the_probes_are_the_rasa_servers(monkeypatch):
    clean_environment(monkeypatch)
    rasa_port = settings().rasa_port
    assert rasa_port == 5005
    assert [p["containerPort"] for p in RASA["ports"]] == [rasa_port]
    assert int(plain_env(RASA).get("MELDCODE_PORT", rasa_port)) == rasa_port
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = RASA[kind]["httpGet"]
        assert probe["path"] == cluster.HEALTH_PATH == "/webhooks/web/", kind
        assert port_number(RASA, probe["port"]) == rasa_port, kind
    port = service_port(the("Service", "meldcode"))
    assert port["port"] == rasa_port
    assert port_number(RASA, port["targetPort"]) == rasa_port
    runtime = runtime_stage()
    exposed = [int(p.split("/")[0]) for word, rest in runtime if word == "EXPOSE" for p in rest.split()]
    assert exposed == [rasa_port]
    assert int(dockerfile_env(runtime)["MELDCODE_PORT"]) == rasa_port


def test_the_startup_probe_waits_at_least_as_long_as_the_launcher():
    # The launcher gives up (and the container exits) when the servers do not answer
    # within its timeout; the kubelet must not kill a replica that is still starting.
    waits = inspect.signature(launcher.running_servers).parameters["timeout"].default
    assert waits == 180
    probe = RASA["startupProbe"]
    budget = probe.get("initialDelaySeconds", 0) + probe.get("periodSeconds", 10) * probe.get("failureThreshold", 3)
    assert budget >= waits, budget


def test_the_action_server_and_nothing_else_is_opened(monkeypatch):
    clean_environment(monkeypatch)
    action_port = settings().action_port
    assert action_port == 5055
    opened = []
    for doc in DOCS:
        if doc["kind"] == "Service":
            assert doc["spec"].get("type", "ClusterIP") == "ClusterIP", doc["metadata"]["name"]
            opened += [p["port"] for p in doc["spec"]["ports"]] + [p.get("targetPort") for p in doc["spec"]["ports"]]
        if doc["kind"] == "NetworkPolicy":
            opened += [p.get("port") for rule in doc["spec"].get("ingress", []) for p in rule.get("ports", [])]
    for dep in deployments():
        assert not pod_spec(dep).get("hostNetwork"), dep["metadata"]["name"]
        for container in pod_spec(dep)["containers"]:
            opened += [p["containerPort"] for p in container.get("ports", [])]
            assert not any("hostPort" in p for p in container.get("ports", [])), container["name"]
    assert action_port not in opened and str(action_port) not in opened


def test_network_policies_admit_the_rasa_port_and_redis_only_from_the_replicas():
    assistant = the("NetworkPolicy", "meldcode")
    assert selects(assistant["spec"]["podSelector"]["matchLabels"], ASSISTANT)
    assert [p["port"] for r in assistant["spec"]["ingress"] for p in r["ports"]] == [RASA["ports"][0]["containerPort"]]
    redis = the("NetworkPolicy", "redis")
    assert selects(redis["spec"]["podSelector"]["matchLabels"], REDIS)
    (rule,) = redis["spec"]["ingress"]
    assert [selects(f["podSelector"]["matchLabels"], d) for f in rule["from"] for d in deployments()].count(True) == 1
    assert selects(rule["from"][0]["podSelector"]["matchLabels"], ASSISTANT)
    assert [p["port"] for p in rule["ports"]] == [REDIS_CONTAINER["ports"][0]["containerPort"]]


# --- secrets and Redis ---------------------------------------------------------------


def test_secrets_come_from_the_secret_and_never_as_values():
    for container in all_containers():
        for name, entry in env_entries(container).items():
            if re.search(r"KEY|PASSWORD|TOKEN|SECRET", name):
                assert "value" not in entry, f"{name} in {container['name']} has a literal value"
                ref = entry["valueFrom"]["secretKeyRef"]
                assert ref == {"name": SECRET, "key": SECRET_KEYS[name]}, (container["name"], name, ref)
    rasa_env = env_entries(RASA)
    assert {"MELDCODE_PSEUDONYM_KEY", "MELDCODE_REDIS_PASSWORD"} <= set(rasa_env)
    # Redis requires the very password the replicas send.
    assert (
        env_entries(REDIS_CONTAINER)["MELDCODE_REDIS_PASSWORD"]["valueFrom"]
        == rasa_env["MELDCODE_REDIS_PASSWORD"]["valueFrom"]
    )


def option(args: list[str], name: str) -> str:
    assert args.count(name) == 1, f"{name} in the Redis arguments: {args.count(name)} times"
    return args[args.index(name) + 1]


def test_redis_writes_nothing_to_disk_and_requires_the_password():
    args = REDIS_CONTAINER["args"]
    assert all(isinstance(a, str) for a in args), args  # YAML's bare `no` would be a boolean
    # The same as the Redis that `make cluster` starts (bot/cluster.py).
    local = dict(line.split(" ", 1) for line in cluster.redis_config(6379, "pw", Path("/d")).splitlines() if line)
    assert local["save"] == '""' and option(args, "--save") == ""  # no RDB snapshots
    assert local["appendonly"] == option(args, "--appendonly") == "no"  # no AOF
    # Kubernetes expands $(NAME) only for a name in the container's env; else Redis's
    # password would be the literal text "$(...)".
    password = re.fullmatch(r"\$\(([A-Z_]+)\)", option(args, "--requirepass"))
    assert password and password.group(1) in env_entries(REDIS_CONTAINER)
    assert option(args, "--maxmemory-policy") == "noeviction"  # no conversation dropped to make room
    for doc in DOCS:
        assert doc["kind"] not in ("PersistentVolumeClaim", "PersistentVolume", "StatefulSet")
    for dep in deployments():
        for volume in pod_spec(dep).get("volumes", []):
            assert set(volume) == {"name", "emptyDir"}, (dep["metadata"]["name"], volume)
    (data,) = pod_spec(REDIS)["volumes"]
    assert data["emptyDir"]["medium"] == "Memory"
    assert REDIS_CONTAINER["securityContext"]["readOnlyRootFilesystem"] is True


def memory_bytes(quantity: str) -> int:
    """A Kubernetes memory quantity (Mi, Gi) or a Redis one (mb, gb)."""
    m = re.fullmatch(r"(\d+)(Mi|Gi|mb|gb)", quantity)
    assert m, quantity
    return int(m.group(1)) * 1024 ** (2 if m.group(2) in ("Mi", "mb") else 3)


def test_the_memory_limits_leave_room():
    resources = RASA["resources"]
    assert resources["requests"]["cpu"] in ("1", 1)
    assert memory_bytes(resources["requests"]["memory"]) < memory_bytes(resources["limits"]["memory"])
    redis = REDIS_CONTAINER["resources"]["limits"]["memory"]
    assert memory_bytes(option(REDIS_CONTAINER["args"], "--maxmemory")) < memory_bytes(redis)


# --- the pods ----------------------------------------------------------------------


def test_pods_run_unprivileged_as_the_images_user_with_a_read_only_root():
    user, uid = image_user()
    assert (user, uid) == ("meldcode", 10001)
    for dep in [ASSISTANT, *TELEGRAM]:
        spec = pod_spec(dep)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == uid
        assert spec["automountServiceAccountToken"] is False
    for container in all_containers():
        sc = container["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False, container["name"]
        assert sc["capabilities"]["drop"] == ["ALL"], container["name"]
        assert sc["readOnlyRootFilesystem"] is True, container["name"]
    # Rasa unpacks the model into /tmp and keeps its configuration in $HOME.
    home = plain_env(RASA)["HOME"]
    assert home == f"/home/{user}"  # useradd --create-home
    mounts = {m["mountPath"]: m["name"] for m in RASA["volumeMounts"]}
    volumes = {v["name"]: v for v in pod_spec(ASSISTANT)["volumes"]}
    for path in ("/tmp", home):
        assert path in mounts, path
        assert "emptyDir" in volumes[mounts[path]], path


def test_no_service_link_can_overwrite_a_setting():
    # A Service `meldcode` would put MELDCODE_PORT=tcp://<ip>:5005 into every pod's
    # environment, and bot/config.py reads MELDCODE_PORT as a number.
    read = source_strings()
    injected = {
        f"{d['metadata']['name'].upper().replace('-', '_')}_{suffix}"
        for d in DOCS
        if d["kind"] == "Service"
        for suffix in ("PORT", "SERVICE_HOST", "SERVICE_PORT")
    }
    assert "MELDCODE_PORT" in injected & read
    for dep in deployments():
        assert pod_spec(dep)["enableServiceLinks"] is False, dep["metadata"]["name"]


# --- the image ---------------------------------------------------------------------


def test_the_image_copies_both_endpoint_files_and_uses_one_numeric_thread():
    copied = " ".join(rest for word, rest in dockerfile_instructions() if word == "COPY" and "--from" not in rest)
    for env in ({}, {"MELDCODE_REDIS_HOST": "redis"}):
        assert endpoints_file(env).name in copied.split()
    assert {"endpoints.yml", "endpoints-redis.yml"} <= set(copied.split())
    env = dockerfile_env(runtime_stage())
    assert THREAD_VARIABLES == ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    assert {name: env.get(name) for name in THREAD_VARIABLES} == dict.fromkeys(THREAD_VARIABLES, "1")


def test_every_pod_of_the_project_runs_the_same_image():
    images = {c["image"] for d in [ASSISTANT, *TELEGRAM] for c in pod_spec(d)["containers"]}
    assert len(images) == 1, images
    assert REDIS_CONTAINER["image"].startswith("redis:7")


# --- Telegram ------------------------------------------------------------------------


@pytest.mark.skipif(not TELEGRAM, reason="no deploy/kubernetes/telegram.yaml")
def test_the_telegram_bot_relays_to_the_service_with_the_assistants_key(monkeypatch):
    (bot,) = TELEGRAM
    assert bot["spec"]["replicas"] == 1, "Telegram hands each update to one poller"
    assert bot["spec"]["strategy"]["type"] == "Recreate"
    container = only_container(bot)
    assert container["command"] == ["python", "-m", "bot", "telegram"]
    assert "ports" not in container
    clean_environment(monkeypatch)
    cfg = telegram_settings({**plain_env(container), "TELEGRAM_BOT_TOKEN": "from-the-secret"})
    assert cfg.mode == "polling"  # webhook mode listens on 127.0.0.1 inside the pod
    service = the("Service", "meldcode")
    assert cfg.assistant_url == f"http://{service['metadata']['name']}:{service_port(service)['port']}"
    key = env_entries(container)["MELDCODE_PSEUDONYM_KEY"]["valueFrom"]
    assert key == env_entries(RASA)["MELDCODE_PSEUDONYM_KEY"]["valueFrom"], "the relay token needs the same key"
