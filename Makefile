# Meldcode-assistent: the two commands that matter are `make run` and `make test`.
# Both do all set-up on a fresh machine.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-lock
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export MELDCODE_ACTION_PORT ?= 5055

# Python: a working python3.10 gets a plain install (rasa supports it);
# otherwise python3 (3.11 here) with the override described in the README.
PYTHON_BIN := $(shell if python3.10 -c 'import sys' >/dev/null 2>&1; then echo python3.10; else echo python3; fi)

.PHONY: setup lock train run shell info test bench eval lint validate clean browser screenshots telegram

setup: $(STAMP) .spacy/meldcode-pipeline.json

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	@if $(PY) -c 'import sys; sys.exit(0 if sys.version_info < (3, 11) else 1)'; then \
	  echo "Python <3.11: plain install of the lock"; \
	  $(PY) -m pip install --no-deps -r requirements.lock; \
	else \
	  echo "Python 3.11: rasa 3.6 installed over the lock with --ignore-requires-python"; \
	  $(PY) -m pip install --no-deps --ignore-requires-python -r requirements.lock; \
	fi
	-@timeout 120 $(PY) -m spacy download nl_core_news_sm >/dev/null 2>&1 \
	  && echo "nl_core_news_sm installed (official spaCy download)" \
	  || echo "nl_core_news_sm is not reachable from here: using the Dutch base pipeline (spacy.blank('nl') + lookup lemmatizer)"
	@echo "Building deduce's lookup cache and the redactor's compact form of it (once, about 2 minutes)..."
	$(PY) -m bot.privacy.deduce_lookups
	@touch $(STAMP)

.spacy/meldcode-pipeline.json: $(STAMP) bot/nlp.py
	$(PY) -m bot build-nlp

# Refresh requirements.lock from requirements.in in a throw-away venv.
lock:
	rm -rf .venv-lock && $(PYTHON_BIN) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade "pip>=24" wheel
	.venv-lock/bin/pip install -r requirements.in
	.venv-lock/bin/pip install --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	.venv-lock/bin/pip freeze --all | grep -v '^pip==' > requirements.lock
	rm -rf .venv-lock
	@echo "requirements.lock refreshed"

train: setup
	$(PY) -m bot train

run: train
	$(PY) -m bot serve

shell: train
	$(PY) -m bot shell

# The Telegram bot; relays to the assistant started by `make run` (another terminal).
telegram: setup
	$(PY) -m bot telegram

info: setup
	$(PY) -m bot info

validate: setup
	$(PY) -m rasa data validate --fail-on-warnings

lint: setup
	$(PY) -m ruff check .

# Browser tests: Debian's Chromium (apt) and axe-core from the npm registry.
# Neither is committed; both are checked after download.
CHROMIUM ?= /usr/bin/chromium
AXE_VERSION := 4.14.1
AXE := tests/browser/.vendor/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: $(CHROMIUM) $(AXE)

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

# Screenshots of the open widget for docs/ (desktop and 360 px).
screenshots: train browser
	$(PY) tests/browser/screenshots.py

test: train browser
	$(PY) -m ruff check .
	$(PY) -m rasa data validate --fail-on-warnings
	$(PY) -m pytest

bench: train
	$(PY) tests/bench/run_bench.py $(ARGS)

eval: setup
	$(PY) tests/bench/run_eval.py $(ARGS)

clean:
	rm -rf models results .spacy .run .pytest_cache .ruff_cache
