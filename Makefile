# Seconde Chance — every command of the project. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.10 (Rasa 3.6 runs on nothing newer): PYTHON310, else a python3.10 on PATH that
# runs (a pyenv shim may not), else the newest 3.10 installed by pyenv.
PYTHON310 ?= $(shell for c in $$(command -v python3.10 2>/dev/null) \
    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.10.*/bin/python3.10 2>/dev/null | sort -rV); do \
    "$$c" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$c"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
GAZETTEER := build/gazetteer.json.gz
STRUCTURES := build/structures.json.gz
WIDGET_JS := widget/vendor/socket.io.min.js
MODEL := models/seconde-chance.tar.gz
# the safety net's classifier reads its text through actions/safety.py and textnorm.py
# (SafetyNet.fingerprint_addon counts the same files, so Rasa retrains it too)
TRAINING_INPUTS := config.yml domain.yml actions/nlu_components.py actions/distress_model.py \
    actions/safety.py actions/textnorm.py \
    $(shell find data -name '*.yml' -o -name '*.txt' 2>/dev/null)
QUIET := TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore
# Rasa's telemetry would send usage data and error reports (with paths and messages) to
# outside servers: never, for a service used by minors.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install data model widget run account test eval core-test unit lint messenger-setup bench clean

help: ## Show this help
	@echo "Seconde Chance — commandes :"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "Python 3.10 est introuvable (Rasa 3.6 ne fonctionne pas avec une version plus récente)."; \
	  echo "Installez-le, par exemple : pyenv install 3.10 (https://github.com/pyenv/pyenv),"; \
	  echo "ou le paquet python3.10 de votre système, puis relancez la commande."; \
	  echo "Vous pouvez aussi indiquer son chemin : make PYTHON310=/chemin/vers/python3.10 ..."; \
	  exit 1; fi
	@echo "Environnement virtuel avec $(PYTHON310)"
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@$(PY) -m pip check
	@touch $@

install: $(INSTALLED) ## Create .venv and install everything (Python 3.10 needed)

$(GAZETTEER): $(INSTALLED) actions/geo/build.py actions/geo/sources.py
	@$(QUIET) $(PY) -m actions.geo.build

$(STRUCTURES): $(GAZETTEER) $(wildcard actions/places/*.py) actions/content/structures_curated.csv
	@$(QUIET) $(PY) -m actions.places.build

$(WIDGET_JS): widget/package.json widget/package-lock.json
	@command -v npm >/dev/null || { echo "npm est introuvable : installez Node.js (paquets nodejs et npm) pour le widget web."; exit 1; }
	@cd widget && npm ci --no-audit --no-fund --silent
	@mkdir -p widget/vendor && cp widget/node_modules/socket.io-client/dist/socket.io.min.js $@

widget: $(WIDGET_JS) ## Install the web widget's only dependency (socket.io client, from npm)

data: $(GAZETTEER) $(STRUCTURES) ## Build the gazetteer and the structures (SECONDE_CHANCE_DATA_DIR, else download)

$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@mkdir -p build models
	@echo "Entraînement du modèle (journal : build/train.log)…"
	@start=$$(date +%s); \
	if $(QUIET) $(RASA) train --quiet --fixed-model-name seconde-chance --out models \
	    > build/train.log 2>&1; then \
	  echo "Modèle entraîné en $$(( $$(date +%s) - start )) s : $(MODEL)"; \
	else tail -n 40 build/train.log; exit 1; fi

model: $(MODEL) ## Train the model if data, config or the safety classifier's code changed since the last one

run: $(MODEL) $(GAZETTEER) $(STRUCTURES) $(WIDGET_JS) ## Start Redis, the action server, Rasa, the widget page and the console; print the URLs
	@$(PY) -m tools.run

account: $(INSTALLED) ## Create a console account: make account LOGIN=marie NAME=Marie ROLE=counsellor|supervisor
	@$(PY) -m handoff.console.accounts add "$(LOGIN)" --name "$(NAME)" --role "$(or $(ROLE),counsellor)"

eval: $(MODEL) ## NLU evaluation on the held-out set, compared with Rasa's default pipeline
	@$(QUIET) $(PY) -m tools.nlu_eval

core-test: $(MODEL) ## Test stories of the triage (rasa test core)
	@mkdir -p reports
	@if $(QUIET) $(RASA) test core --quiet --model $(MODEL) --stories tests/stories \
	    --out reports/core --fail-on-prediction-errors > build/core-test.log 2>&1; then \
	  echo "Histoires de test : toutes correctes (reports/core)"; \
	else tail -n 40 build/core-test.log; cat reports/core/failed_test_stories.yml 2>/dev/null; exit 1; fi

unit: $(GAZETTEER) $(STRUCTURES) ## Only the fast tests (no Rasa server)
	@$(PY) -m pytest -m "not e2e"

lint: $(INSTALLED) ## ruff and mypy
	@$(PY) -m ruff check actions handoff tools tests
	@$(PY) -m mypy --no-error-summary && echo "ruff et mypy : aucun problème"

test: $(MODEL) $(GAZETTEER) $(STRUCTURES) $(WIDGET_JS) ## Lint, validate the data, NLU evaluation, test stories, pytest
	@$(MAKE) --no-print-directory lint
	@$(QUIET) $(RASA) data validate --quiet --fail-on-warnings > build/validate.log 2>&1 \
	  && echo "rasa data validate : aucune erreur ni avertissement" \
	  || { tail -n 30 build/validate.log; exit 1; }
	@$(MAKE) --no-print-directory eval
	@$(MAKE) --no-print-directory core-test
	@$(PY) -m pytest

messenger-setup: $(INSTALLED) ## Set the Messenger page's get-started button and greeting
	@$(PY) -m tools.messenger_setup

bench: $(MODEL) $(GAZETTEER) $(STRUCTURES) ## Benchmarks: search, queue claims, live chat latency, REST round trip, throughput, memory, training
	@$(QUIET) $(PY) -m tools.bench

clean: ## Remove the built data, models and reports (keeps .venv)
	rm -rf build models reports results widget/vendor widget/node_modules
