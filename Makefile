# One command runs the product (`make run`), one tests it (`make test`).
# Assets go to $TTS_HOME (default ~/.cache/tts-server); `make setup` is idempotent.

CARGO ?= cargo
PYTHON ?= python3
PORT ?= 9527
SERVER := target/release/tts-server

.PHONY: setup build build-server build-client run test test-rust test-scripts test-openai test-client bench clean

setup:
	$(PYTHON) scripts/fetch_assets.py

# The client first: the server embeds it.
build: build-client build-server

build-server:
	$(CARGO) build --release --locked -p tts-server

tts-client/node_modules: tts-client/package-lock.json
	cd tts-client && npm ci --no-audit --no-fund
	touch $@

build-client: tts-client/node_modules
	cd tts-client && npm run build

run: setup build
	$(SERVER) serve --port $(PORT)

test: setup build test-scripts test-rust test-openai test-client

test-scripts:
	cd scripts && $(PYTHON) -m unittest -v test_fetch_assets

# Release profile: the end-to-end tests run the real model, which is slow unoptimised.
test-rust:
	$(CARGO) test --release --locked --workspace

tests/openai/node_modules: tests/openai/package-lock.json
	cd tests/openai && npm ci --no-audit --no-fund
	touch $@

# The OpenAI-compatible endpoint through the official openai client; ffprobe decodes every format.
test-openai: tests/openai/node_modules
	cd tests/openai && npm test

# Unit tests, then the browser tests in Debian's chromium against the real server (which they kill
# and restart to check fallback and return).
E2E_PORT ?= 19527
test-client: tts-client/node_modules build-server
	cd tts-client && npm test
	cd tts-client && TTS_SERVER_URL=http://127.0.0.1:$(E2E_PORT) \
		TTS_SERVER_CMD="../$(SERVER) serve --port $(E2E_PORT)" npm run test:e2e

bench: setup build
	$(PYTHON) scripts/bench.py

clean:
	$(CARGO) clean
	rm -rf tts-client/dist
