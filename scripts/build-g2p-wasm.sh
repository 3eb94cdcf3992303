#!/usr/bin/env bash
# Builds the server's G2P for the browser (issue 11): server/crates/tts-wasm for wasm32, then
# wasm-bindgen --target web, into src/g2p/pkg/ (gitignored), with the data it parses copied into
# src/g2p/pkg/data/ in the layout of $TTS_HOME/text (plus jieba/dict.txt from the jieba-rs source,
# which the server has compiled in).
#
# Toolchain, installed here when missing:
#   - where rustup can add the wasm32-unknown-unknown target, that (tried once, for 90 s: offline it
#     hangs; the choice is remembered in .tools/wasm-toolchain, delete it to try again);
#   - else Debian's rustc-web, cargo-web, rust-web-src, rust-web-llvm and lld-22 (apt, as root;
#     otherwise named, and the script stops), building std itself (-Zbuild-std) since no
#     prebuilt wasm32 std can be downloaded;
#   - wasm-bindgen-cli at the exact version of the wasm-bindgen crate in server/Cargo.lock, with
#     `cargo install` into .tools/wasm-bindgen.
# G2P_WASM_TOOLCHAIN=rustup|debian forces the choice.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=wasm32-unknown-unknown
out=src/g2p/pkg
tools=$root/.tools
target_dir=$root/server/target/wasm
text_dir=${TTS_HOME:-$HOME/.cache/tts-server}/text

say() { echo "build-g2p: $*" >&2; }

# --- 1. A Rust that builds wasm32 -------------------------------------------------------------
toolchain=${G2P_WASM_TOOLCHAIN:-}
if [ -z "$toolchain" ] && [ -f "$tools/wasm-toolchain" ]; then
  toolchain=$(cat "$tools/wasm-toolchain")
fi
if [ -z "$toolchain" ]; then
  toolchain=debian
  if command -v rustup >/dev/null; then
    if rustup target list --installed 2>/dev/null | grep -qx "$target"; then
      toolchain=rustup
    else
      say "trying: rustup target add $target"
      if timeout 90 rustup target add "$target"; then
        toolchain=rustup
      else
        say "rustup cannot add $target here; using Debian's rustc-web with -Zbuild-std"
      fi
    fi
  fi
  mkdir -p "$tools"
  echo "$toolchain" >"$tools/wasm-toolchain"
fi

build=()
case $toolchain in
  rustup)
    build=(cargo build)
    ;;
  debian)
    debs=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
    missing=()
    for deb in "${debs[@]}"; do
      dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        say "missing: ${missing[*]}"
        say "install them (Debian 12+: sudo apt-get install ${missing[*]}), or make 'rustup target add $target' work, then run this again"
        exit 1
      fi
      say "installing ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    # Debian's wasm-capable rustc, told to build std for wasm32 from rust-web-src.
    build=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -Zbuild-std=std,panic_abort)
    ;;
  *)
    say "unknown toolchain '$toolchain' (G2P_WASM_TOOLCHAIN or .tools/wasm-toolchain: rustup or debian)"
    exit 1
    ;;
esac

# --- 2. The wasm ------------------------------------------------------------------------------
# No debug info: wasm-bindgen would strip it anyway, and it slows the build.
say "cargo build -p tts-wasm --target $target ($toolchain)"
(cd server && CARGO_TARGET_DIR=$target_dir CARGO_PROFILE_RELEASE_DEBUG=false \
  "${build[@]}" --release --locked -p tts-wasm --target "$target")
wasm=$target_dir/$target/release/tts_wasm.wasm

# --- 3. wasm-bindgen at the crate's exact version ---------------------------------------------
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' server/Cargo.lock)
[ -n "$version" ] || { say "no wasm-bindgen in server/Cargo.lock"; exit 1; }
bindgen=$tools/wasm-bindgen/bin/wasm-bindgen
if ! [ -x "$bindgen" ] || [ "$("$bindgen" --version | awk '{print $2}')" != "$version" ]; then
  say "cargo install wasm-bindgen-cli $version"
  cargo install wasm-bindgen-cli --version "$version" --root "$tools/wasm-bindgen" --force
fi
rm -rf "$out.new"
# No default module path: callers fetch the wasm themselves (the extension from /g2p/), and the
# glue's `new URL('…_bg.wasm', import.meta.url)` would make bundlers ship a second copy (inlined as
# base64 in library builds such as the Firefox background).
"$bindgen" --target web --omit-default-module-path --out-dir "$out.new" "$wasm"
mkdir -p "$out"
find "$out" -maxdepth 1 -type f -delete
mv "$out.new"/* "$out"/
rmdir "$out.new"

# --- 4. The data, in the bundle's layout ------------------------------------------------------
jieba_manifest=$(cd server && cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys
meta = json.load(sys.stdin)
print(next(p["manifest_path"] for p in meta["packages"] if p["name"] == "jieba-rs"))')
mkdir -p "$out/data/jieba"
cp "$(dirname "$jieba_manifest")/src/data/dict.txt" "$out/data/jieba/dict.txt"
if [ -d "$text_dir" ]; then
  for sub in misaki cmudict pypinyin; do
    mkdir -p "$out/data/$sub"
    # Checksum stamps are the fetcher's bookkeeping, not data.
    find "$text_dir/$sub" -maxdepth 1 -type f ! -name '*.sha256' -exec cp -u {} "$out/data/$sub/" \;
  done
else
  say "no text data in $text_dir (run 'make setup'): src/g2p/pkg/data/ has jieba's dictionary only"
fi

size() { printf '%s: %s bytes, %s gzipped\n' "$1" "$(stat -c %s "$1")" "$(gzip -9c "$1" | wc -c)"; }
size "$out/tts_wasm_bg.wasm"
say "data in $out/data: $(du -sb "$out/data" | cut -f1) bytes"
