//! `tts-server doctor`: checks each part of an install on its own and says what to fix.

use std::process::ExitCode;

use serde_json::{json, Value};
use tts_engine::{Model, ModelConfig, Voices};
use tts_text::TextData;

use crate::assets::AssetPaths;

const FIX: &str =
    "run `make setup` (or `python3 scripts/fetch_assets.py`), or point the matching flag/env var at your file";

/// Runs every check, prints the report, and fails when anything is missing.
pub fn run(paths: &AssetPaths, as_json: bool) -> ExitCode {
    let report = report(paths);
    if as_json {
        println!("{report:#}");
    } else {
        print!("{}", render(&report, false));
    }
    if report["ok"] == true {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What `serve` says when the model fails to load: doctor's lines for the parts that failed (all
/// of them when none fails on its own, e.g. a model that loads but cannot run with these voices).
pub fn explain(paths: &AssetPaths) -> String {
    let report = report(paths);
    render(&report, report["ok"] != true)
}

fn report(paths: &AssetPaths) -> Value {
    let model = check_model(paths);
    let voices = match Voices::load_dir(&paths.voices) {
        Ok(v) => json!({ "path": paths.voices, "ok": true, "count": v.len() }),
        Err(e) => json!({ "path": paths.voices, "ok": false, "error": e.to_string(), "fix": FIX }),
    };
    let runtime = match tts_engine::runtime_version(&paths.runtime) {
        Some(version) => json!({ "path": paths.runtime, "ok": true, "version": version }),
        None => json!({ "path": paths.runtime, "ok": false, "version": null, "error": model["error"], "fix": FIX }),
    };
    let text = match TextData::load(&paths.text) {
        Ok(_) => json!({ "path": paths.text, "ok": true }),
        Err(e) => json!({ "path": paths.text, "ok": false, "error": e.to_string(), "fix": FIX }),
    };
    let all_ok = [&model, &voices, &runtime, &text].iter().all(|c| c["ok"] == true);
    json!({ "ok": all_ok, "model": model, "voices": voices, "runtime": runtime, "text": text, "threads": paths.threads })
}

fn check_model(paths: &AssetPaths) -> Value {
    let config = ModelConfig {
        model_path: paths.model.clone(),
        runtime_path: paths.runtime.clone(),
        threads: 1,
    };
    let size = std::fs::metadata(&paths.model).map(|m| m.len()).ok();
    match Model::load(&config) {
        Ok(model) => {
            let io = model.io();
            json!({
                "path": paths.model, "ok": true, "size_bytes": size,
                "inputs": [io.tokens, io.style, io.speed], "audio_output": io.audio, "durations_output": io.durations,
            })
        }
        Err(e) => json!({ "path": paths.model, "ok": false, "size_bytes": size, "error": e.to_string(), "fix": FIX }),
    }
}

/// The report for people, one line per part (with `only_failures`, the failed parts only).
fn render(report: &Value, only_failures: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for part in ["model", "runtime", "voices", "text"] {
        let check = &report[part];
        if only_failures && check["ok"] == true {
            continue;
        }
        let mark = if check["ok"] == true { "ok  " } else { "FAIL" };
        let path = check["path"].as_str().unwrap_or("?");
        let detail = match part {
            "runtime" => check["version"]
                .as_str()
                .map(|v| format!(" (ONNX Runtime {v})"))
                .unwrap_or_default(),
            "voices" => check["count"]
                .as_u64()
                .map(|n| format!(" ({n} voices)"))
                .unwrap_or_default(),
            "model" => check["size_bytes"]
                .as_u64()
                .map(|n| format!(" ({:.1} MB)", n as f64 / 1e6))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let _ = writeln!(out, "{mark} {part:<8} {path}{detail}");
        if let Some(error) = check["error"].as_str() {
            let _ = writeln!(out, "     error: {error}");
            let _ = writeln!(out, "     fix:   {FIX}");
        }
    }
    out
}
