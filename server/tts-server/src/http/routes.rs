//! Small routes: health, voices, models, fallbacks.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{AppError, AppState, Load};
use crate::speech::voice_spec::OPENAI_VOICES;
use crate::speech::VoiceInfo;

/// `GET /health`: whether the model is loaded, plus what a client needs to know about us.
pub async fn health(State(state): State<AppState>) -> Response {
    let uptime = state.started.elapsed().as_secs_f64();
    let version = env!("CARGO_PKG_VERSION");
    let mut body = match &*state.load.read().unwrap_or_else(|p| p.into_inner()) {
        Load::Ready(speech) => json!({
            "status": "ok",
            "version": version,
            "voices": speech.engine().voices().len(),
            "sample_rate": tts_engine::SAMPLE_RATE,
            "timestamps": speech.has_durations(),
            "uptime_s": uptime,
        }),
        Load::Loading => json!({ "status": "loading", "version": version, "voices": 0, "uptime_s": uptime }),
        Load::Failed(why) => json!({ "status": "error", "version": version, "voices": 0, "error": why }),
    };
    body["queue"] = json!(state.queue.stats());
    body["token_required"] = json!(state.token_required);
    Json(body).into_response()
}

/// `GET /metrics`: the same counts in Prometheus' text format, for scraping.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let q = state.queue.stats();
    let ready = matches!(&*state.load.read().unwrap_or_else(|p| p.into_inner()), Load::Ready(_));
    let lines = [
        (
            "tts_ready",
            "gauge",
            "1 once the model is loaded",
            u64::from(ready) as f64,
        ),
        (
            "tts_requests_running",
            "gauge",
            "Syntheses holding the engine",
            q.running as f64,
        ),
        (
            "tts_requests_waiting",
            "gauge",
            "Requests waiting for their turn",
            q.waiting as f64,
        ),
        (
            "tts_queue_depth",
            "gauge",
            "Places in the queue (--queue-depth)",
            q.depth as f64,
        ),
        (
            "tts_deadline_seconds",
            "gauge",
            "Longest wait for a turn (--deadline)",
            q.deadline_s,
        ),
        (
            "tts_requests_refused_total",
            "counter",
            "Requests answered 503 busy",
            q.refused_total as f64,
        ),
        (
            "tts_syntheses_completed_total",
            "counter",
            "Syntheses run to their end",
            q.completed_total as f64,
        ),
        (
            "tts_uptime_seconds",
            "gauge",
            "Seconds since start",
            state.started.elapsed().as_secs_f64(),
        ),
    ];
    let mut text = String::new();
    for (name, kind, help, value) in lines {
        text.push_str(&format!(
            "# HELP {name} {help}.\n# TYPE {name} {kind}\n{name} {value}\n"
        ));
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}

/// `GET /voices` and `GET /v1/audio/voices`: every voice with its language and gender, and the
/// OpenAI names we answer to.
pub async fn voices(State(state): State<AppState>) -> Result<Response, AppError> {
    let speech = state.speech()?;
    let voices: Vec<VoiceInfo> = speech.engine().voices().names().map(VoiceInfo::from_id).collect();
    let aliases: serde_json::Map<String, serde_json::Value> = OPENAI_VOICES
        .iter()
        .map(|(openai, kokoro)| (openai.to_string(), json!(kokoro)))
        .collect();
    Ok(Json(json!({ "voices": voices, "openai_aliases": aliases })).into_response())
}

/// Model names the OpenAI-compatible endpoint accepts; all are the one Kokoro model.
pub const MODELS: [&str; 3] = ["kokoro", "tts-1", "tts-1-hd"];

/// `GET /v1/models`, in OpenAI's list shape.
pub async fn models() -> Response {
    let data: Vec<_> = MODELS
        .iter()
        .map(|id| json!({ "id": id, "object": "model", "created": 0, "owned_by": "tts-server" }))
        .collect();
    Json(json!({ "object": "list", "data": data })).into_response()
}

/// Unknown paths.
pub async fn not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint; see GET /health, POST /synthesize, POST /v1/audio/speech, GET /v1/audio/voices",
    )
}

/// Known paths with the wrong method.
pub async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method",
    )
}
