#!/usr/bin/env bash
# `make run`: serves Kokoro on 127.0.0.1:$1 and, when a display exists, opens Chromium with the
# extension loaded (a fresh profile under .tools/chromium-profile). Without a display it says how
# to load the unpacked extension. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-9527}
extension="$PWD/.output/chrome-mv3"
server/target/release/tts-server serve --port "$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" | grep -q '"ok"' && break
  sleep 0.2
done
echo "tts-server: http://127.0.0.1:$port (open it for the server's own test page)"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -n "$browser" ]; then
  echo "Opening $browser with the extension: right-click any page and choose \"Read this page aloud\"."
  "$browser" --user-data-dir="$PWD/.tools/chromium-profile" --no-first-run \
    --disable-extensions-except="$extension" --load-extension="$extension" \
    "http://127.0.0.1:$port/" &
else
  cat <<MSG
No display here, so no browser was opened. To use the extension:
  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", "Load unpacked", choose
    $extension
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…", choose
    $PWD/.output/firefox-mv2/manifest.json
Then right-click any page: "Read this page aloud". The server keeps running until Ctrl-C.
MSG
fi
wait $server
