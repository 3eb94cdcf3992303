//! Bad input, a table of it: every malformed request answers a 4xx with the JSON error shape, and
//! the server still speaks afterwards. The real binary and model, over a socket.

mod support;

use support::Server;

/// One malformed request and what it must get back.
struct Case {
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    status: u16,
    /// Any of these codes.
    codes: Vec<&'static str>,
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

fn post(path: &'static str, body: impl Into<Vec<u8>>, status: u16, codes: &[&'static str]) -> Case {
    Case {
        method: "POST",
        path,
        headers: vec![(JSON.0, JSON.1.into())],
        body: body.into(),
        status,
        codes: codes.to_vec(),
    }
}

/// Text that holds nothing to speak, as JSON string literals (escapes as a client would send them).
const UNSPEAKABLE: &[&str] = &[
    r#""\u0000""#,
    r#""\u0001\u0002\u0003""#,
    r#""\u0007\u0008\u000b\u000c""#,
    r#""\u001b[\u001b[""#,
    r#""\u007f\u0080\u009f""#,
    r#""...""#,
    r#""?!?!""#,
    r#"",;:""#,
    r#""—…–""#,
    r#""()[]{}""#,
    r#""$%^&*""#,
    r##""#@~`|\\/""##,
    r#""+-=<>""#,
    r#""。，、！？""#,
    r#""《》「」""#,
    r#""！＂＃＄""#,
    r#""😀🎉👍""#,
    r#""\ud83d\ude00""#,
    r#""\u200b""#,
    r#""\u200b\u200c\u200d\u2060\ufeff""#,
    r#""\u200e\u200f\u202a\u202e""#,
    r#""\u0301\u0302""#,
    r#""\ue000\uf8ff""#,
    r#""┌─┐│└┘""#,
    r#""∑∫√∞""#,
    r#""←↑→↓""#,
    r#""♪♫""#,
    r#""\u00ad""#,
    r#""\u2800""#,
    r#""\ufffd\ufffd""#,
    r#"". . . ! ? ,""#,
    r#""\u0000.\u200b,\u0001""#,
];

/// Whitespace of every kind is "empty", not "nothing to speak".
const BLANK: &[&str] = &[
    r#""""#,
    r#"" ""#,
    r#""\n\t\r""#,
    r#""\u00a0""#,
    r#""\u3000""#,
    r#""\u2028\u2029""#,
];

/// Strings JSON cannot carry: lone surrogates and raw control characters.
const NOT_JSON_STRINGS: &[&str] = &[
    r#""\ud800""#,
    r#""\udc00""#,
    r#""a\ud83d b""#,
    r#""\ud83d\u0041""#,
    r#""\udfff\ud800""#,
    "\"a\u{1}b\"",
    "\"line\nbreak\"",
];

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let both = |text: &str| {
        [
            ("/synthesize", format!(r#"{{"text":{text}}}"#)),
            ("/v1/audio/speech", format!(r#"{{"model":"tts-1","input":{text}}}"#)),
        ]
    };
    for text in UNSPEAKABLE {
        for (path, body) in both(text) {
            cases.push(post(path, body, 400, &["nothing_to_speak"]));
        }
    }
    for text in BLANK {
        for (path, body) in both(text) {
            cases.push(post(path, body, 400, &["empty_text"]));
        }
    }
    for text in NOT_JSON_STRINGS {
        for (path, body) in both(text) {
            cases.push(post(path, body, 400, &["invalid_json"]));
        }
    }
    // Valid JSON that is not an object: serde would read `["Hi"]` into a struct positionally.
    for body in [
        r#"["Hi"]"#,
        r#"[{"text":"Hi"}]"#,
        "[]",
        r#""Hi""#,
        "42",
        "null",
        "true",
        r#" [ "Hi", "af_heart" ]"#,
    ] {
        cases.push(post("/synthesize", body, 400, &["invalid_request"]));
        cases.push(post("/v1/audio/speech", body, 400, &["invalid_request"]));
    }
    // Broken JSON.
    let deep = format!(r#"{{"text":"Hi","x":{}{}}}"#, "[".repeat(5000), "]".repeat(5000));
    for body in [
        "{".to_string(),
        r#"{"text":}"#.into(),
        r#"{"text":"Hi",}"#.into(),
        "{'text':'Hi'}".into(),
        r#"{"text":"Hi"}garbage"#.into(),
        r#"{"text":"Hi"}{}"#.into(),
        r#"{"text":"Hi"#.into(),
        String::new(),
        "   ".into(),
        "\u{feff}{\"text\":\"Hi\"}".into(),
        r#"{"text":"\x"}"#.into(),
        r#"{"text":"\u12"}"#.into(),
    ] {
        let openai = body.replace(r#""text""#, r#""model":"tts-1","input""#);
        cases.push(post("/synthesize", body, 400, &["invalid_json"]));
        cases.push(post("/v1/audio/speech", openai, 400, &["invalid_json"]));
    }
    // Nested past serde_json's recursion limit (/synthesize refuses the unknown field first).
    // (/v1/audio/speech skips unknown fields without recursing, so the same body is fine there.)
    cases.push(post("/synthesize", deep, 400, &["invalid_request"]));
    let deep_array = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    cases.push(post("/synthesize", deep_array.clone(), 400, &["invalid_request"]));
    cases.push(post("/v1/audio/speech", deep_array, 400, &["invalid_request"]));
    cases.push(post(
        "/synthesize",
        b"{\"text\":\"\xff\xfe\"}".to_vec(),
        400,
        &["invalid_json"],
    ));
    cases.push(post(
        "/synthesize",
        b"{\"text\":\"Hi\0\"}".to_vec(),
        400,
        &["invalid_json"],
    ));
    // Wrong shapes and values on /synthesize.
    for (body, code) in [
        ("{}", "invalid_request"),
        (r#"{"text":null}"#, "invalid_request"),
        (r#"{"text":42}"#, "invalid_request"),
        (r#"{"text":["Hi"]}"#, "invalid_request"),
        (r#"{"text":{"a":1}}"#, "invalid_request"),
        (r#"{"text":"a","text":"b"}"#, "invalid_request"),
        (r#"{"text":"Hi","speed":"fast"}"#, "invalid_request"),
        (r#"{"text":"Hi","speed":-1}"#, "invalid_speed"),
        (r#"{"text":"Hi","speed":0}"#, "invalid_speed"),
        (r#"{"text":"Hi","speed":1e39}"#, "invalid_speed"),
        (r#"{"text":"Hi","speed":2.01}"#, "invalid_speed"),
        (r#"{"text":"Hi","voice":""}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"af_heart(0)"}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"af_heart(-1)"}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"af_heart(abc)"}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"a+"}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"+"}"#, "invalid_voice"),
        (
            r#"{"text":"Hi","voice":"af_heart+af_sky+af_bella+af_nova+af_sarah+af_kore+af_alloy+af_aoede+af_river"}"#,
            "invalid_voice",
        ),
        (r#"{"text":"Hi","voice":"../../etc/passwd"}"#, "invalid_voice"),
        (r#"{"text":"Hi","voice":"AF_HEART"}"#, "unknown_voice"),
        (r#"{"text":"Hi","voice":42}"#, "invalid_request"),
        (r#"{"text":"Hi","lang":""}"#, "unsupported_language"),
        (r#"{"text":"Hi","lang":"fr"}"#, "unsupported_language"),
        (r#"{"text":"Hi","lang":5}"#, "invalid_request"),
        (r#"{"text":"Hi","timestamps":"yes"}"#, "invalid_request"),
        (r#"{"text":"Hi","strict_misaki":1}"#, "invalid_request"),
        (r#"{"text":"Hi","model":"tts-1"}"#, "invalid_request"),
    ] {
        cases.push(post("/synthesize", body, 400, &[code]));
    }
    // Wrong shapes and values on /v1/audio/speech.
    for (body, code) in [
        (r#"{"input":"Hi"}"#, "invalid_request"),
        (r#"{"model":"tts-1"}"#, "invalid_request"),
        (r#"{"model":"gpt-4","input":"Hi"}"#, "model_not_found"),
        (r#"{"model":5,"input":"Hi"}"#, "invalid_request"),
        (
            r#"{"model":"tts-1","input":"Hi","response_format":"aac"}"#,
            "unsupported_response_format",
        ),
        (
            r#"{"model":"tts-1","input":"Hi","response_format":"wav2"}"#,
            "invalid_response_format",
        ),
        (
            r#"{"model":"tts-1","input":"Hi","response_format":""}"#,
            "invalid_response_format",
        ),
        (
            r#"{"model":"tts-1","input":"Hi","stream_format":"sse"}"#,
            "unsupported_stream_format",
        ),
        (r#"{"model":"tts-1","input":"Hi","speed":5}"#, "invalid_speed"),
        (r#"{"model":"tts-1","input":"Hi","speed":0.1}"#, "invalid_speed"),
        (r#"{"model":"tts-1","input":"Hi","voice":"nobody"}"#, "unknown_voice"),
        (r#"{"model":"tts-1","input":"Hi","lang":"xx"}"#, "unsupported_language"),
        (r#"{"model":"tts-1","input":"Hi","stream":"yes"}"#, "invalid_request"),
    ] {
        cases.push(post("/v1/audio/speech", body, 400, &[code]));
    }
    // Sizes.
    let long = "a".repeat(20_001);
    cases.push(post(
        "/synthesize",
        format!(r#"{{"text":"{long}"}}"#),
        413,
        &["text_too_long"],
    ));
    cases.push(post(
        "/v1/audio/speech",
        format!(r#"{{"model":"tts-1","input":"{long}"}}"#),
        413,
        &["text_too_long"],
    ));
    cases.push(post("/synthesize", vec![b' '; 200 * 1024], 413, &["body_too_large"]));
    cases.push(post(
        "/v1/audio/speech",
        vec![b'{'; 200 * 1024],
        413,
        &["body_too_large"],
    ));
    // Content types.
    for content_type in [
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "json",
    ] {
        for path in ["/synthesize", "/v1/audio/speech"] {
            let mut case = post(
                path,
                r#"{"text":"Hi","model":"tts-1","input":"Hi"}"#,
                415,
                &["unsupported_media_type"],
            );
            case.headers = if content_type.is_empty() {
                vec![]
            } else {
                vec![("Content-Type", content_type.into())]
            };
            cases.push(case);
        }
    }
    // Hosts, routes, methods.
    for host in [
        "evil.example",
        "evil.example:9527",
        "127.0.0.1.evil.example",
        "localhost.:9527",
    ] {
        cases.push(Case {
            method: "GET",
            path: "/health",
            headers: vec![("Host", host.into())],
            body: vec![],
            status: 403,
            codes: vec!["forbidden_host"],
        });
    }
    for (method, path, status, code) in [
        ("GET", "/nope", 404, "not_found"),
        ("GET", "/synthesize/", 404, "not_found"),
        ("GET", "/../etc/passwd", 404, "not_found"),
        ("GET", "/v1/audio/speech/../../health/x", 404, "not_found"),
        ("GET", "/synthesize", 405, "method_not_allowed"),
        ("DELETE", "/synthesize", 405, "method_not_allowed"),
        ("PUT", "/v1/audio/speech", 405, "method_not_allowed"),
        ("GET", "/v1/audio/speech", 405, "method_not_allowed"),
        ("POST", "/health", 405, "method_not_allowed"),
        ("PATCH", "/voices", 405, "method_not_allowed"),
    ] {
        cases.push(Case {
            method,
            path,
            headers: vec![],
            body: vec![],
            status,
            codes: vec![code],
        });
    }
    cases
}

#[test]
fn every_malformed_request_answers_4xx_json_and_the_server_still_speaks() {
    let server = Server::start();
    let cases = cases();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let headers: Vec<(&str, &str)> = case.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = server.request(case.method, case.path, &headers, &case.body);
        let shown = String::from_utf8_lossy(&case.body[..case.body.len().min(80)]).into_owned();
        let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
        let code = json
            .as_ref()
            .and_then(|j| j["error"]["code"].as_str())
            .unwrap_or("<none>")
            .to_string();
        let shaped = json.as_ref().is_some_and(|j| {
            j["error"]["message"].as_str().is_some_and(|m| !m.is_empty())
                && j["error"]["type"] == "invalid_request_error"
        });
        let json_type = response
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json"));
        let code_ok = case.codes.contains(&code.as_str());
        if response.status != case.status || !code_ok || !shaped || !json_type {
            failures.push(format!(
                "{} {} {shown:?}: got {} {code} ({:.160}), want {} {:?}",
                case.method,
                case.path,
                response.status,
                response.text(),
                case.status,
                case.codes
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    // Still up, and text with a word among the noise is spoken.
    assert_eq!(server.get("/health").json()["status"], "ok");
    let mixed = server.post_json("/synthesize", r#"{"text":"\u200b\u0001 Hello \u0007 …"}"#);
    assert_eq!(mixed.status, 200, "{}", mixed.text());
    assert!(mixed.wav().seconds() > 0.2);
}
