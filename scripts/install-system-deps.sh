#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, when missing (CI runs as root on a fresh
# machine). cmake builds libopus from source for the opus encoder; ffmpeg is the independent
# decoder the format tests check our audio with; chromium runs the browser client's tests.
set -euo pipefail
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v ffprobe >/dev/null || need+=(ffmpeg)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]} — install them (e.g. sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
