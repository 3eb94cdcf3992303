//! Faults, with the real binary: broken assets at start, and stopping by signal while requests
//! are in flight. (A panic inside a request is tested in `src/http/mod.rs`, through the router.)

mod support;

use std::io::Read;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::Server;

const SENTENCE: &str = "The old lighthouse keeper climbed the stairs at dusk.";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tts-faults-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn broken_assets_stop_the_server_with_doctors_words_not_a_backtrace() {
    let dir = scratch("assets");
    let garbage = dir.join("garbage.bin");
    std::fs::write(&garbage, b"this is not a model, a library or a voice pack").unwrap();
    let bad_voices = dir.join("bad-voices");
    std::fs::create_dir_all(&bad_voices).unwrap();
    std::fs::write(bad_voices.join("af_heart.bin"), [0u8; 100]).unwrap();
    let no_voices = dir.join("no-voices");
    std::fs::create_dir_all(&no_voices).unwrap();
    let missing = dir.join("missing");

    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "missing model",
            vec!["--model".into(), missing.display().to_string()],
            "model",
        ),
        (
            "corrupt model",
            vec!["--model".into(), garbage.display().to_string()],
            "model",
        ),
        (
            "missing runtime",
            vec!["--runtime".into(), missing.display().to_string()],
            "runtime",
        ),
        (
            "corrupt runtime",
            vec!["--runtime".into(), garbage.display().to_string()],
            "runtime",
        ),
        (
            "missing voices",
            vec!["--voices".into(), missing.display().to_string()],
            "voices",
        ),
        (
            "no voice packs",
            vec!["--voices".into(), no_voices.display().to_string()],
            "voices",
        ),
        (
            "corrupt voice pack",
            vec!["--voices".into(), bad_voices.display().to_string()],
            "voices",
        ),
    ];
    for (what, flags, part) in cases {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = Instant::now();
        let mut child = support::binary()
            .args(&flags)
            .args(["serve", "--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("{what}: still running after 60 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert!(!status.success(), "{what}: exit status {status}");
        assert!(
            stderr.contains(&format!("FAIL {part}")) && stderr.contains("fix:") && stderr.contains("make setup"),
            "{what}: doctor's words expected:\n{stderr}"
        );
        for noise in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
            assert!(!stderr.contains(noise), "{what}: {noise:?} in\n{stderr}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits() {
    // A drain deadline far longer than the synthesis, even on a busy machine.
    let mut server = Server::start_with(&["--drain", "120"]);
    let port = server.port;
    let text = format!("{SENTENCE} ").repeat(2);
    let body = format!(r#"{{"text":"{text}"}}"#);
    let response = std::thread::scope(|scope| {
        let request = scope.spawn(|| server.post_json("/synthesize", &body));
        // Signal once the synthesis holds the engine.
        let started = Instant::now();
        while server.get("/health").json()["queue"]["running"] != 1 {
            assert!(started.elapsed() < Duration::from_secs(20), "the request never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        server.signal("TERM");
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "no new connections once stopping"
        );
        request.join().unwrap()
    });
    assert_eq!(response.status, 200, "{}", response.text());
    let seconds = response.wav().seconds();
    assert!(seconds > 4.0, "the whole text was spoken: {seconds:.1} s");
    let status = server.wait_exit(Duration::from_secs(5)).expect("exits once drained");
    assert!(status.success(), "{status}");
}

#[test]
fn ctrl_c_stops_within_the_drain_deadline_even_with_a_long_stream() {
    let mut server = Server::start_with(&["--drain", "1"]);
    let body = format!(
        r#"{{"model":"tts-1","input":"{}","response_format":"pcm","stream":true}}"#,
        format!("{SENTENCE} ").repeat(60)
    );
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    std::io::Write::write_all(
        &mut stream,
        format!(
            "POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let mut first = [0u8; 64];
    assert!(stream.read(&mut first).unwrap() > 0, "the stream started");
    let signalled = Instant::now();
    server.signal("INT");
    let status = server
        .wait_exit(Duration::from_secs(8))
        .expect("exits within the drain deadline, not after minutes of stream");
    eprintln!(
        "exited {:.2} s after SIGINT (drain 1 s)",
        signalled.elapsed().as_secs_f64()
    );
    assert!(status.success(), "{status}");
}
