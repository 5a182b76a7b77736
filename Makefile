# Meldcode-assistent: the two commands that matter are `make run` and `make test`.
# Both do all set-up on a fresh machine.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-dev
# Exactly what a lock lists, each file checked against its hash. --no-deps and
# --ignore-requires-python: rasa 3.6 declares Python <3.11 (see the README).
PIP_LOCKED := --no-deps --ignore-requires-python --require-hashes
# uv writes the locks (make lock); a fixed version, so that its output is too.
UV_VERSION := 0.13.9
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export MELDCODE_ACTION_PORT ?= 5055

# Python 3.11: the lock is made and tested on it (rasa 3.6 declares <3.11 but
# runs on it; the install overrides that check, see the README).
PYTHON_BIN ?= python3

.PHONY: help setup setup-runtime lock lock-check train run shell info test test-fast bench eval lint validate check-organisations clean browser screenshots telegram cluster-tools cluster cluster-stop loadtest

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

setup: $(STAMP)  ## venv with the runtime and development locks and deduce's cache (done by run and test)

setup-runtime: $(RUNTIME_STAMP)  ## venv with the runtime lock only (what the production image has)

$(RUNTIME_STAMP): $(RUNTIME_LOCK)
	@$(PYTHON_BIN) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
	  || { echo "Python 3.11 is needed (found $$($(PYTHON_BIN) --version)); set PYTHON_BIN=python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install $(PIP_LOCKED) -r $(RUNTIME_LOCK)
	@echo "Building deduce's lookup cache and the redactor's compact form of it (once, about 2 minutes)..."
	$(PY) -m bot.privacy.deduce_lookups
	@touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) $(DEV_LOCK)
	$(PY) -m pip install $(PIP_LOCKED) -r $(DEV_LOCK)
	@touch $(STAMP)

# The Dutch spaCy pipeline: only the earlier neural pipeline that `make eval
# ARGS=--candidates` scores needs it (bench/candidates/neural-blend.yml).
.spacy/meldcode-pipeline.json: $(STAMP) bot/nlp.py
	-@timeout 120 $(PY) -m spacy download nl_core_news_sm >/dev/null 2>&1 \
	  && echo "nl_core_news_sm installed (official spaCy download)" \
	  || echo "nl_core_news_sm is not reachable from here: using the Dutch base pipeline (spacy.blank('nl') + lookup lemmatizer)"
	$(PY) -m bot build-nlp

lock:  ## write requirements/*.lock (with hashes) from requirements/*.in; UPGRADE=1 takes the newest versions
	@test -x .venv-lock/bin/uv && .venv-lock/bin/uv --version | grep -q " $(UV_VERSION) " \
	  || { rm -rf .venv-lock && $(PYTHON_BIN) -m venv .venv-lock \
	       && .venv-lock/bin/pip install --quiet "uv==$(UV_VERSION)"; }
	bash requirements/lock.sh .venv-lock/bin/uv

lock-check: lock  ## make lock, then fail if the committed locks changed
	git diff --exit-code --stat -- $(RUNTIME_LOCK) $(DEV_LOCK)

train: setup  ## train the model (skipped when nothing changed)
	$(PY) -m bot train

run: train  ## THE way to run it: set up, train, start both servers
	$(PY) -m bot serve

shell: train  ## chat in the terminal through the web channel
	$(PY) -m bot shell

telegram: setup  ## the Telegram bot, relaying to the assistant of `make run`
	$(PY) -m bot telegram

info: setup  ## versions, model and settings
	$(PY) -m bot info

validate: setup  ## rasa data validate
	$(PY) -m rasa data validate --fail-on-warnings

check-organisations: setup  ## validate the organisation files (organisations/, MELDCODE_ORGANISATIONS_DIR)
	$(PY) -m bot check-organisations

lint: setup  ## ruff: lint and format check (ruff format . fixes the format)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Browser tests: Debian's Chromium (apt) and axe-core from the npm registry.
# Neither is committed; both are checked after download.
CHROMIUM ?= /usr/bin/chromium
# what tests/browser/test_widget_browser.py launches (no comment on the line: make keeps its spaces)
export MELDCODE_CHROMIUM ?= $(CHROMIUM)
AXE_VERSION := 4.14.1
AXE := tests/browser/.vendor/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: $(CHROMIUM) $(AXE)  ## Chromium (apt) and axe-core (npm) for the browser tests

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (apt)..."
	$(SUDO) apt-get update -qq
	$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
	@$(CHROMIUM) --version

$(AXE):
	@mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js package/LICENSE \
	  && mv package/axe.min.js package/LICENSE . && rm -rf package axe-core-$(AXE_VERSION).tgz
	@head -c 20 $(AXE) | grep -q "axe v$(AXE_VERSION)" && echo "axe-core $(AXE_VERSION) ready"

# The cluster (#30): Debian's redis-server and haproxy, installed like Chromium.
# bot/cluster.py starts its own copies of both (see below for the system services).
REDIS_SERVER := /usr/bin/redis-server
HAPROXY := /usr/sbin/haproxy
REPLICAS ?= 2

cluster-tools: $(REDIS_SERVER) $(HAPROXY)  ## Debian's redis-server and haproxy for the cluster, its tests and the load test

# On a host with systemd, Debian starts a package's service at install: a system
# Redis on 6379 that saves to /var/lib/redis. The package installed here is
# switched off again at once (bot/cluster.py starts its own, without persistence).
$(REDIS_SERVER) $(HAPROXY):
	@echo "Installing Debian's $(notdir $@) for the cluster (apt)..."
	$(SUDO) apt-get update -qq
	$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(notdir $@) >/dev/null
	@if [ -d /run/systemd/system ]; then $(SUDO) systemctl disable --now $(notdir $@) >/dev/null 2>&1 \
	  && echo "$(notdir $@): its system service is switched off (the cluster starts its own)" || true; fi
	@$@ --version | head -1

cluster: train cluster-tools  ## Redis, REPLICAS Rasa replicas (default 2) and haproxy on MELDCODE_PORT; Ctrl-C stops
	$(PY) -m bot cluster --replicas $(REPLICAS)

cluster-stop:  ## stop a running `make cluster`
	$(PY) -m bot cluster --stop

loadtest: train cluster-tools  ## 50 users at once through haproxy, 1 and 2 replicas (ARGS=--help)
	$(PY) -m bot loadtest $(ARGS)

screenshots: train browser  ## the widget pictures in docs/ (desktop and 360 px)
	$(PY) docs/screenshots.py

test: train browser cluster-tools  ## THE way to test it: set up, train, lint, validate, every test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m rasa data validate --fail-on-warnings
	$(PY) -m pytest

test-fast: setup  ## the tests that need no model, server or browser (under a minute)
	$(PY) -m pytest -q -m "not assistant"

bench: train  ## side by side with Rasa's starter bot: training, start, latency, memory
	$(PY) bench/run_bench.py $(ARGS)

eval: setup .spacy/meldcode-pipeline.json  ## redaction, safety net, typed answers, NLU cross-validation (ARGS=--candidates)
	$(PY) bench/run_eval.py $(ARGS)

clean:  ## remove models, results and caches (not the venv)
	rm -rf models results .spacy .run .pytest_cache .ruff_cache
