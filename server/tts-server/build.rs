//! Embeds the browser client (../tts-client/dist/tts-client.js, built by `make build`) so the server
//! can serve it at /client/tts-client.js. Without a built client the route says how to build it.

use std::path::{Path, PathBuf};

fn main() {
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tts-client/dist/tts-client.js");
    println!("cargo:rerun-if-changed={}", client.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("tts-client.js");
    let bytes = std::fs::read(&client).unwrap_or_default();
    std::fs::write(&out, bytes).expect("write to OUT_DIR");
}
