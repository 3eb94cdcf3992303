//! The HTTP service on arbitrary requests: method, path, headers and body drawn from the input,
//! sent through the whole router (Host check, CORS, token, body limit, JSON parsing, validation,
//! G2P) without a socket. Every answer is a well-formed response; every error is our JSON shape;
//! nothing is a 5xx but 503 `busy`, nothing panics.
//!
//! The queue has no places (`--queue-depth 0`), so every valid synthesis is refused `busy` right
//! after validation: the target exercises everything before the engine, at thousands of requests
//! per second, with the real model loaded for its voices.
//!
//! `cargo +nightly fuzz run http_request -- -max_total_time=600` (needs `make setup`'s assets in
//! $TTS_HOME). Without cargo-fuzz it still builds with the stable toolchain:
//! `cargo build --release --bin http_request`.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::{to_bytes, Body};
use axum::http::Request;
use axum::Router;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use tts_server::assets::AssetArgs;
use tts_server::http::{app, Allowlist, AppState, Load};
use tts_server::speech::Speech;

struct Harness {
    runtime: tokio::runtime::Runtime,
    router: Router,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let args = AssetArgs {
            home: std::env::var_os("TTS_HOME").map(Into::into),
            model: None,
            voices: None,
            runtime: None,
            threads: Some(1),
        };
        let speech = Speech::load(&args.resolve()).unwrap_or_else(|e| panic!("{e}: run make setup"));
        let state = AppState::new(0);
        state.set(Load::Ready(Arc::new(speech)));
        let allow = Allowlist {
            token: Some("fuzz-token".into()),
            ..Allowlist::default()
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Harness {
            runtime,
            router: app(state, allow),
        }
    })
}

const PATHS: [&str; 12] = [
    "/synthesize",
    "/v1/audio/speech",
    "/health",
    "/metrics",
    "/voices",
    "/v1/audio/voices",
    "/v1/models",
    "/",
    "/client/tts-client.js",
    "/nowhere",
    "/synthesize/",
    "/v1/audio/speech?x=1",
];
const METHODS: [&str; 5] = ["POST", "GET", "PUT", "OPTIONS", "DELETE"];
const CONTENT_TYPES: [&str; 4] = ["application/json", "text/plain", "application/problem+json", ""];
const HOSTS: [&str; 4] = ["127.0.0.1:9527", "localhost", "evil.example", ""];
const AUTHS: [&str; 3] = ["Bearer fuzz-token", "Bearer wrong", ""];

fuzz_target!(|data: &[u8]| {
    let Some((&[route, method, kind, flags], body)) = data.split_first_chunk::<4>() else {
        return;
    };
    let path = PATHS[route as usize % PATHS.len()];
    let method = METHODS[method as usize % METHODS.len()];
    let content_type = CONTENT_TYPES[kind as usize % CONTENT_TYPES.len()];
    let host = HOSTS[flags as usize % HOSTS.len()];
    let auth = AUTHS[(flags as usize / 4) % AUTHS.len()];
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in [("host", host), ("content-type", content_type), ("authorization", auth)] {
        if !value.is_empty() {
            request = request.header(name, value);
        }
    }
    let request = request.body(Body::from(body.to_vec())).unwrap();
    let harness = harness();
    let (status, bytes) = harness.runtime.block_on(async {
        let response = harness.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        (status, to_bytes(response.into_body(), 1 << 24).await.unwrap())
    });
    if status.is_success() || status.is_redirection() || method == "OPTIONS" {
        return;
    }
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{method} {path}: {status} not JSON ({e}): {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    let code = json["error"]["code"].as_str().expect("error.code");
    assert!(
        json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{json}"
    );
    assert!(
        status.is_client_error() || (status.as_u16() == 503 && code == "busy"),
        "{method} {path}: {status} {json}"
    );
});
