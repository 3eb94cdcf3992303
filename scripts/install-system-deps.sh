#!/usr/bin/env bash
# Makes sure every prerequisite of `make run` / `make test` is present before anything is built.
# As root on Debian/Ubuntu it installs what is missing with apt; otherwise it names each missing
# piece with the command that installs it, and stops (exit 1) instead of failing halfway.
#   cmake, a C/C++ compiler, make: libopus and LAME are built from bundled sources (the server's encoders)
#   cargo/rustc >= 1.92: the server;  python3 + pip: fetching the model and voices
#   npm: the extension and the page library (Node itself is brought to >= 22.12 by ensure-node.sh)
#   chromium: browser tests and `make run`;  ffmpeg: the independent decoder the audio tests use
set -euo pipefail
mode=${1:-all}   # "run" skips what only the tests need
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v cc >/dev/null || need+=(gcc)
command -v c++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v python3 >/dev/null || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
# `make test-espeak` makes a venv; Debian ships ensurepip (which venv needs for pip) separately.
if [ "$mode" != run ]; then
  python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
fi
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)
if [ "$mode" != run ]; then
  command -v ffprobe >/dev/null || need+=(ffmpeg)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "Missing prerequisites: ${need[*]}" >&2
    echo "Install them first, e.g.: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing missing prerequisites: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
if ! command -v cargo >/dev/null; then
  echo "Missing prerequisite: Rust (cargo) >= 1.92. Install it from https://rustup.rs (curl https://sh.rustup.rs -sSf | sh), then run this again." >&2
  exit 1
fi
rust=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n1.92.0\n' "$rust" | sort -V | head -1)" != 1.92.0 ]; then
  echo "Rust $rust is too old: the server needs >= 1.92 (rustup update)." >&2
  exit 1
fi
