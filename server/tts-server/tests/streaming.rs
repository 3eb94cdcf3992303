//! End-to-end tests of the OpenAI-compatible endpoint's streaming, cancellation and word timings,
//! with the real model. (Formats and the official OpenAI client are tested in tests/openai/.)

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::Server;

const PARAGRAPH: &str = "The old lighthouse keeper climbed the stairs at dusk. ";

/// CPU seconds the process has used (user + system), from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

#[test]
fn streamed_pcm_arrives_in_pieces_and_matches_the_whole() {
    let server = Server::start();
    let text = PARAGRAPH.repeat(3);
    let body =
        format!(r#"{{"model":"kokoro","input":"{text}","voice":"af_heart","response_format":"pcm","stream":true}}"#);
    let streamed = server.post_json("/v1/audio/speech", &body);
    assert_eq!(streamed.status, 200, "{}", streamed.text());
    assert_eq!(streamed.header("content-type").as_deref(), Some("audio/pcm"));
    assert_eq!(streamed.header("transfer-encoding").as_deref(), Some("chunked"));
    let samples: Vec<i16> = streamed
        .body
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let seconds = samples.len() as f64 / 24_000.0;
    assert!(
        (6.0..20.0).contains(&seconds),
        "{seconds:.2} s of audio for three sentences"
    );
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    assert!(loud * 10 > samples.len(), "streamed audio is speech, not silence");
}

/// Starts a streamed PCM synthesis of `text` on a raw connection and returns it once the response
/// has begun, so the caller decides when the client goes away.
fn start_stream(server: &Server, text: &str) -> TcpStream {
    let body =
        format!(r#"{{"model":"kokoro","input":"{text}","voice":"af_heart","response_format":"pcm","stream":true}}"#);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut first = [0u8; 4096];
    let n = stream.read(&mut first).unwrap();
    assert!(n > 0 && first.starts_with(b"HTTP/1.1 200"), "streaming started");
    stream
}

#[test]
fn a_client_that_disconnects_stops_the_synthesis() {
    let server = Server::start();
    let pid = server.pid();
    // About three minutes of speech: minutes of CPU if it were all synthesized.
    let stream = start_stream(&server, &PARAGRAPH.repeat(60));
    drop(stream);
    let disconnected = Instant::now();

    // At most the chunk in progress (and one queued) is finished; then the CPU falls idle.
    let mut last = cpu_seconds(pid);
    loop {
        std::thread::sleep(Duration::from_secs(2));
        let now = cpu_seconds(pid);
        if now - last < 0.2 {
            break;
        }
        last = now;
        assert!(
            disconnected.elapsed() < Duration::from_secs(60),
            "server still busy 60 s after the client left"
        );
    }
    let idle_after = disconnected.elapsed().as_secs_f64();
    assert!(idle_after < 45.0, "idle after {idle_after:.1} s");
    assert_eq!(server.get("/health").json()["status"], "ok", "and still serving");
}

#[test]
fn a_full_queue_answers_busy_and_frees_up_again() {
    let server = Server::start_with(&["--queue-depth", "1"]);
    let holder = start_stream(&server, &PARAGRAPH.repeat(20));

    let refused = server.post_json("/synthesize", r#"{"text":"Me too."}"#);
    assert_eq!(refused.status, 503);
    assert_eq!(refused.json()["error"]["code"], "busy");
    // Bad input is still told apart from a full queue.
    assert_eq!(server.post_json("/synthesize", r#"{"text":""}"#).status, 400);

    drop(holder);
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let retry = server.post_json("/synthesize", r#"{"text":"Me too."}"#);
        if retry.status == 200 {
            break;
        }
        assert_eq!(retry.json()["error"]["code"], "busy");
        assert!(Instant::now() < deadline, "queue never freed after the client left");
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn word_timings_are_ordered_inside_the_audio_and_cover_every_word() {
    let server = Server::start();
    let health = server.get("/health").json();
    assert_eq!(
        health["timestamps"], true,
        "the installed model reports durations (run make setup)"
    );
    let text = "The quick brown fox jumps over the lazy dog. 你好，世界。";
    let body = serde_json::json!({ "text": text, "voice": "af_heart", "timestamps": true }).to_string();
    let response = server.post_json("/synthesize", &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let json = response.json();
    assert_eq!(json["sample_rate"], 24_000);
    use base64::Engine as _;
    let wav = base64::engine::general_purpose::STANDARD
        .decode(json["audio"].as_str().unwrap())
        .unwrap();
    let audio_seconds = support::Wav::parse(&wav).seconds();
    let words = json["words"].as_array().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let spoken: Vec<String> = words
        .iter()
        .map(|w| {
            chars[w["char_start"].as_u64().unwrap() as usize..w["char_end"].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    assert_eq!(
        spoken,
        ["The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "你好", "世界"]
    );
    let mut previous_end = 0.0;
    for (w, s) in words.iter().zip(&spoken) {
        assert_eq!(w["word"].as_str(), Some(s.as_str()));
        let (start, end) = (w["start"].as_f64().unwrap(), w["end"].as_f64().unwrap());
        assert!(
            start >= previous_end - 1e-9,
            "{s}: starts at {start} before the previous word ends at {previous_end}"
        );
        assert!(end > start, "{s}: empty span");
        assert!(
            end <= audio_seconds + 1e-6,
            "{s}: ends at {end} after the audio ({audio_seconds})"
        );
        previous_end = end;
    }
}
