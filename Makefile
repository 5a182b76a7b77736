# Meldcode-assistent: the two commands that matter are `make run` and `make test`.
# Both do all set-up on a fresh machine.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-lock
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export MELDCODE_ACTION_PORT ?= 5055

# Python 3.11: the lock is made and tested on it (rasa 3.6 declares <3.11 but
# runs on it; the install overrides that check, see the README).
PYTHON_BIN ?= python3

.PHONY: help setup lock train run shell info test test-fast bench eval lint validate clean browser screenshots telegram

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

setup: $(STAMP)  ## venv with the pinned packages and deduce's cache (done by run and test)

$(STAMP): requirements.lock
	@$(PYTHON_BIN) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
	  || { echo "Python 3.11 is needed (found $$($(PYTHON_BIN) --version)); set PYTHON_BIN=python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --no-deps --ignore-requires-python -r requirements.lock
	@echo "Building deduce's lookup cache and the redactor's compact form of it (once, about 2 minutes)..."
	$(PY) -m bot.privacy.deduce_lookups
	@touch $(STAMP)

# The Dutch spaCy pipeline: only the earlier neural pipeline that `make eval
# ARGS=--candidates` scores needs it (tests/bench/candidates/neural-blend.yml).
.spacy/meldcode-pipeline.json: $(STAMP) bot/nlp.py
	-@timeout 120 $(PY) -m spacy download nl_core_news_sm >/dev/null 2>&1 \
	  && echo "nl_core_news_sm installed (official spaCy download)" \
	  || echo "nl_core_news_sm is not reachable from here: using the Dutch base pipeline (spacy.blank('nl') + lookup lemmatizer)"
	$(PY) -m bot build-nlp

lock:  ## refresh requirements.lock from requirements.in in a throw-away venv
	rm -rf .venv-lock && $(PYTHON_BIN) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade "pip>=24" wheel
	.venv-lock/bin/pip install -r requirements.in
	.venv-lock/bin/pip install --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	.venv-lock/bin/pip freeze --all | grep -v '^pip==' > requirements.lock
	rm -rf .venv-lock
	@echo "requirements.lock refreshed"

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

lint: setup  ## ruff
	$(PY) -m ruff check .

# Browser tests: Debian's Chromium (apt) and axe-core from the npm registry.
# Neither is committed; both are checked after download.
CHROMIUM ?= /usr/bin/chromium
# what tests/test_widget_browser.py launches (no comment on the line: make keeps its spaces)
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

screenshots: train browser  ## the widget pictures in docs/ (desktop and 360 px)
	$(PY) tests/browser/screenshots.py

test: train browser  ## THE way to test it: set up, train, lint, validate, every test
	$(PY) -m ruff check .
	$(PY) -m rasa data validate --fail-on-warnings
	$(PY) -m pytest

test-fast: setup  ## the tests that need no model, server or browser (under a minute)
	$(PY) -m pytest -q -m "not assistant"

bench: train  ## side by side with Rasa's starter bot: training, start, latency, memory
	$(PY) tests/bench/run_bench.py $(ARGS)

eval: setup .spacy/meldcode-pipeline.json  ## redaction, safety net, typed answers, NLU cross-validation (ARGS=--candidates)
	$(PY) tests/bench/run_eval.py $(ARGS)

clean:  ## remove models, results and caches (not the venv)
	rm -rf models results .spacy .run .pytest_cache .ruff_cache
