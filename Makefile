# Two commands do all the set-up on a fresh machine:
#   make run    create .venv, install pinned dependencies, fetch model files, train if needed, start everything
#   make test   the same set-up, then validate data, train if needed, and run every test
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
BIN := $(VENV)/bin
TRAINING_DATA := data/nlu data/rules data/lookups

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# endpoints.yml reads these; `bot run` sets them too.
export BOT_ACTION_ENDPOINT_URL ?= http://127.0.0.1:5055/webhook
export BOT_TRACKER_DB_URL ?= sqlite:///var/tracker.db
export BOT_ACTION_SECRET ?= $(shell cat var/action_secret 2>/dev/null)

.PHONY: install models train run test eval validate stories system-packages bench shell clean

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml scripts/find-python.sh
	@python=$$(scripts/find-python.sh); \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); fi
	$(BIN)/python -m pip install -q --upgrade pip==25.3 wheel==0.44.0 setuptools==70.3.0 2>&1 | sed "/is ignored/d"
	$(BIN)/python -m pip install -q -r requirements.txt -c constraints.txt 2>&1 | sed "/is ignored/d"
	$(BIN)/python -m pip install -q --no-deps -e . 2>&1 | sed "/is ignored/d"
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed

models: install
	$(BIN)/bot models fetch

# Trains only when config, domain, training data or the NLU components changed (bot/training.py).
train: models
	$(BIN)/bot train

run: train
	$(BIN)/bot run

validate: install
	$(BIN)/rasa data validate --fail-on-warnings --data $(TRAINING_DATA) --domain domain.yml --config config.yml

# Conversation tests: every story in tests/test_stories.yml must be predicted exactly.
stories: train
	$(BIN)/rasa test core --stories tests/test_stories.yml --fail-on-prediction-errors --out results/stories

# Debian packages the tests use: Chromium for the widget and dashboard browser tests (never a test
# tool's own browser download), PostgreSQL and Redis for the scale-out test, nginx for the reverse
# proxy test (deploy/nginx.conf).
system-packages:
	@if command -v chromium >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v redis-server >/dev/null \
	  && [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql redis-server nginx >/dev/null; \
	else echo "Please install the Debian packages chromium, postgresql, redis-server and nginx (sudo apt-get install ...)"; exit 1; fi

test: validate train stories system-packages
	$(BIN)/pytest

eval: train
	$(BIN)/bot eval

shell: train
	$(BIN)/rasa shell --endpoints endpoints.yml

# Benchmark: the product against a stock Rasa 3.6 assistant (docs/benchmarks.md). About 9 minutes;
# `make bench BENCH_ARGS=--quick` takes about 3. Writes results/bench.json.
bench: train
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf models results var/logs .pytest_cache
