//! End-to-end tests: the real binary, the real model, real HTTP over a socket.
//!
//! They need the assets from `make setup`; without them they fail and say so.

mod support;

use support::{Server, Wav};

/// Audible speech, not silence or a click: overall level and the share of voiced 20 ms windows.
fn assert_speech(wav: &Wav, min_s: f64, max_s: f64) {
    assert_eq!(
        (wav.channels, wav.sample_rate, wav.bits),
        (1, 24_000, 16),
        "PCM16 24 kHz mono"
    );
    let seconds = wav.seconds();
    assert!(
        (min_s..=max_s).contains(&seconds),
        "duration {seconds:.2} s outside {min_s}–{max_s} s"
    );
    let rms = wav.rms(0, wav.samples.len());
    assert!(rms > 0.01, "RMS {rms:.4}: silent");
    let window = 480;
    let windows = wav.samples.len() / window;
    let voiced = (0..windows)
        .filter(|w| wav.rms(w * window, (w + 1) * window) > 0.01)
        .count();
    assert!(
        voiced * 10 >= windows * 3,
        "only {voiced} of {windows} windows carry sound"
    );
}

#[test]
fn speaks_english_and_mandarin_and_rejects_bad_input() {
    let server = Server::start();

    let health = server.get("/health");
    assert_eq!(health.status, 200);
    let health = health.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["voices"], 54);
    assert!(health["version"].is_string());

    let english = server.post_json("/synthesize", r#"{"text":"Hello, this is a test","voice":"af_heart"}"#);
    assert_eq!(english.status, 200, "{}", english.text());
    assert_eq!(english.header("content-type").as_deref(), Some("audio/wav"));
    assert_speech(&english.wav(), 1.0, 4.0);

    let mandarin = server.post_json("/synthesize", r#"{"text":"你好，世界。","voice":"zf_xiaobei"}"#);
    assert_eq!(mandarin.status, 200, "{}", mandarin.text());
    assert_speech(&mandarin.wav(), 0.8, 4.0);

    let slow = server.post_json(
        "/synthesize",
        r#"{"text":"Hello, this is a test","voice":"af_heart","speed":0.5}"#,
    );
    assert!(
        slow.wav().seconds() > english.wav().seconds() * 1.5,
        "speed 0.5 is slower"
    );

    let long_text = "a".repeat(20_001);
    let cases: Vec<(String, u16, &str)> = vec![
        (r#"{"text":"Hi","voice":"xx_nobody"}"#.into(), 400, "unknown_voice"),
        (r#"{"text":""}"#.into(), 400, "empty_text"),
        (r#"{"text":"  \n\t "}"#.into(), 400, "empty_text"),
        (r#"{"text":"Hi","speed":3.0}"#.into(), 400, "invalid_speed"),
        (r#"{"text":"Hi","speed":0.1}"#.into(), 400, "invalid_speed"),
        (r#"{"text":"Hi","lang":"klingon"}"#.into(), 400, "unsupported_language"),
        (
            r#"{"text":"Hi","voice":"jf_alpha"}"#.into(),
            400,
            "unsupported_language",
        ),
        (format!(r#"{{"text":"{long_text}"}}"#), 413, "text_too_long"),
        (r#"{"text": "Hi""#.into(), 400, "invalid_json"),
        (r#"{"voice":"af_heart"}"#.into(), 400, "invalid_request"),
        (r#"{"text":"Hi","volume":3}"#.into(), 400, "invalid_request"),
        (r#""just a string""#.into(), 400, "invalid_request"),
    ];
    for (body, status, code) in cases {
        let response = server.post_json("/synthesize", &body);
        assert_eq!(response.status, status, "{body:.80}: {:.200}", response.text());
        let error = response.json();
        assert_eq!(error["error"]["code"], code, "{body:.80}");
        assert!(error["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let unknown = server
        .post_json("/synthesize", r#"{"text":"Hi","voice":"xx_nobody"}"#)
        .json();
    assert!(
        unknown["error"]["message"].as_str().unwrap().contains("af_heart"),
        "lists valid voices"
    );

    let wrong_type = server.request(
        "POST",
        "/synthesize",
        &[("Content-Type", "text/plain")],
        b"{\"text\":\"Hi\"}",
    );
    assert_eq!(wrong_type.status, 415);
    assert_eq!(wrong_type.json()["error"]["code"], "unsupported_media_type");

    let huge = vec![b' '; 200 * 1024];
    let too_big = server.request("POST", "/synthesize", &[("Content-Type", "application/json")], &huge);
    assert_eq!(too_big.status, 413);

    let rebinding = server.request("GET", "/health", &[("Host", "evil.example:9527")], b"");
    assert_eq!(rebinding.status, 403);
    assert_eq!(rebinding.json()["error"]["code"], "forbidden_host");

    assert_eq!(server.get("/nope").json()["error"]["code"], "not_found");
    assert_eq!(server.request("GET", "/synthesize", &[], b"").status, 405);

    // After all that, still up and still speaking.
    assert_eq!(server.get("/health").json()["status"], "ok");
    let again = server.post_json("/synthesize", r#"{"text":"Still here."}"#);
    assert_eq!(again.status, 200);
}

#[test]
fn cors_allows_loopback_pages_and_private_network_preflight() {
    let server = Server::start_without_waiting();
    let preflight = server.request(
        "OPTIONS",
        "/synthesize",
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
            ("Access-Control-Request-Private-Network", "true"),
        ],
        b"",
    );
    assert!(preflight.status < 300, "preflight status {}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert_eq!(
        preflight.header("access-control-allow-private-network").as_deref(),
        Some("true")
    );
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .contains("POST"));

    // A page may read a busy answer's Retry-After (tts-client waits it out).
    let answer = server.request("GET", "/health", &[("Origin", "http://localhost:5173")], b"");
    assert_eq!(
        answer.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert!(answer
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .contains("retry-after"));

    let foreign = server.request(
        "OPTIONS",
        "/synthesize",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(foreign.header("access-control-allow-origin"), None);
}

#[test]
fn say_writes_a_wav_and_phonemize_prints_one_line_per_line() {
    let dir = std::env::temp_dir().join(format!("tts-say-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.wav");
    let status = support::binary()
        .args(["say", "Good morning.", "--voice", "af_bella", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_speech(&Wav::parse(&std::fs::read(&out).unwrap()), 0.5, 4.0);

    for (lang, input) in [("en-us", "Hello world.\n\nTwo lines?\n"), ("zh", "你好。\n\n世界！\n")] {
        let output = support::run_with_stdin(&["phonemize", "--lang", lang], input);
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 3, "{lang}: one line out per line in: {output:?}");
        assert!(
            !lines[0].is_empty() && lines[1].is_empty() && !lines[2].is_empty(),
            "{lang}: {lines:?}"
        );
    }

    // Mixed text: English words inside Chinese are read as English, unless misaki's exact
    // behaviour (copy them through unread) is asked for.
    let mixed = "我在用 Debian 写代码。\n";
    let read = support::run_with_stdin(&["phonemize", "--lang", "zh"], mixed);
    let strict = support::run_with_stdin(&["phonemize", "--lang", "zh", "--strict-misaki"], mixed);
    assert!(
        strict.contains("Debian") && !read.contains("Debian"),
        "{read:?} vs {strict:?}"
    );
    assert!(read.contains("dˈɛb"), "Debian read as English: {read:?}");
    // English: units are read as words, except in misaki's exact mode (which spells them).
    let units = "It is 5 km long.\n";
    let read = support::run_with_stdin(&["phonemize", "--lang", "en-us"], units);
    let strict = support::run_with_stdin(&["phonemize", "--lang", "en-us", "--strict-misaki"], units);
    assert!(
        read.contains("kəlˈɑm") && strict.contains("kˌAˈɛm"),
        "{read:?} vs {strict:?}"
    );

    let bad = support::binary()
        .args(["say", "Hi", "--voice", "nobody", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown voice"));
}

/// The in-browser engine's assets: model, every voice, text data, and a manifest of them whose
/// sizes and sha256 values match the files. The checksums are compared with the pins in
/// `scripts/assets.json` (an independent record), not only recomputed the same way.
#[test]
fn export_web_assets_lists_every_file_with_its_size_and_checksum() {
    use sha2::{Digest, Sha256};

    let web = std::env::temp_dir().join(format!("tts-web-{}", std::process::id()));
    assert!(support::binary()
        .arg("export-web-assets")
        .arg(&web)
        .status()
        .unwrap()
        .success());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(web.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["voices"].as_array().unwrap().len(), 54);
    let files = manifest["files"].as_object().unwrap();
    for (file, info) in files {
        let bytes = std::fs::read(web.join(file)).unwrap();
        assert_eq!(bytes.len() as u64, info["bytes"].as_u64().unwrap(), "{file}");
        let sha = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(info["sha256"].as_str(), Some(sha.as_str()), "{file}");
    }
    let pins: serde_json::Value = serde_json::from_str(include_str!("../../scripts/assets.json")).unwrap();
    for (name, sha) in pins["voices"]["files"].as_object().unwrap() {
        assert_eq!(files[&format!("voices/{name}")]["sha256"], *sha, "{name}");
    }
    // The default model is the timestamped one (durations for word timing in the browser too).
    let model = &pins["model-timestamped"]["files"]["kokoro-v1.0.int8.timestamped.onnx"];
    assert_eq!(files["model.onnx"]["sha256"], *model);
    assert!(web.join("voices/zf_xiaobei.bin").is_file() && web.join("text/misaki/us_gold.json").is_file());
    std::fs::remove_dir_all(&web).unwrap();
}

/// Seconds of near-silence (20 ms windows below RMS 0.003) at the end of the audio.
fn trailing_silence(wav: &Wav) -> f64 {
    let window = 480;
    let windows = wav.samples.len() / window;
    let quiet = (0..windows)
        .rev()
        .take_while(|w| wav.rms(w * window, (w + 1) * window) < 0.003)
        .count();
    (quiet * window) as f64 / f64::from(wav.sample_rate)
}

#[test]
fn a_piece_that_continues_is_not_read_as_the_end_of_an_utterance() {
    let server = Server::start();
    for (text, voice) in [("Obama admits", "af_heart"), ("宇航员在太空中", "zf_xiaobei")] {
        let closed = server.post_json("/synthesize", &format!(r#"{{"text":"{text}","voice":"{voice}"}}"#));
        let open = server.post_json(
            "/synthesize",
            &format!(r#"{{"text":"{text}","voice":"{voice}","continues":true}}"#),
        );
        assert_eq!((closed.status, open.status), (200, 200), "{}", open.text());
        let (closed, open) = (closed.wav(), open.wav());
        assert_speech(&open, 0.5, 3.0);
        // The model lengthens an utterance's last syllable and adds silence after it; a piece
        // that goes on in the next request gets neither (its synthesis is that much shorter).
        assert!(
            open.seconds() < closed.seconds() - 0.25,
            "{text}: {:.2} s open, {:.2} s closed",
            open.seconds(),
            closed.seconds()
        );
        assert!(
            trailing_silence(&open) < trailing_silence(&closed),
            "{text}: trailing silence {:.2} s open, {:.2} s closed",
            trailing_silence(&open),
            trailing_silence(&closed)
        );
    }

    // Word timings still cover every word, within the audio.
    let timed = server.post_json(
        "/synthesize",
        r#"{"text":"Obama admits","voice":"af_heart","continues":true,"timestamps":true}"#,
    );
    assert_eq!(timed.status, 200, "{}", timed.text());
    let body = timed.json();
    let words = body["words"].as_array().expect("words");
    assert_eq!(words.len(), 2, "{body:.300}");
    let wav = Wav::parse(
        &base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            body["audio"].as_str().unwrap(),
        )
        .unwrap(),
    );
    let last_end = words[1]["end"].as_f64().unwrap();
    assert!(
        last_end > words[1]["start"].as_f64().unwrap() && last_end <= wav.seconds() + 1e-6,
        "last word ends at {last_end} of {:.2} s",
        wav.seconds()
    );

    let bad = server.post_json("/synthesize", r#"{"text":"Hi","continues":"yes"}"#);
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "invalid_request");
}
