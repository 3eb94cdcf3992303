# One command runs the product (`make run`), one tests it (`make test`).
# Both first check the prerequisites (installing them as root on Debian), bring Node >= 22.12,
# fetch the model and voices into $TTS_HOME (default ~/.cache/tts-server) and build everything.

CARGO ?= cargo
PYTHON ?= python3
PORT ?= 9527
SERVER := server/target/release/tts-server
EXTENSION := .output/chrome-mv3
# Node from .tools/node (scripts/ensure-node.sh) wins when the system's is too old for WXT and vitest.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)
# onnxruntime-node (pulled in by the benchmark-only Transformers.js and kokoro-js) would fetch CUDA
# binaries from NuGet at install; nothing here uses them (.npmrc says the same to plain npm).
export ONNXRUNTIME_NODE_INSTALL := skip

.PHONY: prereqs prereqs-run node setup build build-server build-client build-extension build-kokoro-web build-g2p run test \
	test-scripts test-rust test-espeak test-openai test-client test-extension test-g2p test-e2e bench bench-extension bench-browser load-test clean

prereqs:
	scripts/install-system-deps.sh

prereqs-run:
	scripts/install-system-deps.sh run

node:
	@scripts/ensure-node.sh >/dev/null

setup:
	cd server && $(PYTHON) scripts/fetch_assets.py

# The page library first: the server embeds it.
build: build-client build-server build-extension

build-server:
	cd server && $(CARGO) build --release --locked -p tts-server

tts-client/node_modules: tts-client/package-lock.json | node
	cd tts-client && npm ci --no-audit --no-fund
	touch $@

build-client: tts-client/node_modules
	cd tts-client && npm run build

node_modules: package-lock.json | node
	npm ci --no-audit --no-fund
	touch $@

# The server's G2P compiled to wasm for the in-browser engine, and the data it parses: src/g2p/pkg/
# (the script installs the wasm toolchain when it is missing; see its header).
build-g2p:
	scripts/build-g2p-wasm.sh

# Chrome (MV3) and Firefox (MV2) builds of the extension.
build-extension: node_modules build-g2p
	npx wxt build
	npx wxt build -b firefox

# The extension's built Kokoro worker with /ort/ and /g2p/, for web sites using tts-client's
# browser-kokoro engine (and its e2e test): .output/kokoro-web/.
build-kokoro-web: build-extension
	node scripts/export-kokoro-web.mjs

run: prereqs-run setup build
	scripts/run.sh $(PORT)

test: prereqs setup build test-scripts test-rust test-espeak test-openai test-client test-extension test-g2p test-e2e

test-scripts:
	cd server/scripts && $(PYTHON) -m unittest -v test_fetch_assets

# Release profile: the end-to-end tests run the real model, which is slow unoptimised.
test-rust:
	cd server && $(CARGO) test --release --locked --workspace

# The optional `espeak` cargo feature (libespeak-ng, GPL-3.0, opened at run time; README, licences)
# against misaki's readings, with the copy of the library misaki itself uses (PyPI espeakng-loader
# 0.2.4, espeak-ng 1.52) in a git-ignored venv: its own tests, and issue 12's goal on the held-out
# web genres (en_web_agreement). Only tts-text is built with the feature; the server, the wasm G2P
# and the extension are not.
ESPEAK_VENV := server/.venv-espeak
$(ESPEAK_VENV)/.espeakng-loader:
	$(PYTHON) -m venv $(ESPEAK_VENV)
	$(ESPEAK_VENV)/bin/pip install -q espeakng-loader==0.2.4
	touch $@

test-espeak: $(ESPEAK_VENV)/.espeakng-loader
	cd server && TTS_ESPEAK_LIBRARY=$$(.venv-espeak/bin/python -c 'import espeakng_loader; print(espeakng_loader.get_library_path())') \
		$(CARGO) test --release --locked -p tts-text --features espeak --lib --test en_espeak --test en_web_agreement

server/tests/openai/node_modules: server/tests/openai/package-lock.json | node
	cd server/tests/openai && npm ci --no-audit --no-fund
	touch $@

# The OpenAI-compatible endpoint through the official openai client; ffprobe decodes every format.
test-openai: server/tests/openai/node_modules
	cd server/tests/openai && npm test

# Unit tests, then the browser tests in Debian's chromium against the real server (which they kill
# and restart to check fallback and return).
E2E_PORT ?= 19527
test-client: tts-client/node_modules build-server build-kokoro-web
	cd tts-client && npm test
	cd tts-client && TTS_SERVER_URL=http://127.0.0.1:$(E2E_PORT) \
		TTS_SERVER_CMD="../$(SERVER) serve --port $(E2E_PORT)" npm run test:e2e

# The extension: typecheck (src/g2p imports the built wasm's bindings) and vitest unit tests (fake
# browser, saved pages).
test-extension: node_modules build-g2p
	npm run typecheck
	npm test

# The wasm G2P against the server binary: the same phonemes, chunks and ids (tests/g2p).
test-g2p: node_modules setup build-g2p build-server
	npm run test:g2p

# The built extension in Debian's chromium against the real server and model.
test-e2e: node_modules build-extension build-server
	npm run test:e2e

bench: setup build
	cd server && $(PYTHON) scripts/bench.py

# Kokoro in the browser: runtimes side by side (ours, Transformers.js, kokoro-js), cold and cached
# start of the extension with no server, memory, bundle: see BENCHMARKS.md.
bench-browser: setup build
	node --experimental-strip-types tests/bench/browser-engine.ts

# Many concurrent clients against the real server on loopback: codes, latencies, RSS (BENCHMARKS.md).
load-test: build-server
	cd server && $(PYTHON) scripts/load_test.py

# Extension figures (first audio, joins, extraction, bundle, probe): see BENCHMARKS.md.
bench-extension: setup build
	node --experimental-strip-types tests/bench/extension.ts

clean:
	cd server && $(CARGO) clean
	rm -rf tts-client/dist .output .wxt src/g2p/pkg
