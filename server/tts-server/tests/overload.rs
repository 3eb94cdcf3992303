//! Overload, with the real binary and model: more clients than the engine can serve get a quick,
//! explicit 503 `busy` with `Retry-After`, never silence; a client that leaves gives its place back.

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::Server;

const SENTENCE: &str = "The old lighthouse keeper climbed the stairs at dusk.";
const DEADLINE_S: f64 = 4.0;

fn queue(server: &Server) -> (u64, u64) {
    let health = server.get("/health").json();
    (
        health["queue"]["running"].as_u64().unwrap(),
        health["queue"]["waiting"].as_u64().unwrap(),
    )
}

#[test]
fn twenty_four_clients_each_get_speech_or_a_quick_busy_with_retry_after() {
    let deadline = DEADLINE_S.to_string();
    let server = Server::start_with(&["--deadline", &deadline]);
    // One request alone, for the time a turn takes on this machine now.
    let body = format!(r#"{{"text":"{SENTENCE}"}}"#);
    let started = Instant::now();
    assert_eq!(server.post_json("/synthesize", &body).status, 200);
    let solo = started.elapsed().as_secs_f64();

    let openai = format!(r#"{{"model":"tts-1","input":"{SENTENCE}","response_format":"pcm","stream":true}}"#);
    // Silence for this long is a hang: far past anything the deadline allows.
    let patience = Duration::from_secs_f64(DEADLINE_S + solo + 30.0);
    let results: Vec<(usize, u16, Option<String>, String, f64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let (server, body, openai) = (&server, &body, &openai);
                scope.spawn(move || {
                    let (path, body) = if i % 3 == 2 {
                        ("/v1/audio/speech", openai.as_str())
                    } else {
                        ("/synthesize", body.as_str())
                    };
                    let headers = [("Content-Type", "application/json")];
                    let started = Instant::now();
                    let response = server
                        .request_within("POST", path, &headers, body.as_bytes(), patience)
                        .unwrap_or_else(|e| panic!("client {i}: no answer within {patience:?}: {e}"));
                    let seconds = started.elapsed().as_secs_f64();
                    let code = serde_json::from_slice::<serde_json::Value>(&response.body)
                        .ok()
                        .and_then(|j| j["error"]["code"].as_str().map(str::to_string))
                        .unwrap_or_default();
                    (i, response.status, response.header("retry-after"), code, seconds)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut ok = 0;
    let mut busy = 0;
    for (i, status, retry_after, code, seconds) in &results {
        match status {
            200 => {
                ok += 1;
                // Its turn came before the deadline; then one synthesis (slack for a busy machine).
                let limit = DEADLINE_S + 2.0 + 2.0 * solo;
                assert!(
                    *seconds <= limit,
                    "client {i}: 200 after {seconds:.1} s (limit {limit:.1})"
                );
            }
            503 => {
                busy += 1;
                assert_eq!(code, "busy", "client {i}");
                let retry: u64 = retry_after
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .unwrap_or_else(|| panic!("client {i}: 503 without a Retry-After in seconds"));
                assert!((1..=60).contains(&retry), "client {i}: Retry-After {retry}");
                assert!(
                    *seconds <= DEADLINE_S + 2.0,
                    "client {i}: busy only after {seconds:.1} s (deadline {DEADLINE_S} s)"
                );
            }
            other => panic!("client {i}: status {other} ({code})"),
        }
    }
    eprintln!("solo {solo:.2} s; 24 clients: {ok} × 200, {busy} × 503");
    assert!(ok >= 1, "someone was served");
    assert!(busy >= 1, "24 at once must overflow a {DEADLINE_S} s deadline");

    assert_eq!(queue(&server), (0, 0), "nothing left running or waiting");
    let metrics = server.get("/metrics");
    assert_eq!(metrics.status, 200);
    let text = metrics.text();
    let refused: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("tts_requests_refused_total "))
        .and_then(|v| v.parse().ok())
        .expect("tts_requests_refused_total in /metrics");
    assert_eq!(refused, busy, "{text}");
    assert!(
        text.contains("# TYPE tts_requests_waiting gauge\ntts_requests_waiting 0\n"),
        "{text}"
    );
}

/// Sends a request on a raw connection and returns the connection without reading.
fn send(server: &Server, path: &str, body: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    stream
}

fn wait_for(server: &Server, want: (u64, u64), within: Duration, what: &str) -> f64 {
    let started = Instant::now();
    loop {
        let now = queue(server);
        if now == want {
            return started.elapsed().as_secs_f64();
        }
        assert!(
            started.elapsed() < within,
            "{what}: (running, waiting) = {now:?}, want {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_client_that_leaves_gives_its_place_back_at_once() {
    // A long deadline, so only leaving can free the waiting place.
    let server = Server::start_with(&["--deadline", "120"]);
    let long = format!(r#"{{"text":"{}"}}"#, format!("{SENTENCE} ").repeat(40));
    let running = send(&server, "/synthesize", &long);
    wait_for(&server, (1, 0), Duration::from_secs(10), "the long request runs");
    let waiting = send(&server, "/synthesize", &format!(r#"{{"text":"{SENTENCE}"}}"#));
    wait_for(&server, (1, 1), Duration::from_secs(10), "the second waits");

    drop(waiting);
    let freed = wait_for(&server, (1, 0), Duration::from_secs(2), "the waiting client left");
    eprintln!("waiting place freed {freed:.2} s after the client left");

    // A whole response in the middle of its synthesis: stopped at once, the model run in progress
    // included (its chunk of ~500 tokens is ~9 s of inference on 2 cores; 40 sentences are a
    // minute or more of work at full length).
    drop(running);
    let stopped = wait_for(&server, (0, 0), Duration::from_secs(3), "the running client left");
    eprintln!("running synthesis stopped {stopped:.2} s after its client left");
}
