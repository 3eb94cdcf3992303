//! The token: required to bind anything but loopback (or an explicit `--unsafe-no-token`), and
//! checked as a bearer header on every request but `GET /health`. The real binary over a socket.

mod support;

use support::Server;

#[test]
fn a_non_loopback_address_needs_a_token_or_an_explicit_unsafe_flag() {
    for host in ["0.0.0.0", "::"] {
        let output = support::binary()
            .args(["serve", "--host", host, "--port", "0"])
            .env_remove("TTS_TOKEN")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{host}: served without a token");
        assert!(
            stderr.contains("--token") && stderr.contains("--unsafe-no-token") && !stderr.contains("panicked"),
            "{host}: {stderr}"
        );
    }
    // With either, it serves (reachable here through loopback, as 0.0.0.0 includes it).
    let with_token = Server::start_without_waiting_with(&["--host", "0.0.0.0", "--token", "s3cret"]);
    assert_eq!(with_token.get("/health").json()["token_required"], true);
    let unsafe_open = Server::start_without_waiting_with(&["--host", "0.0.0.0", "--unsafe-no-token"]);
    assert_eq!(unsafe_open.get("/health").json()["token_required"], false);
    assert_eq!(unsafe_open.get("/v1/models").status, 200);
}

#[test]
fn requests_without_the_right_bearer_token_are_refused() {
    let server = Server::start_with(&["--token", "s3cret"]);
    let json = ("Content-Type", "application/json");
    let body = br#"{"text":"Hello."}"#;
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cre"),
        Some("Basic czNjcmV0"),
        Some("s3cret"),
    ] {
        let mut headers = vec![json];
        headers.extend(auth.map(|a| ("Authorization", a)));
        for (method, path) in [
            ("POST", "/synthesize"),
            ("POST", "/v1/audio/speech"),
            ("GET", "/voices"),
            ("GET", "/metrics"),
        ] {
            let response = server.request(method, path, &headers, body);
            assert_eq!(response.status, 401, "{method} {path} with {auth:?}");
            assert_eq!(response.json()["error"]["code"], "unauthorized");
            assert_eq!(response.header("www-authenticate").as_deref(), Some("Bearer"));
        }
    }
    // Health stays open, so clients can find the server and learn that it wants a token.
    assert_eq!(server.get("/health").json()["token_required"], true);
    // A browser's preflight carries no credentials; CORS answers it before the token is checked.
    let preflight = server.request(
        "OPTIONS",
        "/synthesize",
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        b"",
    );
    assert!(preflight.status < 300, "preflight {}", preflight.status);

    let auth = ("Authorization", "Bearer s3cret");
    let spoken = server.request("POST", "/synthesize", &[json, auth], body);
    assert_eq!(spoken.status, 200, "{}", spoken.text());
    assert!(spoken.wav().seconds() > 0.3);
    // OpenAI clients send their API key the same way.
    let openai = server.request(
        "POST",
        "/v1/audio/speech",
        &[json, auth],
        br#"{"model":"tts-1","input":"Hello.","response_format":"wav"}"#,
    );
    assert_eq!(openai.status, 200, "{}", openai.text());
}
